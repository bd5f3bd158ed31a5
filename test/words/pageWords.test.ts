// Issue 10, "Say it in the person's and the team's words": "Every value shown goes through one display
// vocabulary; a test fails when a page shows a raw code or 'null'." Each demo user signs in and follows every
// link the pages offer them (two of each kind of page), and sends every form on the way empty, as a hurried user
// would; no page they reach may show a stored code (`conditional_release`, a site code), "null", "undefined",
// "[object Object]", a date pattern ("YYYY-MM-DD") or a note about where a rule came from ("PRODUCT.md", "Seed 002").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITES } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/testApp.ts';
import { PageSession } from '../support/browserSession.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seedDemo.ts';

let t: TestApp;
let demoUsers: { email: string; role: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  demoUsers = await seedDemo(t.services);
}, 120_000);
afterAll(() => t.close());

const SITE_CODES: string[] = Object.values(SITES);

/** What a person reads on the page: no markup, scripts or attribute values. */
export function visibleText(html: string): string {
  // A data dictionary shows the extract's column names and codes on purpose (`<code data-column>`): its CSV holds them.
  return html
    .replace(/<code data-column>[^<]*<\/code>/g, ' ')
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}

/** The words on a page no user should meet. */
export function developerWords(html: string): string[] {
  const text = visibleText(html).replace(/[\w.+-]+@[\w.-]+/g, ' ');
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![\w@.\-/])[a-z]+(?:_[a-z0-9]+)+(?![\w@])/g)) found.add(m[0]);
  for (const m of text.matchAll(/\b(null|undefined|NaN)\b|\[object Object\]|YYYY-MM-DD|PRODUCT\.md|API\.md|Seed 00\d/g))
    found.add(m[0]);
  for (const code of SITE_CODES) if (new RegExp(`(?<![\\w/-])${code}(?![\\w-])`).test(text)) found.add(code);
  return [...found];
}

const SKIP = /^\/(static|nhsuk)\/|\.pdf$|\.csv$|\.json$|sign-out|signed-out|\/export/;
/** `/episodes/3f…/contacts?x=1` → `/episodes/:id/contacts?x`: two pages of each kind are enough. */
const kindOf = (url: string): string => {
  const [p = '', q = ''] = url.split('?');
  const keys = [...new URLSearchParams(q).keys()].sort().join('&');
  return `${p.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|\b\d+\b|RC-\d+/g, ':id')}?${keys}`;
};

const decode = (href: string) => href.replace(/&amp;/g, '&');

interface Finding {
  url: string;
  words: string[];
}

/**
 * The episode pages a referrer can still open link to the team's own pages (assessment, caseload…), which
 * refuse them: the "The referrer sees the clinical record" takes the referrer off the episode record.
 */
const REFERRER_EPISODE_NAV = /^\/(caseload|episodes\/)/;

async function walk(
  email: string,
  allowed403: (url: string) => boolean = () => false,
): Promise<{ pages: number; forms: number; findings: Finding[]; errors: string[] }> {
  const page = await PageSession.signedIn(t.app, { email, password: DEMO_PASSWORD });
  const seen = new Map<string, number>();
  const visited = new Set<string>();
  const postedKinds = new Set<string>();
  const queue = ['/'];
  const findings: Finding[] = [];
  const errors: string[] = [];
  let pages = 0;
  let forms = 0;
  const check = (url: string, status: number, body: string) => {
    // A page offers only what the user may do: a link or button they are offered never answers 403.
    if (status >= 500 || (status === 403 && !url.startsWith('POST ') && !allowed403(url)))
      errors.push(`${status} ${url}`);
    const words = developerWords(body);
    if (words.length) findings.push({ url, words });
    if (words.length && process.env.SHOW_WORDS) {
      const text = visibleText(body);
      for (const w of words)
        console.log(`${url} :: ${text.slice(Math.max(0, text.indexOf(w) - 120), text.indexOf(w) + 60)}`);
    }
  };
  while (queue.length && pages < 160) {
    const url = queue.shift()!;
    if (visited.has(url)) continue;
    visited.add(url);
    if (process.env.SHOW_PAGES) console.log(`visit ${url}`);
    const res = await page.get(url);
    pages++;
    const moved = res.headers.location;
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof moved === 'string' && moved.startsWith('/')) {
      queue.unshift(moved);
      continue;
    }
    if (!(res.headers['content-type'] ?? '').includes('text/html')) continue;
    check(url, res.statusCode, res.body);
    const links = [
      ...res.body.matchAll(/href="(\/[^"#]*)/g),
      ...res.body.matchAll(/<form[^>]*method="get"[^>]*action="(\/[^"#]*)/g),
    ];
    for (const m of links) {
      const next = decode(m[1]!);
      if (SKIP.test(next) || visited.has(next)) continue;
      const kind = kindOf(next);
      if ((seen.get(kind) ?? 0) >= 2) continue;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      queue.push(next);
    }
    // Each form sent once with nothing filled in: the answers are the error summaries a user meets.
    for (const f of res.body.matchAll(/<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/gi)) {
      const action = decode(/action="([^"]*)"/.exec(f[0])?.[1] ?? url);
      if (
        !action.startsWith('/') ||
        SKIP.test(action) ||
        /revoke|reopen|read|actions|restriction|access-grants|legal-hold/.test(action)
      )
        continue;
      const kind = kindOf(action);
      if (postedKinds.has(kind)) continue;
      postedKinds.add(kind);
      const hidden = Object.fromEntries(
        [...f[1]!.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].flatMap((i) => {
          const name = /name="([^"]*)"/.exec(i[0])?.[1];
          const value = /value="([^"]*)"/.exec(i[0])?.[1] ?? '';
          return name ? [[name, decode(value)]] : [];
        }),
      );
      const sent = await page.post(action, hidden, undefined, { withCsrf: false });
      forms++;
      const back = sent.headers.location;
      if (typeof back === 'string' && back.startsWith('/') && !visited.has(back)) queue.push(back);
      if ((sent.headers['content-type'] ?? '').includes('text/html'))
        check(`POST ${action}`, sent.statusCode, sent.body);
    }
  }
  return { pages, forms, findings, errors };
}

