// The release plan pages as a practitioner uses them: the task list with readiness, one page per item
// with its error summary, the release date changed with a reason, an out-of-area destination, a stale form
// (412), and need-to-know (404 for another site, no change links for those who cannot change it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession, hiddenField as hidden } from '../../test/support/browserSession.ts';
import { SITES, anOpenEpisode, staffAt } from '../../test/support/factories.ts';

let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let otherSite: TestUser;

const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

const episode = async () => (await anOpenEpisode(t, { referrer, manager: practitioner }, SITES.hampshire)).id;

/** Posts a form from the page the user has open, with its CSRF token and version. */
async function submit(page: PageSession, url: string, form: Record<string, string>) {
  const shown = await page.get(url);
  expect(shown.statusCode).toBe(200);
  return page.post(
    url,
    { _csrf: hidden(shown.body, '_csrf'), version: hidden(shown.body, 'version'), ...form },
    undefined,
    { withCsrf: false },
  );
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'HMP Winchester healthcare' });
  practitioner = await staffAt(t, SITES.hampshire);
  otherSite = await staffAt(t, SITES.eastOfEngland);
});
afterAll(() => t.close());

describe('the release plan page', () => {
  it('shows readiness, the part navigation and the checklist as a task list', async () => {
    const id = await episode();
    const page = await signedIn(practitioner);
    const res = await page.get(`/episodes/${id}/release-plan`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-qa="readiness"><strong>0 of 11 done, \d+ days to release/);
    expect(res.body).toContain('aria-current="page"');
    expect(res.body).toContain('nhsuk-task-list');
    expect(res.body).toContain(`href="/episodes/${id}/release-plan/gp-registration"`);
    expect(res.body).toContain('Incomplete');
    expect(res.body).toContain('No release address recorded yet');
    expect(res.body).toContain('From the referral');
  });

  it('saves an item and returns to the plan', async () => {
    const id = await episode();
    const page = await signedIn(practitioner);
    const saved = await submit(page, `/episodes/${id}/release-plan/gp-registration`, {
      registered: 'yes',
      practice: 'Jubilee Surgery',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/episodes/${id}/release-plan`);
    const plan = await page.get(`/episodes/${id}/release-plan`);
    expect(plan.body).toMatch(/1 of 11 done/);
    expect((await page.get(`/episodes/${id}/release-plan/gp-registration`)).body).toContain('value="Jubilee Surgery"');
  });

  it('shows the error summary linked to the field', async () => {
    const id = await episode();
    const page = await signedIn(practitioner);
    const none = await submit(page, `/episodes/${id}/release-plan/accommodation`, {
      'dutyToReferDate-day': '31',
      'dutyToReferDate-month': '2',
      'dutyToReferDate-year': '2026',
    });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('There is a problem');
    expect(none.body).toContain('href="#status"');
    expect(none.body).toContain('href="#dutyToReferDate-day"');
    const future = await submit(page, `/episodes/${id}/release-plan/accommodation`, {
      status: 'none',
      'dutyToReferDate-day': '1',
      'dutyToReferDate-month': '1',
      'dutyToReferDate-year': '2030',
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Must be today or in the past');
    expect(future.body).toContain('value="2030"');
  });

  it('changes the release details, keeping the reason in the history, and warns of a missing contingency plan', async () => {
    const id = await episode();
    const page = await signedIn(practitioner);
    const saved = await submit(page, `/episodes/${id}/release-plan/release-details`, {
      releaseType: 'release_from_court',
      releaseUncertain: 'yes',
      'expectedReleaseDate-day': '1',
      'expectedReleaseDate-month': '12',
      'expectedReleaseDate-year': '2026',
      releaseDateChangeReason: 'Sentencing hearing listed',
    });
    expect(saved.statusCode).toBe(303);
    const plan = await page.get(`/episodes/${id}/release-plan`);
    expect(plan.body).toContain('Release from court or time served');
    expect(plan.body).toContain('Sentencing hearing listed');
    expect(plan.body).toContain('1 December 2026');
    expect(plan.body).toContain('data-qa="no-contingency"');
    expect(plan.body).toMatch(/21 days to release/);
  });

  it('shows an out-of-area release and the team that covers it', async () => {
    const id = await episode();
    const page = await signedIn(practitioner);
    expect(
      (
        await submit(page, `/episodes/${id}/release-plan/destination`, {
          postcode: 'nr1 1aa',
          localAuthority: 'Norfolk',
        })
      ).statusCode,
    ).toBe(303);
    const plan = await page.get(`/episodes/${id}/release-plan`);
    expect(plan.body).toContain('Out-of-area release');
    expect(plan.body).toContain('covered by RECONNECT East of England');
    expect(plan.body).toContain('NR1 1AA');
    expect(
      (
        await submit(page, `/episodes/${id}/release-plan/destination`, {
          postcode: 'M1 1AA',
          localAuthority: 'Manchester',
        })
      ).statusCode,
    ).toBe(303);
    expect((await page.get(`/episodes/${id}/release-plan`)).body).toContain(
      'no Reconnect team covers Manchester. Contact the local community services',
    );
  });

  it('refuses a stale form with 412 and says why', async () => {
    const id = await episode();
    const page = await signedIn(practitioner);
    const url = `/episodes/${id}/release-plan/contingency-plan`;
    const shown = await page.get(url);
    expect((await submit(page, `/episodes/${id}/release-plan/id-and-money`, { answer: 'yes' })).statusCode).toBe(303);
    const stale = await page.post(
      url,
      { _csrf: hidden(shown.body, '_csrf'), version: hidden(shown.body, 'version'), contingencyPlan: 'Meet at court.' },
      undefined,
      { withCsrf: false },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('Someone else changed this release plan after you opened it');
  });

  it('is not found for another site and for an unknown item', async () => {
    const id = await episode();
    const other = await signedIn(otherSite);
    expect((await other.get(`/episodes/${id}/release-plan`)).statusCode).toBe(404);
    expect((await other.get(`/episodes/${id}/release-plan/gp-registration`)).statusCode).toBe(404);
    const page = await signedIn(practitioner);
    expect((await page.get(`/episodes/${id}/release-plan/not-an-item`)).statusCode).toBe(404);
  });

  it('is read-only once the episode is closed: no change links, and its forms refused (403)', async () => {
    const id = await episode();
    const page = await signedIn(practitioner);
    const form = await page.get(`/episodes/${id}/release-plan/id-and-money`);
    const closed = await t.api(practitioner.token, {
      method: 'POST',
      url: `/api/v1/episodes/${id}/close`,
      payload: { reason: 'moved_and_transferred', summary: 'Left the area.' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const plan = await page.get(`/episodes/${id}/release-plan`);
    expect(plan.statusCode).toBe(200);
    expect(plan.body).not.toContain(`href="/episodes/${id}/release-plan/gp-registration"`);
    expect((await page.get(`/episodes/${id}/release-plan/id-and-money`)).statusCode).toBe(403);
    const posted = await page.post(
      `/episodes/${id}/release-plan/id-and-money`,
      { _csrf: hidden(form.body, '_csrf'), version: hidden(form.body, 'version'), answer: 'yes' },
      undefined,
      { withCsrf: false },
    );
    expect(posted.statusCode).toBe(403);
    expect(posted.body).toContain('not once the episode is closed');
  });
});

describe('follow-up questions revealed under their answer (issue 10, conditional reveals)', () => {
  // One sign-in for these (signing in is rate limited).
  let page: PageSession;
  beforeAll(async () => {
    page = await signedIn(practitioner);
  });

  /** The inputs inside the question revealed under a radio, or undefined when the radio reveals none. */
  function revealedUnder(body: string, radioId: string): { names: string[]; hidden: boolean } | undefined {
    const radio = new RegExp(`<input[^>]*id="${radioId}"[^>]*data-aria-controls="([^"]+)"`).exec(body);
    if (!radio) return undefined;
    const start = body.lastIndexOf('<div', body.indexOf(`id="${radio[1]}"`));
    // The revealed block: its <div> to the </div> that closes it.
    let depth = 0;
    let end = start;
    for (const tag of body.slice(start).matchAll(/<div\b|<\/div>/g)) {
      depth += tag[0] === '</div>' ? -1 : 1;
      if (depth === 0) {
        end = start + tag.index + tag[0].length;
        break;
      }
    }
    const block = body.slice(start, end);
    const names = [...block.matchAll(/<(?:input|textarea)[^>]*name="([^"]+)"/g)].map((m) => m[1]!);
    return { names: [...new Set(names)], hidden: block.slice(0, 200).includes('nhsuk-radios__conditional--hidden') };
  }

  it.each([
    ['gp-registration', 'registered', ['practice']],
    [
      'substance-misuse-appointment',
      'needed',
      ['appointmentDate-day', 'appointmentDate-month', 'appointmentDate-year', 'service'],
    ],
    ['mental-health-handover', 'needed', ['done', 'service']],
    ['meet-at-the-gate', 'planned', ['by']],
  ])('%s asks its follow-up only under “Yes”, in the page without JavaScript', async (slug, radio, follow) => {
    const id = await episode();
    const res = await page.get(`/episodes/${id}/release-plan/${slug}`);
    expect(res.statusCode).toBe(200);
    expect(revealedUnder(res.body, radio)).toEqual({ names: follow, hidden: true });
    expect(revealedUnder(res.body, `${radio}-2`)).toBeUndefined();
    // Once: nowhere else on the form.
    for (const name of follow) expect(res.body.split(`name="${name}"`).length - 1, name).toBe(name === 'done' ? 2 : 1);
  });

  it('shows the revealed question open, with its error and what was typed, when it was answered wrongly', async () => {
    const id = await episode();
    const refused = await submit(page, `/episodes/${id}/release-plan/substance-misuse-appointment`, {
      needed: 'yes',
      'appointmentDate-day': '31',
      'appointmentDate-month': '2',
      'appointmentDate-year': '2027',
      service: 'Inclusion Hampshire',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#appointmentDate-day"');
    expect(revealedUnder(refused.body, 'needed')?.hidden).toBe(false);
    expect(refused.body).toContain('value="Inclusion Hampshire"');
  });

  it('ignores a follow-up typed before the answer changed to “No”', async () => {
    const id = await episode();
    const saved = await submit(page, `/episodes/${id}/release-plan/meet-at-the-gate`, { planned: 'no', by: 'Sam' });
    expect(saved.statusCode).toBe(303);
    const plan = await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${id}/release-plan` });
    expect(plan.json().plan?.meetAtTheGate ?? plan.json().meetAtTheGate).toEqual({ planned: false });
  });
});
