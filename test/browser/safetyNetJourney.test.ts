// Seed 002 (the East of England case study) in real Chromium: the release plan, the safety-net worklist and
// an out-of-area handover, through the pages a practitioner and a manager use. Every page is checked with
// axe (WCAG 2.2 AA). Only the referral, its screening and the opening of the episode go through the API.
//
// "Issues with releases from court and 'time served' prisoners", "No emergency or contingency planning had
// taken place in case of his release", "Out of area releases can make planning more difficult": the
// worklist raises each of these, links to where it is fixed, and the item goes once it is.
import { beforeAll, describe, expect, it } from 'vitest';
import { SITES } from '../support/factories.ts';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';
import { signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness, type Session } from './support/browser.ts';
import { EpisodeOverview } from './pages/record.ts';
import { ServiceHeader, WorklistPage, type WorklistView } from './pages/worklist.ts';

const EAST = SITES.eastOfEngland;
const HAMPSHIRE = SITES.hampshire;

/** The release plan's item pages are named by their form title. */
const ITEM = {
  releaseDetails: 'Release details',
  destination: 'Where they are going on release',
} as const;

/** What the header's navigation link says (the count beside it, if any). */
const navText = (s: Session, href: string) => new ServiceHeader(s).linkText(href);

/** The rules on the worklist now, for this person, in the order shown. */
const rulesShown = (s: Session, personName: string) => new WorklistPage(s).rulesShown(personName);

const openWorklist = (s: Session, view?: WorklistView) => WorklistPage.open(s, view);