describe('every page a user can reach says things in their words', () => {
  it('knows a developer word when it sees one', () => {
    expect(developerWords('<p>Release type: conditional_release</p>')).toEqual(['conditional_release']);
    expect(developerWords('<dd>null</dd><p>Seed 002: time served</p>')).toEqual(['null', 'Seed 002']);
    expect(developerWords('<p>Team: reconnect-hampshire</p>')).toEqual(['reconnect-hampshire']);
    expect(developerWords('<a href="/x?site=reconnect-hampshire">RECONNECT Hampshire</a>')).toEqual([]);
    expect(developerWords('<p>Email first_last@example.org</p>')).toEqual([]);
  });

  const ROLES = ['referrer', 'practitioner', 'manager', 'admin', 'commissioner', 'researcher'];
  it.each(ROLES)(
    'as the demo %s',
    async (role) => {
      const user = demoUsers.find((u) => u.role === role)!;
      const { pages, forms, findings, errors } = await walk(user.email, (url) =>
        role === 'referrer' ? REFERRER_EPISODE_NAV.test(url) : false,
      );
      expect(errors).toEqual([]);
      expect(findings.map((f) => `${f.url}: ${f.words.join(', ')}`)).toEqual([]);
      expect(pages).toBeGreaterThan(1);
      expect(forms).toBeGreaterThanOrEqual(0);
    },
    240_000,
  );
});

describe('the referral form says what is wrong in words', () => {
  it('on every step, sent empty and sent a value no option has', async () => {
    const referrer = demoUsers.find((u) => u.role === 'referrer')!;
    const page = await PageSession.signedIn(t.app, { email: referrer.email, password: DEMO_PASSWORD });
    const started = await page.post('/referrals/new', {}, '/referrals/new');
    const draft = /\/referrals\/drafts\/([^/]+)\//.exec(String(started.headers.location))![1]!;
    const base = `/referrals/drafts/${draft}`;
    expect(
      (await page.submitFrom(`${base}/site`, `${base}/site`, { site: 'reconnect-east-of-england' })).statusCode,
    ).toBe(303);
    const findings: string[] = [];
    for (const slug of [
      'site',
      'referrer',
      'person',
      'identifiers',
      'consent',
      'custody',
      'risk',
      'criteria',
      'health',
    ]) {
      const shown = await page.get(`${base}/${slug}`);
      if (shown.statusCode !== 200) continue;
      const names = [
        ...new Set([...shown.body.matchAll(/<(?:input|textarea)[^>]*name="([^"_][^"]*)"/g)].map((m) => m[1]!)),
      ];
      for (const form of [{}, Object.fromEntries(names.map((n) => [n, 'zz_not_an_option']))]) {
        const sent = await page.submitFrom(`${base}/${slug}`, `${base}/${slug}`, form);
        const words = developerWords(sent.body.replace(/zz_not_an_option/g, ''));
        if (words.length) findings.push(`${slug}: ${words.join(', ')}`);
      }
    }
    expect(findings).toEqual([]);
  }, 60_000);
});

describe('pages offer only what the user may do', () => {
  it.each(['commissioner', 'researcher', 'admin'])(
    'the %s is not offered "Make a new referral", which they may not do',
    async (role) => {
      const user = demoUsers.find((u) => u.role === role)!;
      const page = await PageSession.signedIn(t.app, { email: user.email, password: DEMO_PASSWORD });
      for (const url of ['/', '/referrals']) {
        const res = await page.get(url);
        expect(res.body).not.toContain('Make a new referral');
        expect(res.body).not.toContain('action="/referrals/new"');
      }
      expect((await page.get('/referrals/new')).statusCode).toBe(403);
    },
  );
});
