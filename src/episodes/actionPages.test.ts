// Issue 10, "The episode overview stacks four forms on one page; give each action its own page": the overview
// lists what can be done now, each change opens on its own page, posts to the action it always posted to, and
// a refused form comes back on that page with the NHS error summary and what was typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { anOpenEpisode, SITES, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation South' });
  manager = await staffAt(t, SITES.hampshire, 'manager');
});
afterAll(() => t.close());

const forms = (body: string) => [...body.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]!);

describe('the episode overview and the pages of its changes', () => {
  it('lists what can be done now, each on its own page, with no form stacked on the overview', async () => {
    const { id } = await anOpenEpisode(t, { referrer, manager }, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, manager);
    const overview = await page.get(`/episodes/${id}`);
    expect(overview.statusCode).toBe(200);
    // No form of the episode's own: only signing out.
    expect(forms(overview.body).filter((f) => f.startsWith('/episodes'))).toEqual([]);
    const offered = /data-qa="episode-tasks"[\s\S]*?<\/ul>/.exec(overview.body)![0];
    expect(overview.body).toContain(`href="/episodes/${id}/contacts/new"`);
    expect(offered).toContain(`href="/episodes/${id}/release"`);
    expect(offered).toContain(`href="/episodes/${id}/expected-release-date"`);
    expect(offered).not.toContain('/recall"');
    for (const [path, action, qa] of [
      ['contacts/new', 'contacts', 'contact-form'],
      ['release', 'release', 'release-form'],
      ['expected-release-date', 'expected-release-date', 'release-date-form'],
    ] as const) {
      const shown = await page.get(`/episodes/${id}/${path}`);
      expect(shown.statusCode, path).toBe(200);
      expect(shown.body).toContain(`data-qa="${qa}"`);
      expect(forms(shown.body)).toContain(`/episodes/${id}/${action}`);
      expect(shown.body).toContain('data-qa="person-banner"');
    }
    // A recall before release does not fit: the overview says what does.
    expect((await page.get(`/episodes/${id}/recall`)).headers.location).toBe(`/episodes/${id}`);
  });

  it('brings a refused contact back on its own page with the error summary and what was typed', async () => {
    const { id } = await anOpenEpisode(t, { referrer, manager }, SITES.hampshire);
    const page = await PageSession.signedIn(t.app, manager);
    const refused = await page.submitFrom(`/episodes/${id}/contacts/new`, `/episodes/${id}/contacts`, {
      'contact-date-day': '10',
      'contact-date-month': '11',
      'contact-date-year': '2026',
      'contact-time': '8:30am',
      type: 'phone',
      outcome: 'cancelled',
      notes: 'Rang the wing twice.',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('nhsuk-error-summary');
    expect(refused.body).toMatch(/<a href="#contact-cancelled-reason"[^>]*>\s*Enter why the contact was cancelled/);
    expect(refused.body).toContain('data-qa="contact-form"');
    expect(refused.body).toContain('Rang the wing twice.');
    expect(refused.body).toContain('value="8:30am"');
    expect(refused.body).not.toContain('data-qa="recent-contacts"');
  });

  it('refuses the pages to a viewer who may not change the episode', async () => {
    const { id } = await anOpenEpisode(t, { referrer, manager }, SITES.hampshire);
    const elsewhere = await PageSession.signedIn(t.app, await staffAt(t, SITES.eastOfEngland));
    expect((await elsewhere.get(`/episodes/${id}/contacts/new`)).statusCode).toBe(404);
  });
});
