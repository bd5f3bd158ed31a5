// The episode lifecycle through the pages, without JavaScript: contacts with who was present and a
// cancellation reason, the expected release date with its history, a manager's extension, the closure
// page with goal outcomes and the letter, and reopening.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { planGoals } from '../db/schema.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, recordRelease, staffAt } from '../../test/support/factories.ts';
import { PageSession, hiddenField as hidden } from '../../test/support/browserSession.ts';

const RC = SITES.eastOfEngland;
let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let manager: TestUser;

const signedIn = (user: TestUser): Promise<PageSession> => PageSession.signedIn(t.app, user);

const submit = (page: PageSession, from: string, url: string, form: Record<string, string>) =>
  page.submitFrom(from, url, form);

/** An episode opened by the site's practitioner from a referral they accepted, led by them. */
async function openEpisode(): Promise<string> {
  return (await anOpenEpisode(t, { referrer, manager: practitioner }, RC, { lead: practitioner })).id;
}

const contact = {
  'contact-date-day': '10',
  'contact-date-month': '11',
  'contact-date-year': '2026',
  'contact-time': '8:30am',
  type: 'in_prison',
};

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation East' });
  practitioner = await staffAt(t, RC);
  manager = await staffAt(t, RC, 'manager');
});
afterAll(() => t.close());

