// The episode lifecycle through the API (issue "Episode lifecycle": "every legal transition and a
// rejection for each illegal one"): contacts, release, recall, extension, expected release date, closure
// with goal outcomes, the closure letter, reopening, and the handover closure called by another module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { auditEvents, planGoals, releasePlans } from '../db/schema.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, aReferral, staffAt } from '../../test/support/factories.ts';
import { readPdf } from '../../test/support/pdfText.ts';

const RC = SITES.eastOfEngland;
let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let manager: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation East' });
  practitioner = await staffAt(t, RC);
  manager = await staffAt(t, RC, 'manager');
  stranger = await staffAt(t, SITES.hampshire);
});
afterAll(() => t.close());

const today = () => londonDate(t.clock.now);

/** An episode opened by the site's practitioner from a referral they accepted, led by them. */
async function openEpisode(): Promise<string> {
  return (await anOpenEpisode(t, { referrer, manager: practitioner }, RC, { lead: practitioner })).id;
}

function act(user: TestUser, id: string, action: string, payload: object) {
  return t.api(user.token, { method: 'POST', url: `/api/v1/episodes/${id}/${action}`, payload });
}
const get = (user: TestUser, url: string) => t.api(user.token, { method: 'GET', url });
const contact = (extra: object = {}) => ({
  at: t.clock.now.toISOString(),
  type: 'phone',
  outcome: 'attended',
  ...extra,
});
const release = () => ({ releasedOn: today(), releasedFrom: 'prison' });
const close = (extra: object = {}) => ({
  reason: 'support_completed',
  summary: 'Settled with a GP and housing.',
  ...extra,
});
const fields = (res: { json(): { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field);

async function goal(episodeId: string, description: string): Promise<string> {
  const id = randomUUID();
  await t.services.db.insert(planGoals).values({
    id,
    episodeId,
    needDomain: 'physical_health',
    description,
    createdBy: practitioner.viewer.id,
    createdAt: t.clock.now,
    updatedAt: t.clock.now,
  });
  return id;
}

/** The letter's text as drawn, through its embedded font's character map. */
function pdfText(pdf: Buffer): string {
  return readPdf(pdf).text.replace(/\s+/g, ' ');
}

describe('opening', () => {
  it('refuses an episode from an unscreened referral (409), and opens from an accepted one (201)', async () => {
    const refused = await t.api(practitioner.token, {
      method: 'POST',
      url: '/api/v1/episodes',
      payload: { referralId: (await aReferral(t, referrer, RC)).id },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].message).toMatch(/accepted at screening/);
  });
});

describe('contacts', () => {
  it('records who was present and why a contact was cancelled; a cancellation needs its reason (400 on cancelledReason)', async () => {
    const id = await openEpisode();
    const withPeople = await act(
      practitioner,
      id,
      'contacts',
      contact({ type: 'in_prison', present: ['Pat Prison, POM', 'Chris, COM'] }),
    );
    expect(withPeople.statusCode).toBe(201);
    expect(withPeople.json()).toMatchObject({ present: ['Pat Prison, POM', 'Chris, COM'], cancelledReason: null });
    const noReason = await act(practitioner, id, 'contacts', contact({ outcome: 'cancelled' }));
    expect(noReason.statusCode).toBe(400);
    expect(fields(noReason)).toEqual(['cancelledReason']);
    const cancelled = await act(
      practitioner,
      id,
      'contacts',
      contact({ outcome: 'cancelled', cancelledReason: 'Prison lockdown' }),
    );
    expect(cancelled.statusCode).toBe(201);
    expect(cancelled.json().cancelledReason).toBe('Prison lockdown');
    expect((await act(practitioner, id, 'contacts', contact({ present: [''] }))).statusCode).toBe(400);
  });

  it('says "Did not attend" plainly on the timeline and counts did-not-attends for the caseload in one query', async () => {
    // The referrals arrive 41 days ago, so every contact below falls after them (issue 10: no contact before
    // its referral existed).
    const start = t.clock.now;
    t.clock.now = new Date(start.getTime() - 41 * 86_400_000);
    const id = await openEpisode();
    const quiet = await openEpisode();
    t.clock.now = start;
    await act(
      practitioner,
      id,
      'contacts',
      contact({ at: new Date(start.getTime() - 40 * 86_400_000).toISOString(), outcome: 'did_not_attend' }),
    );
    await act(
      practitioner,
      id,
      'contacts',
      contact({ at: new Date(start.getTime() - 5 * 86_400_000).toISOString(), outcome: 'did_not_attend' }),
    );
    await act(practitioner, id, 'contacts', contact({ at: new Date(start.getTime() - 3 * 86_400_000).toISOString() }));
    await act(
      practitioner,
      id,
      'contacts',
      contact({
        at: new Date(start.getTime() - 86_400_000).toISOString(),
        outcome: 'did_not_attend',
        type: 'community',
      }),
    );
    const timeline = (await get(practitioner, `/api/v1/episodes/${id}/timeline`)).json().items;
    expect(timeline.map((e: { summary: string }) => e.summary)).toContain(
      'Did not attend: contact in the community was missed.',
    );
    const summaries = await t.services.episodes.contactSummaries(t.services.db, [id, quiet], t.clock.now);
    expect(summaries.get(id)).toEqual({
      lastContactAt: new Date(start.getTime() - 86_400_000),
      lastOutcome: 'did_not_attend',
      lastAttendedAt: new Date(start.getTime() - 3 * 86_400_000),
      didNotAttendLast30Days: 2,
    });
    expect(summaries.get(quiet)).toEqual({
      lastContactAt: null,
      lastOutcome: null,
      lastAttendedAt: null,
      didNotAttendLast30Days: 0,
    });
  });
});

describe('the timeline', () => {
  it('is oldest first, newest first when asked, and 400 for another order', async () => {
    const id = await openEpisode();
    const oldest = (await get(practitioner, `/api/v1/episodes/${id}/timeline`)).json().items;
    const newest = (await get(practitioner, `/api/v1/episodes/${id}/timeline?order=newest`)).json().items;
    expect(oldest[0].kind).toBe('referral.received');
    expect(newest).toEqual([...oldest].reverse());
    expect((await get(practitioner, `/api/v1/episodes/${id}/timeline?order=sideways`)).statusCode).toBe(400);
  });
});

describe('expected release date', () => {
  it('changes with a reason while in custody, keeping the history; refuses a past date (400) and after release (409)', async () => {
    const id = await openEpisode();
    const next = addDaysIso(today(), 90);
    const changed = await act(practitioner, id, 'expected-release-date', {
      expectedReleaseDate: next,
      reason: 'Parole board adjourned',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ expectedReleaseDate: next });
    expect(
      fields(
        await act(practitioner, id, 'expected-release-date', {
          expectedReleaseDate: addDaysIso(today(), -1),
          reason: 'x',
        }),
      ),
    ).toEqual(['expectedReleaseDate']);
    expect(fields(await act(practitioner, id, 'expected-release-date', { expectedReleaseDate: next }))).toEqual([
      'reason',
    ]);
    expect(
      (await act(referrer, id, 'expected-release-date', { expectedReleaseDate: next, reason: 'x' })).statusCode,
    ).toBe(403);
    expect((await act(practitioner, id, 'release', release())).statusCode).toBe(200);
    const after = await act(practitioner, id, 'expected-release-date', { expectedReleaseDate: next, reason: 'x' });
    expect(after.statusCode).toBe(409);
    expect(after.json().errors[0].message).toMatch(/recall to custody/);
  });
});

describe('extension beyond the support window', () => {
  it('needs a manager (403 for a practitioner), a later end (400 on until), a release (409); then moves the end of support', async () => {
    const id = await openEpisode();
    expect(
      (await act(manager, id, 'extension', { until: addDaysIso(today(), 400), reason: 'Housing not yet settled' }))
        .statusCode,
    ).toBe(409);
    const released = (await act(practitioner, id, 'release', release())).json();
    expect(
      (await act(practitioner, id, 'extension', { until: addDaysIso(released.supportEndsOn, 30), reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(fields(await act(manager, id, 'extension', { until: released.supportEndsOn, reason: 'x' }))).toEqual([
      'until',
    ]);
    expect(fields(await act(manager, id, 'extension', { until: '2027-02-30' }))).toEqual(['until', 'reason']);
    const until = addDaysIso(released.supportEndsOn, 60);
    const extended = await act(manager, id, 'extension', { until, reason: 'Housing not yet settled' });
    expect(extended.statusCode).toBe(200);
    expect(extended.json()).toMatchObject({ status: 'post_release', supportEndsOn: until });
    const timeline = (await get(manager, `/api/v1/episodes/${id}/timeline`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(timeline).toContain('episode.extension_approved');
    expect((await act(practitioner, id, 'recall', { reason: 'Licence breach' })).statusCode).toBe(200);
    const paused = await act(manager, id, 'extension', { until: addDaysIso(until, 30), reason: 'x' });
    expect(paused.statusCode).toBe(409);
    expect(paused.json().errors[0].message).toMatch(/recalled/);
  });
});

describe('closure', () => {
  it('needs a coded reason (400) and an outcome for each open goal (400 on the goal), writes the outcomes, then refuses every change but reopening', async () => {
    const id = await openEpisode();
    const other = await openEpisode();
    const gp = await goal(id, 'Register with a GP');
    const housing = await goal(id, 'Find settled housing');
    const elsewhere = await goal(other, 'Someone else’s goal');
    expect(fields(await act(practitioner, id, 'close', close({ reason: 'goals_met' })))).toEqual(['reason']);
    expect(
      fields(await act(practitioner, id, 'close', close({ goalOutcomes: [{ goalId: gp, outcome: 'achieved' }] }))),
    ).toEqual([`goalOutcomes.${housing}`]);
    expect(
      fields(await act(practitioner, id, 'close', close({ goalOutcomes: [{ goalId: gp, outcome: 'great' }] }))),
    ).toEqual(['goalOutcomes.0.outcome']);
    const foreign = await act(
      practitioner,
      id,
      'close',
      close({ reason: 'died', goalOutcomes: [{ goalId: elsewhere, outcome: 'achieved' }] }),
    );
    expect(fields(foreign)).toEqual(['goalOutcomes.0.goalId']);
    expect((await act(stranger, id, 'close', close())).statusCode).toBe(404);
    expect((await act(referrer, id, 'close', close())).statusCode).toBe(403);

    const closed = await act(
      practitioner,
      id,
      'close',
      close({
        goalOutcomes: [
          { goalId: gp, outcome: 'achieved' },
          { goalId: housing, outcome: 'partly_achieved' },
        ],
      }),
    );
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: 'support_completed' });
    const stored = await t.services.db
      .select({ id: planGoals.id, outcome: planGoals.outcome })
      .from(planGoals)
      .where(eq(planGoals.episodeId, id));
    expect(Object.fromEntries(stored.map((g) => [g.id, g.outcome]))).toEqual({
      [gp]: 'achieved',
      [housing]: 'partly_achieved',
    });
    const timeline = (await get(practitioner, `/api/v1/episodes/${id}/timeline`)).json().items;
    expect(timeline.at(-1).summary).toBe(
      'Episode of care closed: support completed. Goals: 1 achieved, 1 partly achieved.',
    );

    const refusals: [string, object][] = [
      ['close', close()],
      ['release', release()],
      ['recall', { reason: 'x' }],
      ['expected-release-date', { expectedReleaseDate: addDaysIso(today(), 10), reason: 'x' }],
    ];
    for (const [action, payload] of refusals) {
      const res = await act(practitioner, id, action, payload);
      expect(res.statusCode, action).toBe(409);
      expect(res.json().errors[0].message, action).toMatch(/closed/);
    }
    const contactRefused = await act(practitioner, id, 'contacts', contact());
    expect(contactRefused.statusCode).toBe(409);
    expect(contactRefused.json().errors[0].message).toMatch(/closed/);
    expect((await act(manager, id, 'extension', { until: addDaysIso(today(), 400), reason: 'x' })).statusCode).toBe(
      409,
    );
  });

  it('lets goals stay open when the person died, moved or was stepped up or down', async () => {
    for (const reason of ['died', 'moved_and_transferred', 'stepped_up_or_down']) {
      const id = await openEpisode();
      await goal(id, 'Register with a GP');
      expect((await act(practitioner, id, 'close', close({ reason }))).statusCode, reason).toBe(200);
    }
  });
});

describe('reopening', () => {
  it('is for managers (403 for a practitioner), only when closed (409), and lets contacts be recorded again', async () => {
    const id = await openEpisode();
    expect((await act(manager, id, 'reopen', { reason: 'x' })).statusCode).toBe(409);
    expect((await act(practitioner, id, 'close', close({ reason: 'disengaged' }))).statusCode).toBe(200);
    expect((await act(practitioner, id, 'reopen', { reason: 'Asked to come back' })).statusCode).toBe(403);
    expect((await act(stranger, id, 'reopen', { reason: 'x' })).statusCode).toBe(404);
    expect(fields(await act(manager, id, 'reopen', {}))).toEqual(['reason']);
    const reopened = await act(manager, id, 'reopen', { reason: 'Asked to come back' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'pre_release', closedReason: null, closureSummary: null });
    expect((await act(manager, id, 'reopen', { reason: 'again' })).statusCode).toBe(409);
    expect((await act(practitioner, id, 'contacts', contact())).statusCode).toBe(201);
    const kinds = (await get(manager, `/api/v1/episodes/${id}/timeline`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(-3)).toEqual(['episode.closed', 'episode.reopened', 'contact.recorded']);
    // Closed again the same day: the events keep their recorded order.
    expect((await act(practitioner, id, 'close', close({ reason: 'declined_further_support' }))).json().status).toBe(
      'closed',
    );
  });
});

describe('the closure letter', () => {
  it('is 409 before closure; after, a PDF in plain language to the referrer and the GP practice, and reading it is audited', async () => {
    const id = await openEpisode();
    const gp = await goal(id, 'Register with a GP');
    expect((await get(practitioner, `/api/v1/episodes/${id}/closure-letter`)).statusCode).toBe(409);
    await t.services.db.insert(releasePlans).values({
      episodeId: id,
      plan: { gp: { registered: true, practice: 'Riverside Surgery' } },
      updatedBy: practitioner.viewer.id,
      updatedAt: t.clock.now,
    });
    await act(practitioner, id, 'contacts', contact({ type: 'in_prison' }));
    expect(
      (await act(practitioner, id, 'close', close({ goalOutcomes: [{ goalId: gp, outcome: 'achieved' }] }))).statusCode,
    ).toBe(200);
    expect((await get(stranger, `/api/v1/episodes/${id}/closure-letter`)).statusCode).toBe(404);
    const res = await get(practitioner, `/api/v1/episodes/${id}/closure-letter`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(res.rawPayload);
    const referralView = (await get(practitioner, `/api/v1/episodes/${id}`)).json();
    const person = (await get(practitioner, `/api/v1/referrals/${referralView.referralId}`)).json().person;
    for (const phrase of [
      `${referrer.viewer.name}, Probation East (who referred them)`,
      'Riverside Surgery (their GP practice)',
      `${person.givenName} has finished their support with us.`,
      'Register with a GP: achieved.',
      'We met or spoke with them once, in prison.',
      'Who to contact',
      practitioner.viewer.name,
    ]) {
      expect(text).toContain(phrase);
    }
    const audited = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, id), eq(auditEvents.action, 'episode.closure_letter_viewed')));
    expect(audited).toHaveLength(1);
  });
});

describe('closing for a handover', () => {
  it('closes the sending episode for the receiving team without the site check, on the timeline and audited; an episode already closed is left', async () => {
    const id = await openEpisode();
    await goal(id, 'Register with a GP');
    const result = await t.services.db.transaction((tx) =>
      t.services.episodeClosures.closeForHandover(
        tx,
        stranger.viewer,
        id,
        'moved_and_transferred',
        'Moved to Hampshire; handed over.',
        t.clock.now,
      ),
    );
    expect(result).toBe('closed');
    const view = (await get(practitioner, `/api/v1/episodes/${id}`)).json();
    expect(view).toMatchObject({
      status: 'closed',
      closedReason: 'moved_and_transferred',
      closureSummary: 'Moved to Hampshire; handed over.',
    });
    const audited = await t.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, id), eq(auditEvents.action, 'episode.closed')));
    expect(audited[0]!.actorId).toBe(stranger.viewer.id);
    const kinds = (await get(practitioner, `/api/v1/episodes/${id}/timeline`))
      .json()
      .items.map((e: { kind: string }) => e.kind);
    expect(kinds.at(-1)).toBe('episode.closed');
    expect(
      await t.services.db.transaction((tx) =>
        t.services.episodeClosures.closeForHandover(
          tx,
          { id: stranger.viewer.id, label: 'handover' },
          id,
          'stepped_up_or_down',
          'x',
          t.clock.now,
        ),
      ),
    ).toBe('already_closed');
  });
});
