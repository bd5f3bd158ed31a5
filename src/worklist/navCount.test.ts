// The navigation's "Worklist (N)" against a real database: the count read in the page's one statement of
// counts (web/navCounts.ts, with the rules' answer remembered by the state read) is the worklist's own count
// of the viewer's high-severity items ("my items", API.md "The safety-net worklist"), for every kind of
// user, over a varied caseload: cases led and co-worked, a released one, risk-forum and other meetings'
// overdue actions owned by the viewer, by a partner or by a colleague, and restricted cases, one the viewer
// leads and one they may not see, with an action of theirs on it. The clock moves within a day and across
// days, and the state changes under the remembered answer, so it is never stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import {
  SITES,
  aReferralBody,
  anOpenEpisode,
  recordContact,
  recordRelease,
  staffAt,
  type OpenEpisode,
} from '../../test/support/factories.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { navCountsFor } from '../web/navCounts.ts';
import type { Viewer } from '../access/viewer.ts';

const ER = SITES.lancashire;

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let practitioner: TestUser;
let colleague: TestUser;
let elsewhere: TestUser;
let released: OpenEpisode;
let hidden: OpenEpisode;
const everyone = () => [practitioner, colleague, manager, elsewhere, referrer];

const as = (user: TestUser): Viewer => ({ ...user.viewer, asOf: t.clock.now });

/** The worklist's own count: "my items" of high severity, as the worklist page and API list them. */
async function worklistsOwnCount(user: TestUser): Promise<number | undefined> {
  if (user.viewer.role !== 'practitioner' && user.viewer.role !== 'manager') return undefined;
  const { items } = await t.services.worklist.list(t.services.db, as(user), { view: 'mine' });
  return items.filter((i) => i.severity === 'high').length;
}

const navigationCount = async (user: TestUser) =>
  (await navCountsFor(t.app.navCounters, t.services.db, as(user), t.clock.now)).worklist;

async function expectSameForEveryone(): Promise<Map<TestUser, number | undefined>> {
  const found = new Map<TestUser, number | undefined>();
  for (const user of everyone()) {
    const own = await worklistsOwnCount(user);
    expect(await navigationCount(user), `${user.viewer.name} at ${t.clock.now.toISOString()}`).toBe(own);
    // Asked again with nothing changed: the remembered answer.
    expect(await navigationCount(user)).toBe(own);
    found.set(user, own);
  }
  return found;
}

const meeting = (user: TestUser, episodeId: string, kind: string, actions: object[]) =>
  t.api(user.token, {
    method: 'POST',
    url: `/api/v1/episodes/${episodeId}/meetings`,
    payload: {
      kind,
      heldOn: '2026-11-02',
      ...(kind === 'mappa' ? { mappaLevel: 2, mappaCategory: 1 } : {}),
      attendees: [{ name: 'Sam Current', organisation: 'Blackpool Probation Delivery Unit', present: true }],
      summary: 'Risks and next steps.',
      actions,
    },
  });
const action = (description: string, dueOn: string, owner?: TestUser) => ({
  description,
  dueOn,
  ownerName: owner ? owner.viewer.name : 'Sam Current',
  ownerOrganisation: owner ? 'Enhanced RECONNECT' : 'Blackpool Probation Delivery Unit',
  ...(owner ? { ownerUserId: owner.viewer.id } : {}),
});

function releasingOn(expectedReleaseDate: string) {
  const body = aReferralBody(t, ER);
  return { ...body, custody: { ...body.custody, expectedReleaseDate } };
}