describe('contacts on the episode page', () => {
  it('asks why a cancelled contact was cancelled (the reason is shown without JavaScript), and lists recent contacts with who was present', async () => {
    const id = await openEpisode();
    const page = await signedIn(practitioner);
    const form = await page.get(`/episodes/${id}/contacts/new`);
    expect(form.body).toContain('id="contact-cancelled-reason"');
    expect(form.body).toContain('id="contact-present"');
    const noReason = await submit(page, `/episodes/${id}`, `/episodes/${id}/contacts`, {
      ...contact,
      outcome: 'cancelled',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/<a href="#contact-cancelled-reason"[^>]*>\s*Enter why the contact was cancelled/);
    expect(
      (
        await submit(page, `/episodes/${id}`, `/episodes/${id}/contacts`, {
          ...contact,
          outcome: 'cancelled',
          cancelledReason: 'Prison lockdown',
        })
      ).statusCode,
    ).toBe(303);
    const dna = await submit(page, `/episodes/${id}`, `/episodes/${id}/contacts`, {
      ...contact,
      'contact-time': '9:00am',
      type: 'video',
      outcome: 'did_not_attend',
      present: 'Pat Prison, POM\r\nChris, COM',
    });
    expect(dna.statusCode).toBe(303);
    expect(dna.headers.location).toBe(`/episodes/${id}#recent-contacts`);
    const shown = await page.get(`/episodes/${id}`);
    const recent = /data-qa="recent-contacts"[\s\S]*?<\/table>/.exec(shown.body)![0];
    expect(recent).toContain('Did not attend');
    expect(recent).toContain('Pat Prison, POM, Chris, COM');
    expect(recent).toContain('Cancelled: Prison lockdown');
    expect(recent.indexOf('Did not attend')).toBeLessThan(recent.indexOf('Prison lockdown'));
    expect(shown.body).toContain('Did not attend: contact by video was missed. Present: Pat Prison, POM, Chris, COM.');
  });
});

describe('the expected release date and the extension', () => {
  it('changes the expected release date with a reason and lists every change with who and why', async () => {
    const id = await openEpisode();
    const page = await signedIn(practitioner);
    const noReason = await submit(page, `/episodes/${id}`, `/episodes/${id}/expected-release-date`, {
      'expectedReleaseDate-day': '1',
      'expectedReleaseDate-month': '3',
      'expectedReleaseDate-year': '2027',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/<a href="#release-date-reason"[^>]*>\s*Enter the reason/);
    const past = await submit(page, `/episodes/${id}`, `/episodes/${id}/expected-release-date`, {
      'expectedReleaseDate-day': '1',
      'expectedReleaseDate-month': '3',
      'expectedReleaseDate-year': '2026',
      reason: 'x',
    });
    expect(past.statusCode).toBe(400);
    expect(past.body).toMatch(/<a href="#expectedReleaseDate-day"/);
    const changed = await submit(page, `/episodes/${id}`, `/episodes/${id}/expected-release-date`, {
      'expectedReleaseDate-day': '1',
      'expectedReleaseDate-month': '3',
      'expectedReleaseDate-year': '2027',
      reason: 'Parole hearing moved',
    });
    expect(changed.statusCode).toBe(303);
    const history = /data-qa="release-date-history"[\s\S]*?<\/table>/.exec(
      (await page.get(`/episodes/${id}`)).body,
    )![0];
    expect(history).toContain('1 March 2027');
    expect(history).toContain('Parole hearing moved');
    expect(history).toContain(practitioner.viewer.name);
  });

  it('offers a manager, not a practitioner, the extension after release, and moves the end of support', async () => {
    const id = await openEpisode();
    await recordRelease(t, practitioner, { id }, { releasedOn: '2026-11-10' });
    const worker = await signedIn(practitioner);
    expect((await worker.get(`/episodes/${id}`)).body).not.toContain('data-qa="extension-link"');
    expect((await worker.get(`/episodes/${id}/extension`)).body).not.toContain('data-qa="extension-form"');
    const page = await signedIn(manager);
    expect((await page.get(`/episodes/${id}`)).body).toContain('data-qa="extension-link"');
    expect((await page.get(`/episodes/${id}/extension`)).body).toContain('data-qa="extension-form"');
    const early = await submit(page, `/episodes/${id}`, `/episodes/${id}/extension`, {
      'until-day': '1',
      'until-month': '1',
      'until-year': '2027',
      reason: 'Housing',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toMatch(/<a href="#until-day"[^>]*>\s*Must be after the current end of support/);
    expect(
      (
        await submit(page, `/episodes/${id}`, `/episodes/${id}/extension`, {
          'until-day': '10',
          'until-month': '2',
          'until-year': '2028',
          reason: 'Housing not settled',
        })
      ).statusCode,
    ).toBe(303);
    expect((await page.get(`/episodes/${id}`)).body).toContain('10 February 2028');
    const refused = await worker.post(
      `/episodes/${id}/extension`,
      {
        _csrf: hidden((await worker.get(`/episodes/${id}`)).body, '_csrf'),
        'until-day': '10',
        'until-month': '3',
        'until-year': '2028',
        reason: 'x',
      },
      undefined,
      { withCsrf: false },
    );
    expect(refused.statusCode).toBe(403);
  });
});

describe('the closure page', () => {
  it('asks for each goal’s outcome, closes, offers the letter, and lets only a manager reopen', async () => {
    const id = await openEpisode();
    const goalId = randomUUID();
    await t.services.db.insert(planGoals).values({
      id: goalId,
      episodeId: id,
      needDomain: 'housing',
      description: 'Find settled housing',
      createdBy: practitioner.viewer.id,
      createdAt: t.clock.now,
      updatedAt: t.clock.now,
    });
    const page = await signedIn(practitioner);
    const overview = await page.get(`/episodes/${id}`);
    expect(overview.body).toContain(`href="/episodes/${id}/closure"`);
    expect(overview.body).not.toContain('data-qa="close-form"');
    expect((await page.get(`/episodes/${id}/closure-letter.pdf`)).statusCode).toBe(409);
    const form = await page.get(`/episodes/${id}/closure`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('data-qa="closure-form"');
    expect(form.body).toContain('Find settled housing');
    const empty = await submit(page, `/episodes/${id}/closure`, `/episodes/${id}/closure`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/<a href="#reason"[^>]*>\s*Select the reason for closing/);
    const noGoal = await submit(page, `/episodes/${id}/closure`, `/episodes/${id}/closure`, {
      reason: 'support_completed',
      summary: 'Settled.',
    });
    expect(noGoal.statusCode).toBe(400);
    expect(noGoal.body).toMatch(
      new RegExp(`<a href="#goal-${goalId}"[^>]*>\\s*Say whether the goal “Find settled housing” was achieved`),
    );
    expect(noGoal.body).toMatch(/id="summary"[^>]*>\s*Settled\./);
    const closed = await submit(page, `/episodes/${id}/closure`, `/episodes/${id}/closure`, {
      reason: 'support_completed',
      summary: 'Settled.',
      [`goal-${goalId}`]: 'partly_achieved',
    });
    expect(closed.statusCode).toBe(303);
    expect(closed.headers.location).toBe(`/episodes/${id}/closure#closed`);
    const after = await page.get(`/episodes/${id}/closure`);
    expect(after.body).toContain('data-qa="closure-summary"');
    expect(after.body).toContain('Find settled housing: Partly achieved');
    expect(after.body).not.toContain('data-qa="reopen-form"');
    const pdf = await page.get(`/episodes/${id}/closure-letter.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await page.get(`/episodes/${id}`)).body).toContain('This episode of care is closed: Support completed.');

    const csrf = hidden(after.body, '_csrf') || hidden((await page.get('/referrals/new')).body, '_csrf');
    expect(
      (await page.post(`/episodes/${id}/reopen`, { _csrf: csrf, reason: 'x' }, undefined, { withCsrf: false }))
        .statusCode,
    ).toBe(403);
    const boss = await signedIn(manager);
    const reopenForm = await boss.get(`/episodes/${id}/closure`);
    expect(reopenForm.body).toContain('data-qa="reopen-form"');
    const blank = await submit(boss, `/episodes/${id}/closure`, `/episodes/${id}/reopen`, {});
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toMatch(/<a href="#reopen-reason"[^>]*>\s*Give the reason for reopening/);
    const reopened = await submit(boss, `/episodes/${id}/closure`, `/episodes/${id}/reopen`, {
      reason: 'Asked to come back',
    });
    expect(reopened.statusCode).toBe(303);
    const open = await page.get(`/episodes/${id}`);
    expect(open.body).toContain('data-qa="record-contact-link"');
    expect(open.body).toContain('Episode of care reopened. Reason: Asked to come back');
  });
});
