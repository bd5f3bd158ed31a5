// The worklist's kept answers against a real database (answers.ts, migration 0028): the database gives an
// episode a new state version in the same transaction as any change to what the rules read of it, whichever
// table the change is in, and works out again whether it is open when it is closed or reopened. With answers
// kept, the worklist is exactly what the rules make of the state read afresh (PRODUCT.md step 8: "a worklist
// computed from the state of each case, never from memory"), at every step of a case, as the clock moves within
// a day and across days, and when a manager looks ahead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, recordContact, recordRelease, staffAt } from '../../test/support/factories.ts';
import { rowsOf } from '../db/client.ts';
import { workScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { loadWorklistState } from './repository.ts';
import { worklist } from './rules.ts';

const ER = SITES.lancashire;

/** Every table the rules read of an episode (repository.ts loadEpisodes), as the triggers must cover them. */
const READ_BY_THE_RULES = [
  'contacts',
  'episode_co_workers',
  'episode_events',
  'episode_outcomes',
  'episodes',
  'handovers',
  'plan_actions',
  'plan_reviews',
  'referrals',
  'release_plans',
];

let t: TestApp;
let referrer: TestUser;
let manager: TestUser;
let practitioner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer', { organisation: 'Probation' });
  manager = await staffAt(t, ER, 'manager');
  practitioner = await staffAt(t, ER);
});
afterAll(() => t.close());

const as = (user: TestUser): Viewer => ({ ...user.viewer, asOf: t.clock.now });

interface KeptState {
  version: string;
  open: boolean;
  siteCode: string;
  leadWorkerId: string | null;
  referralId: string;
  closedOn: string | null;
  releasedOn: string | null;
  expectedReleaseOn: string | null;
}

async function stateOf(id: string): Promise<KeptState> {
  const [row] = rowsOf<KeptState>(
    await t.services.db.execute(
      sql`select version::text as version, open, site_code as "siteCode", lead_worker_id as "leadWorkerId",
        referral_id as "referralId", closed_on::text as "closedOn", released_on::text as "releasedOn",
        expected_release_on::text as "expectedReleaseOn" from episode_states where episode_id = ${id}`,
    ),
  );
  if (!row) throw new Error(`no state for ${id}`);
  return row;
}

/** The worklist the API serves (answers kept) is what the rules make of the state read afresh, now and ahead. */
async function expectWorklistAsRulesMakeIt(user: TestUser, asOf?: Date) {
  const viewer = as(user);
  const at = asOf ?? t.clock.now;
  const { items } = await t.services.worklist.list(t.services.db, viewer, { site: ER, asOf });
  const fresh = await loadWorklistState(t.services.db, t.services.sites.all(), {
    siteCodes: [ER],
    scope: workScope(viewer),
  });
  const episodeItems = (list: { episodeId?: string }[]) => list.filter((i) => i.episodeId);
  expect(episodeItems(items)).toEqual(episodeItems(worklist(fresh, at)));
  return items.map((i) => i.rule);
}