beforeAll(async () => {
  t = await createTestApp(new Date('2026-11-10T09:00:00Z'));
  referrer = await t.user('referrer', { organisation: 'Probation' });
  manager = await staffAt(t, ER, 'manager');
  practitioner = await staffAt(t, ER);
  colleague = await staffAt(t, ER);
  elsewhere = await staffAt(t, SITES.hampshire);
  const who = { referrer, manager };
  // Led by the practitioner: release in ten days with the plan incomplete; one to be released from court.
  await anOpenEpisode(t, who, ER, { lead: practitioner, body: releasingOn('2026-11-20') });
  released = await anOpenEpisode(t, who, ER, { lead: practitioner, body: releasingOn('2026-12-20') });
  // The colleague's, with the practitioner as co-worker; the colleague's own; a restricted one the
  // practitioner leads (they may see it), and one the manager leads (they may not).
  const coWorked = await anOpenEpisode(t, who, ER, { lead: colleague, body: releasingOn('2026-11-18') });
  const colleagues = await anOpenEpisode(t, who, ER, { lead: colleague, body: releasingOn('2026-11-19') });
  const restrictedLed = await anOpenEpisode(t, who, ER, { lead: practitioner, restricted: true });
  hidden = await anOpenEpisode(t, who, ER, { lead: manager, restricted: true, body: releasingOn('2026-11-21') });
  const added = await t.api(colleague.token, {
    method: 'POST',
    url: `/api/v1/episodes/${coWorked.id}/co-workers`,
    payload: { userId: practitioner.viewer.id, role: 'Psychologist' },
  });
  expect(added.statusCode, added.body).toBe(201);

  const recorded = [
    // A risk forum's actions are high: the partner's on a case the practitioner leads, and the practitioner's own
    // on the colleague's case, are theirs; the colleague's on the same case is not; a later one falls due later.
    await meeting(practitioner, released.id, 'mappa', [
      action('Share the risk management plan', '2026-11-05'),
      action('Confirm the approved premises', '2026-11-16'),
    ]),
    await meeting(colleague, colleagues.id, 'marac', [
      action('Safety plan with the victim’s advocate', '2026-11-04', practitioner),
      action('Tell the police of the release', '2026-11-06', colleague),
    ]),
    // Any other meeting's overdue action is medium: on the practitioner's case, never in their count.
    await meeting(practitioner, released.id, 'professionals', [action('Send the licence conditions', '2026-11-03')]),
    await meeting(practitioner, restrictedLed.id, 'channel_panel', [action('Refer to the mentor', '2026-11-05')]),
    // The restricted case the practitioner may not see: their own action on it stays out of their count.
    await meeting(manager, hidden.id, 'mappa', [action('Check the exclusion zone', '2026-11-04', practitioner)]),
  ];
  for (const res of recorded) expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => t.close());

describe('the navigation’s worklist count', () => {
  it('is the worklist’s own count of my high-severity items, for everyone, as the clock and the cases move', async () => {
    const first = await expectSameForEveryone();
    expect(first.get(practitioner)).toBeGreaterThanOrEqual(4);
    expect(first.get(colleague)).toBeGreaterThanOrEqual(2);

    // Later the same day (the remembered answer, compared with the moment), then days on.
    t.clock.now = new Date('2026-11-10T22:30:00Z');
    await expectSameForEveryone();
    t.clock.now = new Date('2026-11-14T08:00:00Z');
    await recordRelease(t, practitioner, released, { releasedOn: '2026-11-14', releasedFrom: 'court' });
    const afterRelease = await expectSameForEveryone();
    expect(afterRelease.get(practitioner)).not.toBe(first.get(practitioner));
    t.clock.now = new Date('2026-11-17T10:00:00Z');
    await expectSameForEveryone();
    await recordContact(t, practitioner, released, {
      at: '2026-11-17T09:30:00Z',
      type: 'community',
      outcome: 'attended',
    });
    t.clock.now = new Date('2026-11-23T10:00:00Z');
    await expectSameForEveryone();
  });

  it('counts a restricted case once the viewer may see it, and not after', async () => {
    const before = await navigationCount(practitioner);
    const reallocate = async (lead: TestUser) => {
      const current = await t.api(manager.token, { method: 'GET', url: `/api/v1/episodes/${hidden.id}` });
      const res = await t.api(manager.token, {
        method: 'PUT',
        url: `/api/v1/episodes/${hidden.id}/allocation`,
        payload: { leadWorkerId: lead.viewer.id },
        headers: { 'if-match': `"${current.json().version}"` },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await reallocate(practitioner);
    const leading = await expectSameForEveryone();
    expect(leading.get(practitioner)).toBeGreaterThan(before ?? 0);
    await reallocate(manager);
    expect((await expectSameForEveryone()).get(practitioner)).toBe(before);
  });

  it('is the count the page’s navigation shows', async () => {
    const page = await PageSession.signedIn(t.app, practitioner);
    const res = await page.get('/search');
    expect(res.statusCode).toBe(200);
    const n = await worklistsOwnCount(practitioner);
    expect(n).toBeGreaterThan(0);
    expect(res.body).toContain(`Worklist (${n})`);
  });
});