describe.skipIf(skipBrowserTests)('seed 002: the safety net in the browser', { timeout: 180_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('plans a release, is warned by the worklist, and hands over an out-of-area release from court', async () => {
    const { t } = h;
    t.clock.now = new Date('2026-11-10T09:00:00Z');
    const probation = await t.user('referrer', { organisation: 'Probation Service East of England' });
    const eastWorker = await t.user('practitioner', { sites: [EAST] });
    const hampshireManager = await t.user('manager', { sites: [HAMPSHIRE] });

    // Set-up through the API: referred from HMP Norwich, release expected in 10 days, accepted, episode opened.
    const referral = fictionalReferral(EAST, 2102, t.clock.now);
    referral.person = { ...referral.person, givenName: 'Frank', familyName: 'Example', dateOfBirth: '1961-04-12' };
    referral.custody = {
      ...referral.custody,
      expectedReleaseDate: '2026-11-20',
      establishment: 'HMP Norwich',
      resettlementArea: 'Norfolk',
    };
    const made = await t.api(probation.token, { method: 'POST', url: '/api/v1/referrals', payload: referral });
    expect(made.statusCode, made.body).toBe(201);
    const { id: referralId, version } = made.json<{ id: string; version: number }>();
    const screened = await t.api(eastWorker.token, {
      method: 'POST',
      url: `/api/v1/referrals/${referralId}/screening`,
      payload: { decision: 'accept' },
      headers: { 'if-match': `"${version}"` },
    });
    expect(screened.statusCode, screened.body).toBe(200);
    const opened = await t.api(eastWorker.token, { method: 'POST', url: '/api/v1/episodes', payload: { referralId } });
    expect(opened.statusCode, opened.body).toBe(201);
    const episodeId = opened.json<{ id: string }>().id;
    const name = 'Frank Example';
    const plan = `/episodes/${episodeId}/release-plan`;

    // 1. The release plan: readiness, then the release details (an error first), GP registration.
    const east = await h.session();
    await signIn(east, eastWorker, 'Screening queue');
    await east.goto(plan);
    await east.expectOn(name);
    expect(await east.qa('readiness').innerText()).toMatch(/\d+ of \d+ done/);
    expect(await east.qa('release-details').innerText()).toContain('20 November 2026');

    await east
      .qa('release-details')
      .getByRole('link', { name: /Change.*release details/ })
      .first()
      .click();
    await east.expectOn(ITEM.releaseDetails);
    await east.qa('save').click();
    await east.expectOn(ITEM.releaseDetails);
    const errors = await east.errorSummary();
    expect(errors.map((e) => e.text)).toEqual([
      'Select the type of release',
      'Select yes if the release date is uncertain',
    ]);
    expect(errors.map((e) => e.href)).toEqual(['#releaseType', '#releaseUncertain']);
    await east.page.locator('input[name="releaseType"][value="conditional_release"]').check();
    await east.page.locator('input[name="releaseUncertain"][value="yes"]').check();
    await east.qa('save').click();
    await east.expectOn(name);
    expect(await east.qa('release-details').innerText()).toMatch(/Conditional release[\s\S]*Yes: the date may change/);

    // Uncertain date, no contingency plan: the warning seed 002's "no emergency or contingency planning" asks for.
    await expect(east.qa('no-contingency').innerText()).resolves.toContain('No contingency plan');

    await east.qa('checklist').getByRole('link', { name: /GP/ }).click();
    await east.expectOn(/GP/);
    // Issue 10: the practice is asked under "Yes" only (a conditional reveal).
    await east.page.locator('input[name="registered"][value="yes"]').check();
    await expect(east.page.locator('input[name="practice"]').isVisible()).resolves.toBe(true);
    await east.page.locator('input[name="registered"][value="no"]').check();
    await expect(east.page.locator('input[name="practice"]').isVisible()).resolves.toBe(false);
    await east.qa('save').click();
    await east.expectOn(name);

    // 2. The worklist: release in 10 days with the plan incomplete, and no contingency plan.
    const worklist = await openWorklist(east);
    expect(await worklist.count()).toMatch(/^My items: \d+ items?$/);
    const mine = await rulesShown(east, name);
    expect(mine).toEqual(expect.arrayContaining(['release_plan_incomplete', 'no_contingency_plan']));
    const highOnMine = await worklist.highCount();
    expect(await navText(east, '/worklist')).toBe(`Worklist (${highOnMine})`);
    const incomplete = worklist.items('release_plan_incomplete', name);
    await expect(worklist.message(incomplete)).resolves.toMatch(
      /Release is expected on 20 November 2026 \(in 10 days\)/,
    );

    await openWorklist(east, 'team');
    expect(await rulesShown(east, name)).toEqual(
      expect.arrayContaining(['release_plan_incomplete', 'no_contingency_plan']),
    );
    await openWorklist(east, 'rule');
    await expect(worklist.ruleCount('no_contingency_plan').count()).resolves.toBe(1);
    await expect(worklist.ruleCount('release_plan_incomplete').count()).resolves.toBe(1);

    // Each item links to where it is fixed: the release plan.
    await openWorklist(east, 'mine');
    await worklist.fix(incomplete, name);
    expect(new URL(east.page.url()).pathname).toBe(plan);
    await openWorklist(east, 'mine');
    await worklist.fix(worklist.items('no_contingency_plan'), name);
    expect(new URL(east.page.url()).pathname).toBe(plan);

    await east.qa('no-contingency').getByRole('link', { name: 'Write the contingency plan' }).click();
    await east.expectOn(/Contingency plan/);
    await east.page
      .locator('#contingencyPlan')
      .fill(
        'If released from court: court liaison phones the team the same day; the team meets him at the court, takes him to the GP and the housing team, and tells Norfolk probation.',
      );
    await east.qa('save').click();
    await east.expectOn(name);
    expect(await east.qa('no-contingency').count()).toBe(0);

    await openWorklist(east);
    expect(await rulesShown(east, name)).not.toContain('no_contingency_plan');
    expect(await rulesShown(east, name)).toContain('release_plan_incomplete');

    // 3. Three days later, released from court a week early, to Southampton: Hampshire's area.
    // A new day, a new sign-in (sessions end after 30 idle minutes).
    t.clock.now = new Date('2026-11-13T15:00:00Z');
    await signIn(east, eastWorker, 'Screening queue');
    await EpisodeOverview.open(east, episodeId, name);
    await east.qa('release-link').click();
    await east.expectOn(name);
    await east.page.fill('#releasedOn-day', '13');
    await east.page.fill('#releasedOn-month', '11');
    await east.page.fill('#releasedOn-year', '2026');
    await east.page.check('input[name="releasedFrom"][value="court"]');
    await east.qa('record-release').click();
    // Issue 10: the plan is not finished, so the page shows what is missing and asks first.
    await east.expectOn(name);
    expect(await east.qa('release-plan-missing').innerText()).toMatch(
      /The release plan is not finished[\s\S]*Still to do/,
    );
    await east.page.check('input[name="confirmIncomplete"][value="yes"]');
    await east.qa('record-release').click();
    await east.expectOn(name);
    expect(await east.page.locator('main').innerText()).toMatch(/Released on[\s\S]*13 November 2026/);

    t.clock.now = new Date('2026-11-13T15:10:00Z');
    await openWorklist(east);
    expect(await rulesShown(east, name)).toContain('release_date_changed');

    await east.goto(plan);
    await east.expectOn(name);
    await east
      .qa('destination')
      .getByRole('link', { name: /Change/ })
      .first()
      .click();
    await east.expectOn(ITEM.destination);
    await east.page.fill('#postcode', 'SO14 7LY');
    await east.page.fill('#localAuthority', 'Southampton');
    await east.qa('save').click();
    await east.expectOn(name);
    await expect(east.qa('coverage').innerText()).resolves.toMatch(/Hampshire/);

    t.clock.now = new Date('2026-11-13T15:20:00Z');
    await openWorklist(east);
    const shown = await rulesShown(east, name);
    expect(shown).toContain('out_of_area_no_handover');
    expect(shown).not.toContain('release_date_changed'); // the plan was updated after the release
    const outOfArea = worklist.items('out_of_area_no_handover');
    await expect(worklist.message(outOfArea)).resolves.toMatch(/Southampton.*hand over to RECONNECT Hampshire/);
    await worklist.fix(outOfArea, name);
    expect(new URL(east.page.url()).pathname).toBe(`/episodes/${episodeId}/handover`);
    await expect(east.qa('covering').innerText()).resolves.toContain('RECONNECT Hampshire');

    // The kind and the covering team come chosen; the practitioner writes the reason and the summary.
    expect(await east.page.locator('input[name="kind"][value="out_of_area"]').isChecked()).toBe(true);
    expect(await east.page.locator('#toSite').inputValue()).toBe(HAMPSHIRE);
    await east.page.fill('#reason', 'Released from court to Southampton, outside our area.');
    await east.page.fill(
      '#summary',
      'Aged 60+, hearing and sight loss, cannot read letters, alcohol misuse, at risk of exploitation. No GP or housing yet.',
    );
    await east.page.check('input[name="consentToShare"][value="yes"]');
    await east.qa('send-request').click();
    await east.expectOn(name);
    await expect(east.qa('open-request').innerText()).resolves.toContain('RECONNECT Hampshire');

    await openWorklist(east);
    await expect(worklist.message(outOfArea)).resolves.toContain('requested but not yet accepted');

    // The receiving manager sees the request waiting, opens it and accepts.
    t.clock.now = new Date('2026-11-14T10:00:00Z');
    const hants = await h.session();
    await signIn(hants, hampshireManager, 'Screening queue');
    expect(await navText(hants, '/handovers')).toBe('Handovers (1 waiting)');
    await hants.goto('/handovers');
    await hants.expectOn('Handovers');
    const row = hants.qa('incoming').locator('[data-qa="handover-row"]').filter({ hasText: name });
    await expect(row.locator('[data-qa="handover-status"]').innerText()).resolves.toBe('Waiting for an answer');
    await row.getByRole('link', { name: new RegExp(name) }).click();
    await hants.expectOn(name);
    await hants.page.check('input[name="decision"][value="accept"]');
    await hants.page.fill('#note', 'We will visit tomorrow.');
    await hants.qa('save-decision').click();
    await hants.expectOn(name);
    expect(new URL(hants.page.url()).pathname).toMatch(/^\/episodes\/[^/]+$/);
    expect(new URL(hants.page.url()).pathname).not.toBe(`/episodes/${episodeId}`);
    expect(await navText(hants, '/handovers')).toBe('Handovers');
    await hants.close();

    // The sending team's item is gone: the handover is accepted and their episode closed by it.
    await signIn(east, eastWorker, 'Screening queue');
    await openWorklist(east);
    expect(await rulesShown(east, name)).not.toContain('out_of_area_no_handover');
    await openWorklist(east, 'team');
    expect(await rulesShown(east, name)).toEqual([]);
    await east.close();
  });
});
