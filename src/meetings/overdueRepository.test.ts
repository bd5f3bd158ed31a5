// A page of the worklist reads only the first few overdue actions, in the worklist's own order, and how many there
// are (overdueRepository.ts firstOpenActionsDueBefore). Against a real database: for every kind of staff user, the
// team's view and "my items", and every page size, the few read are the first of every overdue action as the
// worklist orders them (rules.ts byPriority, stable), and the count is all of them, in the API's pages and on the
// worklist page; a restricted action is neither read nor counted for a practitioner who may not see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { SITES, anOpenEpisode, staffAt } from '../../test/support/factories.ts';
import { rowsOf } from '../db/client.ts';
import { byPriority, firstByPriority, isMine } from '../worklist/rules.ts';
import type { WorklistItem } from '../worklist/types.ts';
import { worklistPageQuery } from '../worklist/forms.ts';
import { groupByRule } from '../worklist/presenter.ts';

let t: TestApp;
let manager: TestUser;
let practitioner: TestUser;
let colleague: TestUser;
const asOf = new Date('2026-11-10T09:00:00Z');

type Owner = 'team' | 'partner' | TestUser;
const action = (description: string, dueOn: string, owner: Owner) => ({
  description,
  dueOn,
  ownerName: owner === 'team' ? 'The team' : owner === 'partner' ? 'Sam Current' : owner.viewer.name,
  ownerOrganisation: owner === 'partner' ? 'Blackpool Probation Delivery Unit' : 'Enhanced RECONNECT',
  ...(owner === 'team' ? { ownedByTeam: true } : owner === 'partner' ? {} : { ownerUserId: owner.viewer.id }),
});

