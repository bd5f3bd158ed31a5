// Issue 10: "Validation errors on the restrict and grant forms (need-to-know admin) show zod's 'expected
// string' wording". Every page form, found the way a user finds it (on the pages of a referral, an episode
// and the admin pages, as a manager and as a practitioner), is sent empty and then with garbage: nothing a
// user reads may be zod's default wording ("Invalid input", "expected string", "Too big", "Required"...).
// The words come from one mapping (src/web/vocabulary.ts pageMessage); a form added later is walked too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/testApp.ts';
import { PageSession, hiddenField } from '../support/browserSession.ts';
import { pageMessage } from '../../src/web/vocabulary.ts';
import { SITES, aReferral, anOpenEpisode, type MadeReferral, type OpenEpisode } from '../support/factories.ts';

const SITE = SITES.hampshire;

/** zod 4's (and 3's) default messages, as they would reach a page. */
const ZOD_DEFAULTS =
  /Invalid input|Invalid option|Invalid (string|email|date|uuid|UUID|url|number|type|enum|literal)|Too (big|small):|[Ee]xpected (a |an )?(string|number|boolean|array|object|date|bigint|nonoptional|never)\b|(>|")\s*Required\s*(<|")|Invalid element|Unrecognized key/;

/** The text of the page a user reads: visible words, without scripts, styles or attribute values. */
function words(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&rsquo;/g, "'")
    .replace(/\s+/g, ' ');
}

interface Form {
  action: string;
  from: string;
  fields: string[];
}

/** Every POST form of a page: where it posts and the names of its fields. */
function formsOf(html: string, from: string): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = m[1] ?? '';
    if (!/method="post"/i.test(attrs)) continue;
    const action = /action="([^"]*)"/.exec(attrs)?.[1] ?? from;
    const fields = [...new Set([...(m[2] ?? '').matchAll(/\sname="([^"]+)"/g)].map((f) => f[1] ?? ''))];
    forms.push({ action: action.replace(/&amp;/g, '&'), from, fields });
  }
  return forms;
}

/** Garbage as a careless or hostile user types it, by field. */
function garbage(field: string): string {
  if (/-(day|month)$/.test(field)) return '99';
  if (/-year$/.test(field)) return 'year';
  if (/email/i.test(field)) return 'not an email '.repeat(30);
  if (/version|id$/i.test(field)) return 'not-a-number';
  return 'x'.repeat(6000);
}

/** Where a form must never post: it ends the session the walk runs in. */
const NOT_POSTED = /^\/sign-(out|in)\b/;
/** Links not followed: files, the design system's assets, signing out. */
const SKIP_LINK = /^\/(api|fhir|nhsuk|static|sign-out)\b|\.(pdf|csv|js|css|png|svg|ico)$/;
const MAX_PAGES = 400;

let t: TestApp;
let manager: TestUser;
let admin: TestUser;
let referrer: TestUser;
let practitioner: TestUser;
let referral: MadeReferral;
let episode: OpenEpisode;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation South Central' });
  admin = await t.user('admin');
  manager = await t.user('manager', { sites: [SITE] });
  practitioner = await t.user('practitioner', { sites: [SITE] });
  referral = await aReferral(t, referrer, SITE);
  episode = await anOpenEpisode(t, { referrer, manager }, SITE, { lead: practitioner });
});
afterAll(() => t.close());

/** The page addresses of the app (GET, not the API), with their record ids filled in; unknown ids left out. */
function pagesOf(routes: readonly string[]): string[] {
  const urls = new Set<string>();
  for (const route of routes) {
    const [method, path = ''] = route.split(' ');
    if (method !== 'GET' || /^\/(api|fhir|nhsuk|static)\b/.test(path) || /\.(pdf|csv|js|css)$/.test(path)) continue;
    const filled = path
      .replace(/^\/referrals\/:id/, `/referrals/${referral.id}`)
      .replace(/^\/episodes\/:id/, `/episodes/${episode.id}`);
    if (!filled.includes(':')) urls.add(filled);
  }
  // The release plan's own pages, by their items.
  return [...urls];
}

