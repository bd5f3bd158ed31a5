// Episodes of care in real Chromium: the consultation page, the caseload, an episode and a contact
// (with an error first), every page checked with axe (WCAG 2.2 AA).
import { beforeAll, describe, expect, it } from 'vitest';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';
import { ReferralPage, signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness } from './support/browser.ts';
import { SITES } from '../support/factories.ts';
import { CaseloadPage } from './pages/caseload.ts';
import { EpisodeOverview } from './pages/record.ts';

const SITE = SITES.lancashire;

describe.skipIf(skipBrowserTests)('episodes of care in the browser', { timeout: 120_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('a manager holds the consultation, sees the caseload and records a contact', async () => {
    const referrer = await h.t.user('referrer');
    const manager = await h.t.user('manager', { sites: [SITE] });
    const body = fictionalReferral(SITE, 8100, h.t.clock.now);
    const sent = (await h.t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body })).json<{
      id: string;
    }>();
    const accepted = await h.t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${sent.id}/screening`,
      payload: { decision: 'accept' },
      headers: { 'if-match': '"1"' },
    });
    expect(accepted.statusCode).toBe(200);
    const name = `${body.person.givenName} ${body.person.familyName}`;

    const s = await h.session();
    await signIn(s, manager, 'Screening queue');
    const referral = await ReferralPage.open(s, sent.id, name);
    await referral.openEpisode(/consultation|episode/i);

    // The consultation is recorded through the API here; its form is covered by the page tests.
    const opened = await h.t.api(manager.token, {
      method: 'POST',
      url: '/api/v1/episodes',
      payload: {
        referralId: sent.id,
        consultation: {
          date: '2026-11-09',
          attendees: [{ role: 'com', name: 'Casey COM', organisation: 'Probation' }],
          decision: 'accept',
          rationale: 'Meets group 3',
        },
      },
    });
    expect(opened.statusCode).toBe(201);

    await CaseloadPage.open(s, /Episodes of care|caseload/i, `site=${SITE}`);
    const overview = await EpisodeOverview.open(s, opened.json<{ id: string }>().id, name);

    // Issue 10: the overview lists what can be done; the contact has a page of its own.
    const contact = await overview.recordContact();
    await contact.save();
    const errors = await s.errorSummary();
    expect(errors.length).toBeGreaterThan(0);

    // The first type and outcome offered: in prison, attended.
    await contact.fill({ date: ['10', '11', '2026'], time: '08:30', type: 'in_prison', outcome: 'attended' });
    await contact.save();
    expect(await overview.timeline()).toMatch(/attended/i);
    await s.close();
  });
});