async function meeting(user: TestUser, episodeId: string, kind: 'marac' | 'professionals', actions: object[]) {
  const res = await t.api(user.token, {
    method: 'POST',
    url: `/api/v1/episodes/${episodeId}/meetings`,
    payload: {
      kind,
      heldOn: '2026-10-20',
      attendees: [{ name: 'Sam Current', organisation: 'Blackpool Probation Delivery Unit', present: true }],
      summary: 'Reviewed the risk plan.',
      teamContribution: { attended: true, informed: true },
      actions,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await staffAt(t, SITES.lancashire, 'manager');
  practitioner = await staffAt(t, SITES.lancashire);
  colleague = await staffAt(t, SITES.lancashire);
  const referrer = await t.user('referrer');
  const who = { referrer, manager };
  const mine = await anOpenEpisode(t, who, SITES.lancashire, { lead: practitioner, seed: 1 });
  const alsoMine = await anOpenEpisode(t, who, SITES.lancashire, { lead: practitioner, seed: 2 });
  const theirs = await anOpenEpisode(t, who, SITES.lancashire, { lead: colleague, seed: 3 });
  const restricted = await anOpenEpisode(t, who, SITES.lancashire, { restricted: true, seed: 4 });
  // Ties on the day and on the referral, a risk forum's and another meeting's, owned by a user, the team or a partner.
  await meeting(practitioner, mine.id, 'marac', [
    action('Share the safety plan', '2026-11-01', 'team'),
    action('Call the IDVA', '2026-11-01', colleague),
    action('Check the bail address', '2026-11-03', practitioner),
    action('Not yet due', '2026-11-10', 'team'),
  ]);
  await meeting(practitioner, mine.id, 'professionals', [
    action('Send the licence conditions', '2026-11-01', 'partner'),
    action('Book a GP appointment', '2026-11-01', 'team'),
  ]);
  await meeting(practitioner, alsoMine.id, 'professionals', [
    action('Chase the housing assessment', '2026-11-01', 'team'),
    action('Ask for the prescription', '2026-11-05', practitioner),
  ]);
  await meeting(colleague, theirs.id, 'marac', [
    action('Update the risk plan', '2026-11-01', 'team'),
    action('Phone the offender manager', '2026-11-02', practitioner),
    action('Write to the GP', '2026-11-09', 'partner'),
  ]);
  await meeting(manager, restricted.id, 'marac', [action('Restricted action', '2026-11-01', 'team')]);
});
afterAll(() => t.close());

const ids = (items: readonly WorklistItem[]) => items.map((i) => i.actionId ?? i.rule);

describe('firstOverdueActions: a page of the worklist’s overdue actions', () => {
  it('reads the first of every overdue action in the worklist’s order, and counts them all, for every page size', async () => {
    const { actions, db } = t.services;
    for (const user of [practitioner, colleague, manager]) {
      const every = await actions.overdueActions(db, user.viewer, [SITES.lancashire], asOf);
      for (const mine of [false, true]) {
        const all = mine ? every.filter((i) => isMine(i, user.viewer.id)) : every;
        const inOrder = [...all].sort(byPriority);
        for (let first = 0; first <= all.length + 1; first++) {
          const page = await actions.firstOverdueActions(db, user.viewer, [SITES.lancashire], asOf, {
            first,
            ...(mine ? { mineOf: user.viewer.id } : {}),
          });
          expect(page.total).toBe(all.length);
          expect(ids(firstByPriority(page.items, first))).toEqual(ids(inOrder.slice(0, first)));
        }
      }
    }
    const seen = await actions.firstOverdueActions(db, practitioner.viewer, [SITES.lancashire], asOf, { first: 50 });
    expect(seen.items.map((i) => i.message).join(' ')).not.toContain('Restricted action');
    expect(seen.total).toBe(10);
    const managers = await actions.firstOverdueActions(db, manager.viewer, [SITES.lancashire], asOf, { first: 50 });
    expect(managers.total).toBe(11);
    expect(await actions.firstOverdueActions(db, practitioner.viewer, [SITES.hampshire], asOf, { first: 5 })).toEqual({
      items: [],
      total: 0,
    });
  });

  it('gives a page of the whole worklist as the first items of the whole worklist, with the same total', async () => {
    const { worklist, db } = t.services;
    for (const user of [practitioner, colleague, manager]) {
      for (const view of ['team', 'mine'] as const) {
        const whole = await worklist.list(db, user.viewer, { asOf, view });
        for (const first of [1, 2, 3, 5, 8, 13, whole.total + 1]) {
          const page = await worklist.list(db, user.viewer, { asOf, view, first });
          expect(page.total).toBe(whole.total);
          expect(ids(page.items)).toEqual(ids(whole.items.slice(0, first)));
        }
      }
    }
  });

  it('shows on the worklist page the items and count of the whole worklist, by view and by rule', async () => {
    const { worklist, db } = t.services;
    for (const user of [practitioner, colleague, manager]) {
      for (const view of ['mine', 'team', 'rule'] as const) {
        for (const rule of ['', 'action_overdue']) {
          const whole = await worklist.list(db, user.viewer, { view: view === 'mine' ? 'mine' : 'team' });
          const all = rule ? whole.items.filter((i) => i.rule === rule) : whole.items;
          const shown = await worklist.page(db, user.viewer, worklistPageQuery({ view, rule }));
          expect(shown.count).toBe(all.length);
          const items = view === 'rule' ? shown.groups.flatMap((g) => g.items) : shown.items;
          expect(ids(items)).toEqual(ids(view === 'rule' ? groupByRule(all).flatMap((g) => g.items) : all));
        }
      }
    }
  });

  it('orders identifiers as JavaScript compares their text (rules.ts byPriority)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.uuid(), { minLength: 2, maxLength: 20 }), async (uuids) => {
        const found = rowsOf<{ id: string }>(
          await t.services.db.execute(
            sql`select u::text as id from unnest(${`{${uuids.join(',')}}`}::uuid[]) u order by u`,
          ),
        );
        expect(found.map((r) => r.id)).toEqual([...uuids].sort((a, b) => a.localeCompare(b)));
      }),
      { numRuns: 50 },
    );
  });
});