describe('zod defaults in plain words (the one mapping)', () => {
  it.each([
    ['Too big: expected string to have <=320 characters', 'Must be 320 characters or fewer'],
    ['Too small: expected string to have >=1 characters', 'Answer this question'],
    ['Too small: expected array to have >=1 items', 'Answer this question'],
    ['Too big: expected number to be <=100', 'Must be 100 or less'],
    ['Invalid email address', 'Enter an email address in the correct format, like name@example.com'],
    ['Invalid UUID', 'Check this answer'],
    ['Invalid input', 'Check this answer'],
    ['Required', 'Answer this question'],
    ['Expected string, received number', 'Check this answer'],
    ['Enter a real date, like 2026-12-31', 'Enter a real date, like 31 12 2026'],
    ['Expected release date changed', 'Expected release date changed'],
  ])('%s → %s', (zod, plain) => {
    expect(pageMessage(zod)).toBe(plain);
  });
});

describe('every page form says what is wrong in plain words', () => {
  it.each([
    ['manager', () => manager],
    ['practitioner', () => practitioner],
    ['admin', () => admin],
    ['referrer', () => referrer],
  ] as const)(
    'as a %s: empty and garbage posts never show zod wording',
    async (who, user) => {
      const page = await PageSession.signedIn(t.app, user());
      const queue = pagesOf(t.app.routeCatalogue);
      const seen = new Set<string>(queue);
      const forms = new Map<string, Form>();
      /** A page of the app: its forms to post, and the app's pages it links to, to visit in turn. */
      const visit = async (url: string) => {
        const res = await page.get(url);
        if (res.statusCode !== 200 || !(res.headers['content-type'] ?? '').includes('html')) return;
        for (const f of formsOf(res.body, url)) if (!forms.has(f.action)) forms.set(f.action, f);
        for (const m of res.body.matchAll(/href="(\/[^"#?]*)/g)) {
          const link = m[1] ?? '';
          if (seen.has(link) || seen.size > MAX_PAGES || SKIP_LINK.test(link)) continue;
          seen.add(link);
          queue.push(link);
        }
      };
      const posted: string[] = [];
      const problems: string[] = [];
      const post = async (form: Form) => {
        posted.push(form.action);
        for (const variant of ['empty', 'garbage', 'twice'] as const) {
          const shown = await page.get(form.from);
          const body = new URLSearchParams({
            _csrf: hiddenField(shown.body, '_csrf'),
            version: hiddenField(shown.body, 'version'),
          });
          for (const f of form.fields.filter((name) => name !== '_csrf' && name !== 'version')) {
            if (variant === 'garbage') body.append(f, garbage(f));
            if (variant === 'twice') {
              body.append(f, 'one');
              body.append(f, 'two');
            }
          }
          const res = await page.postRaw(form.action, body.toString());
          if (res.statusCode >= 500) problems.push(`${form.action} (${variant}): ${res.statusCode}`);
          const found = ZOD_DEFAULTS.exec(words(res.body));
          if (found) problems.push(`${form.action} (${variant}): "${found[0]}" in …${snippet(res.body, found[0])}…`);
          // Where a post leads (a new draft's first question, a new meeting...) has forms of its own.
          const next = (res.headers.location ?? '').split(/[?#]/)[0] ?? '';
          if (next.startsWith('/') && !seen.has(next) && !SKIP_LINK.test(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      };
      const done = new Set<string>();
      while (queue.length) {
        while (queue.length) await visit(queue.shift()!);
        for (const form of [...forms.values()]) {
          if (done.has(form.action) || NOT_POSTED.test(form.action)) continue;
          done.add(form.action);
          await post(form);
        }
      }
      expect(problems).toEqual([]);
      // The forms of this issue are among those walked.
      const walked = posted.join('\n');
      if (who === 'manager') {
        for (const path of [
          `/referrals/${referral.id}/screening`,
          `/referrals/${referral.id}/restriction`,
          `/referrals/${referral.id}/access-grants`,
          `/episodes/${episode.id}/release`,
          `/episodes/${episode.id}/contacts`,
          `/episodes/${episode.id}/release-plan/destination`,
        ])
          expect(walked).toContain(path);
        expect(posted.length).toBeGreaterThan(30);
      }
      if (who === 'admin') expect(walked).toMatch(/\/admin\/users/);
      if (who === 'referrer') expect(walked).toMatch(/\/referrals\/drafts\//);
    },
    300_000,
  );
});

function snippet(html: string, found: string): string {
  const text = words(html);
  const at = text.indexOf(found);
  return text.slice(Math.max(0, at - 80), at + found.length + 40);
}
