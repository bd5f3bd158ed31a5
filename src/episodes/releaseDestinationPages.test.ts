// Issue 10 and API.md ("POST /api/v1/episodes/{id}/release": a destination by postcode or local authority,
// either alone): the release form on the episode page asks where the person went, refuses a postcode that
// is not one with the NHS error summary and shows back what was typed, and the episode page and the release
// plan then say where they went in the team's words: "Southampton", "Preston (PR1 2HE)".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode } from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';

const SITE = SITES.hampshire;
let t: TestApp;
let referrer: TestUser;
let worker: TestUser;

const released = {
  'releasedOn-day': '10',
  'releasedOn-month': '11',
  'releasedOn-year': '2026',
  confirmIncomplete: 'yes',
};
const errorSummary = (body: string) => /class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
const releasedToRow = (body: string) =>
  /data-qa="released-to"[\s\S]*?<dd[^>]*>([\s\S]*?)<\/dd>/.exec(body)?.[1]?.trim() ?? '';

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation South Central' });
  worker = await t.user('practitioner', { sites: [SITE] });
});
afterAll(() => t.close());

describe('where they went on release, on the release form', () => {
  it('offers the town or local authority and the postcode, and says a town alone is enough', async () => {
    const e = await anOpenEpisode(t, { referrer, manager: worker }, SITE, { lead: worker });
    const page = await PageSession.signedIn(t.app, worker);
    // The release form has a page of its own, linked from the overview.
    const res = await page.get(`/episodes/${e.id}/release`);
    expect(res.body).toContain('Where did they go?');
    expect(res.body).toContain('id="release-localAuthority"');
    expect(res.body).toContain('id="release-postcode"');
    expect(res.body).toContain('needs only the town');
  });

  it('refuses a postcode that is not one, linked from the error summary, and keeps what was typed', async () => {
    const e = await anOpenEpisode(t, { referrer, manager: worker }, SITE, { lead: worker });
    const page = await PageSession.signedIn(t.app, worker);
    const res = await page.submitFrom(`/episodes/${e.id}/release`, `/episodes/${e.id}/release`, {
      ...released,
      releasedFrom: 'court',
      localAuthority: 'Southampton',
      postcode: 'SO99 ZZZZ',
    });
    expect(res.statusCode).toBe(400);
    expect(errorSummary(res.body)).toContain('There is a problem');
    expect(errorSummary(res.body)).toMatch(
      /<a href="#release-postcode"[^>]*>\s*Enter a real UK postcode, like SW1A 1AA/,
    );
    expect(res.body).toContain('id="release-postcode-error"');
    expect(res.body).toContain('value="SO99 ZZZZ"');
    expect(res.body).toContain('value="Southampton"');
    expect(res.body).not.toMatch(/[Ee]xpected (string|number)|Invalid input|Too (big|small):/);
    // Nothing was recorded.
    const api = await t.api(worker.token, { method: 'GET', url: `/api/v1/episodes/${e.id}` });
    expect(api.json().releasedOn).toBeNull();
  });

  it('records a release from court to a town known only by its name (seed 002), and says so on the episode and the plan', async () => {
    const e = await anOpenEpisode(t, { referrer, manager: worker }, SITE, { lead: worker });
    const page = await PageSession.signedIn(t.app, worker);
    const res = await page.submitFrom(`/episodes/${e.id}/release`, `/episodes/${e.id}/release`, {
      ...released,
      releasedFrom: 'court',
      localAuthority: 'Southampton',
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const episode = await page.get(`/episodes/${e.id}`);
    expect(releasedToRow(episode.body)).toBe('Southampton');
    expect(episode.body).toContain('Released from court on 10 November 2026 to Southampton.');
    const plan = await page.get(`/episodes/${e.id}/release-plan`);
    expect(plan.body).toMatch(/Released from court\s+on 10 November 2026 to Southampton/);
  });

  it('records a postcode as the service writes it, with the town beside it', async () => {
    const e = await anOpenEpisode(t, { referrer, manager: worker }, SITE, { lead: worker });
    const page = await PageSession.signedIn(t.app, worker);
    const res = await page.submitFrom(`/episodes/${e.id}/release`, `/episodes/${e.id}/release`, {
      ...released,
      releasedFrom: 'prison',
      localAuthority: 'Preston',
      postcode: 'pr12he',
    });
    expect(res.statusCode).toBe(303);
    expect(releasedToRow((await page.get(`/episodes/${e.id}`)).body)).toBe('Preston (PR1 2HE)');
  });

  it('still records a release with no destination given (the API leaves it optional)', async () => {
    const e = await anOpenEpisode(t, { referrer, manager: worker }, SITE, { lead: worker });
    const page = await PageSession.signedIn(t.app, worker);
    const res = await page.submitFrom(`/episodes/${e.id}/release`, `/episodes/${e.id}/release`, {
      ...released,
      releasedFrom: 'prison',
    });
    expect(res.statusCode).toBe(303);
    expect((await page.get(`/episodes/${e.id}`)).body).not.toContain('data-qa="released-to"');
  });

  it('the API refuses a postcode that is not one (400 on destination.postcode), as the release plan does', async () => {
    const e = await anOpenEpisode(t, { referrer, manager: worker }, SITE, { lead: worker });
    const res = await t.api(worker.token, {
      method: 'POST',
      url: `/api/v1/episodes/${e.id}/release`,
      payload: { releasedOn: '2026-11-10', releasedFrom: 'court', destination: { postcode: 'NOT A CODE' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('destination.postcode');
  });
});