describe('episode states (migration 0028)', () => {
  it('are kept by triggers on every table the rules read', async () => {
    const rows = rowsOf<{ table: string; n: number }>(
      await t.services.db.execute(sql`select c.relname as table, count(*)::int as n from pg_trigger g
        join pg_class c on c.oid = g.tgrelid join pg_proc p on p.oid = g.tgfoid
        where p.proname = 'episode_states_touch' and not g.tgisinternal group by c.relname order by c.relname`),
    );
    // Insert, update and delete; not a referral's insert: no episode exists before its referral.
    expect(rows).toEqual(READ_BY_THE_RULES.map((table) => ({ table, n: table === 'referrals' ? 2 : 3 })));
  });

  it('change version with every change to a case, and open with its closure and reopening', async () => {
    const episode = await anOpenEpisode(t, { referrer, manager }, ER, { lead: practitioner });
    const seen = new Set<string>();
    const changed = async (what: string) => {
      const { version } = await stateOf(episode.id);
      expect(seen.has(version), `${what}: a new version`).toBe(false);
      seen.add(version);
      await expectWorklistAsRulesMakeIt(manager);
      await expectWorklistAsRulesMakeIt(practitioner);
    };
    await changed('opened');
    expect((await stateOf(episode.id)).open).toBe(true);

    const releasedOn = londonDate(t.clock.now);
    await recordRelease(t, practitioner, episode, { releasedOn });
    await changed('released');
    t.clock.now = new Date(t.clock.now.getTime() + 3 * 86_400_000);
    // A later day: the same state, other items due.
    expect(await expectWorklistAsRulesMakeIt(practitioner)).toContain('no_contact_after_release');
    await expectWorklistAsRulesMakeIt(manager, new Date(t.clock.now.getTime() + 20 * 86_400_000)); // ahead

    await recordContact(t, practitioner, episode, {
      at: t.clock.now.toISOString(),
      type: 'community',
      outcome: 'attended',
    });
    await changed('a contact attended');

    const outcomes = await t.api(practitioner.token, {
      method: 'PUT',
      url: `/api/v1/episodes/${episode.id}/outcomes`,
      payload: { gpRegisteredOn: addDaysIso(releasedOn, 1) },
    });
    expect(outcomes.statusCode, outcomes.body).toBe(200);
    await changed('a GP registration');

    await t.services.db.execute(sql`update referrals set restricted = true where id = ${episode.referralId}`);
    await changed('the referral restricted');

    const closed = await t.api(practitioner.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episode.id}/close`,
      payload: { reason: 'moved_and_transferred', summary: 'Left the area.' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await stateOf(episode.id)).toMatchObject({ open: false });
    await changed('closed');

    const reopened = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episode.id}/reopen`,
      payload: { reason: 'Came back to the area.' },
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(await stateOf(episode.id)).toMatchObject({ open: true });
    await changed('reopened');
  });

  it("copy the episode's site, lead worker and referral (migrations 0029 and 0034), which follow a reallocation and a change of site, and the day of its closure (0030)", async () => {
    const episode = await anOpenEpisode(t, { referrer, manager }, ER, { lead: practitioner });
    expect(await stateOf(episode.id)).toMatchObject({
      open: true,
      siteCode: ER,
      leadWorkerId: practitioner.viewer.id,
      referralId: episode.referralId,
    });
    const colleague = await staffAt(t, ER);
    const before = await stateOf(episode.id);
    await t.services.db.execute(
      sql`update episodes set lead_worker_id = ${colleague.viewer.id} where id = ${episode.id}`,
    );
    const reallocated = await stateOf(episode.id);
    expect(reallocated).toMatchObject({ siteCode: ER, leadWorkerId: colleague.viewer.id });
    expect(reallocated.version).not.toBe(before.version);
    await t.services.db.execute(
      sql`update episodes set lead_worker_id = null, site_code = ${SITES.birmingham} where id = ${episode.id}`,
    );
    expect(await stateOf(episode.id)).toMatchObject({ open: true, siteCode: SITES.birmingham, leadWorkerId: null });
    // Closed, it keeps its site and lead worker: only whether it is open changes.
    await t.services.db.execute(
      sql`update episodes set site_code = ${ER}, lead_worker_id = ${practitioner.viewer.id} where id = ${episode.id}`,
    );
    const closed = await t.api(practitioner.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episode.id}/close`,
      payload: { reason: 'moved_and_transferred', summary: 'Left the area.' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await stateOf(episode.id)).toMatchObject({
      open: false,
      siteCode: ER,
      leadWorkerId: practitioner.viewer.id,
      closedOn: londonDate(t.clock.now),
    });
    // Reopened, it has no day of closure (migration 0030: the report's months read it).
    const reopened = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episode.id}/reopen`,
      payload: { reason: 'Came back to the area.' },
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(await stateOf(episode.id)).toMatchObject({ open: true, closedOn: null });
  });

  it('keep the day of the first release and the expected release date last recorded, as the episode shows them (migration 0033)', async () => {
    const episode = await anOpenEpisode(t, { referrer, manager }, ER, { lead: practitioner });
    const shown = async () => {
      const res = await t.api(practitioner.token, { method: 'GET', url: `/api/v1/episodes/${episode.id}` });
      const e = res.json<{ releasedOn: string | null; expectedReleaseDate: string | null }>();
      return { releasedOn: e.releasedOn, expectedReleaseOn: e.expectedReleaseDate };
    };
    expect(await stateOf(episode.id)).toMatchObject(await shown());
    for (const days of [40, 25]) {
      const set = await t.api(practitioner.token, {
        method: 'POST',
        url: `/api/v1/episodes/${episode.id}/expected-release-date`,
        payload: { expectedReleaseDate: addDaysIso(londonDate(t.clock.now), days), reason: 'Checked with the prison' },
      });
      expect(set.statusCode, set.body).toBe(200);
      expect(await stateOf(episode.id)).toMatchObject({
        ...(await shown()),
        expectedReleaseOn: addDaysIso(londonDate(t.clock.now), days),
      });
    }
    await recordRelease(t, practitioner, episode, { releasedOn: londonDate(t.clock.now) });
    expect(await stateOf(episode.id)).toMatchObject({ ...(await shown()), releasedOn: londonDate(t.clock.now) });
  });
});
