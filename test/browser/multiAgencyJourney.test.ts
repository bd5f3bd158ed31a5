// Seed 002's third lesson in real Chromium: "RECONNECT convened an MDT meeting a few days after receiving
// their referral"; "Clear record keeping"; "Notes need to be compared between agencies". A manager records
// the professionals' meeting with two actions, finds the one past its date overdue, closes it with a note,
// reads the chronology filtered by agency and prints it. Every page is checked with axe (WCAG 2.2 AA); only
// the referral, its screening, the episode and the directory's entries are made through the API.
import { beforeAll, describe, expect, it } from 'vitest';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';
import { signIn, skipBrowserTests, startBrowserHarness, type BrowserHarness } from './support/browser.ts';
import { ActionPage, ChronologyPage, MeetingsPage } from './pages/multiAgency.ts';
import { ServiceHeader, WorklistPage } from './pages/worklist.ts';
import { SITES } from '../support/factories.ts';

const SITE = SITES.lancashire;

describe.skipIf(skipBrowserTests)('multi-agency working in the browser', { timeout: 180_000 }, () => {
  let h: BrowserHarness;
  // The harness closes after the file's tests; if it never started there is nothing to close.
  beforeAll(async () => {
    h = await startBrowserHarness();
    return () => h.close();
  });

  it('records a professionals’ meeting, works an overdue action to done and prints the chronology by agency', async () => {
    const { t } = h;
    const referrer = await t.user('referrer', { organisation: 'Probation Service North West' });
    const manager = await t.user('manager', { sites: [SITE] });
    const body = fictionalReferral(SITE, 8300, t.clock.now);
    body.person = { ...body.person, givenName: 'Frank', familyName: 'Wiśniewski-O’Brien' };
    const name = 'Frank Wiśniewski-O’Brien';
    const sent = (await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body })).json<{
      id: string;
    }>();
    const accepted = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/referrals/${sent.id}/screening`,
      payload: { decision: 'accept' },
      headers: { 'if-match': '"1"' },
    });
    expect(accepted.statusCode).toBe(200);
    const opened = await t.api(manager.token, {
      method: 'POST',
      url: '/api/v1/episodes',
      payload: {
        referralId: sent.id,
        consultation: {
          date: '2026-11-09',
          attendees: [{ role: 'com', name: 'Sam Current', organisation: 'Blackpool Probation Delivery Unit' }],
          decision: 'accept',
          rationale: 'High risk of harm; complex needs.',
        },
      },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const episodeId = opened.json<{ id: string }>().id;
    for (const partner of [
      { name: 'Blackpool Probation Delivery Unit', kind: 'probation', area: 'Blackpool' },
      { name: 'Layton Medical Centre', kind: 'gp', area: 'Blackpool' },
    ]) {
      const made = await t.api(manager.token, { method: 'POST', url: '/api/v1/partners', payload: partner });
      expect(made.statusCode).toBe(201);
    }

    const s = await h.session();
    await signIn(s, manager, 'Screening queue');

    // 1. The meeting, with two actions: the team's, due two days ago; the GP's, due in ten days.
    const meetings = await MeetingsPage.open(s, episodeId, name);
    const form = await meetings.recordMeeting(name);
    await form.describe('Professionals’ meeting', ['6', '11', '2026'], 'No address for release; GP not registered.');
    await form.attendee(0, {
      name: 'Sam Current',
      organisation: 'Blackpool Probation Delivery Unit',
      role: 'COM',
      present: true,
    });
    await form.attendee(1, { name: 'Dr Gill', organisation: 'Layton Medical Centre', present: false });
    await form.action(0, {
      description: 'Make the Duty to Refer to housing',
      owner: 'Enhanced RECONNECT Lancashire and Cumbria (the team)',
      ownerName: 'Duty worker',
      dueOn: ['8', '11', '2026'],
    });
    await form.action(1, {
      description: 'Register him with the practice',
      owner: 'Layton Medical Centre (Blackpool)',
      ownerName: 'Practice manager',
      dueOn: ['20', '11', '2026'],
    });
    await form.save('Professionals’ meeting');
    expect(await s.qa('attendees').innerText()).toMatch(/Dr Gill[\s\S]*Not present/);
    // The record prints as the minutes: without the header, the navigation or the links around it.
    const header = new ServiceHeader(s);
    await s.page.emulateMedia({ media: 'print' });
    expect(await header.region().isVisible()).toBe(false);
    expect(await s.page.locator('.nhsuk-back-link').isVisible()).toBe(false);
    expect(await s.qa('meeting-record').isVisible()).toBe(true);
    await s.page.emulateMedia({ media: 'screen' });

    // 2. The overdue action: on "My actions" (the team owns it), counted in the navigation, and on the episode.
    expect(await header.link('/actions').innerText()).toMatch(/My actions \(1 overdue\)/);
    await header.follow('/actions', 'My actions');
    expect(await s.qa('my-actions').innerText()).toMatch(/Make the Duty to Refer to housing[\s\S]*overdue/);
    // On the safety-net worklist too, as the team's overdue action (API.md `action_overdue`).
    await WorklistPage.open(s, 'team');
    expect(await s.page.locator('main').innerText()).toMatch(/Make the Duty to Refer to housing/);
    await s.goto('/actions');
    await s.expectOn('My actions');

    // 3. Closed with a note (the note is required first).
    await s.qa('my-actions').getByRole('link', { name: 'Make the Duty to Refer to housing' }).click();
    await s.expectOn('Make the Duty to Refer to housing');
    await s.page.locator('input[name="status"][value="done"]').check();
    await s.qa('save').click();
    await s.expectOn('Make the Duty to Refer to housing');
    expect(await s.errorSummary()).toEqual([{ text: 'Say what was done', href: '#note' }]);
    const action = new ActionPage(s);
    await action.close('Duty to Refer sent to Blackpool Council on 9 November.', 'Make the Duty to Refer to housing');
    expect(await action.status()).toMatch(/Done[\s\S]*Duty to Refer sent/);
    const after = await MeetingsPage.open(s, episodeId, name);
    expect((await after.openActions()).join('\n')).not.toContain('Duty to Refer');

    // 4. The chronology, filtered by agency, and its print view.
    const chronology = await ChronologyPage.fromEpisode(s, name);
    expect((await chronology.entries()).map((e) => e.summary).join('\n')).toMatch(/Professionals’ meeting/);
    await chronology.filterByAgency('Layton Medical Centre', name);
    const gp = await chronology.entries();
    expect(gp.map((e) => e.source)).toEqual(['Layton Medical Centre']);
    expect(gp[0]?.summary).toMatch(/Action agreed at the professionals’ meeting: Register him with the practice/);
    await chronology.printView(name);
    expect(await s.qa('chronology-entry').count()).toBe(1);
    await s.page.emulateMedia({ media: 'print' });
    expect(await header.region().isVisible()).toBe(false);
    expect(await s.qa('chronology').isVisible()).toBe(true);
    await s.close();
  });
});
