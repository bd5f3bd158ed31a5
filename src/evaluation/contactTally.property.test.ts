// The extract's contact tally counted by the database (repository.ts `contactTallies`) is exactly the pure rule's
// (outcomes/rules.ts `tallyContacts`, the definition engagement is read from: issue 15 "Engagement: contacts
// attended, did not attend, cancelled; first contact after release in days"), over generated contacts around the
// clock changes (a contact at 23:30 UTC in summer is the next day in London) and releases on, before or after them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { anOpenEpisode, SITES, staffAt } from '../../test/support/factories.ts';
import { contacts } from '../db/schema.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { tallyContacts } from '../outcomes/rules.ts';
import { contactTallies } from './repository.ts';

let t: TestApp;
let episodeIds: string[];
let recordedBy: string;

beforeAll(async () => {
  t = await createTestApp();
  const manager = await staffAt(t, SITES.lancashire, 'manager');
  const referrer = await t.user('referrer');
  recordedBy = manager.viewer.id;
  episodeIds = [];
  for (let i = 0; i < 2; i++) episodeIds.push((await anOpenEpisode(t, { referrer, manager }, SITES.lancashire)).id);
});
afterAll(() => t.close());

const OUTCOMES = ['attended', 'did_not_attend', 'cancelled'] as const;
// Days either side of the spring and autumn clock changes of 2026 (29 March, 25 October), at any minute.
const BASES = [Date.UTC(2026, 2, 27), Date.UTC(2026, 9, 23)];
const instant = fc
  .tuple(fc.constantFrom(...BASES), fc.integer({ min: 0, max: 5 * 24 * 60 - 1 }))
  .map(([base, minutes]) => new Date(base + minutes * 60_000));
const contact = fc.record({ at: instant, outcome: fc.constantFrom(...OUTCOMES) });
const releasedOn = fc.option(
  fc
    .tuple(fc.constantFrom(...BASES), fc.integer({ min: -1, max: 6 }))
    .map(([base, days]) => addDaysIso(new Date(base).toISOString().slice(0, 10), days)),
  { nil: null },
);

it('tallies each episode’s contacts as tallyContacts does', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(contact, { maxLength: 12 }), { minLength: 2, maxLength: 2 }),
      fc.array(releasedOn, { minLength: 2, maxLength: 2 }),
      async (byEpisode, released) => {
        const db = t.services.db;
        for (const [i, id] of episodeIds.entries()) {
          await db.delete(contacts).where(eq(contacts.episodeId, id));
          const rows = byEpisode[i] ?? [];
          if (rows.length)
            await db.insert(contacts).values(
              rows.map((c) => ({
                id: randomUUID(),
                episodeId: id,
                at: c.at,
                type: 'community',
                outcome: c.outcome,
                recordedBy,
                recordedAt: c.at,
              })),
            );
        }
        const page = episodeIds.map((id, i) => ({ episodeId: id, releasedOn: released[i] ?? null }));
        const tallies = await contactTallies(db, page);
        for (const [i, { episodeId, releasedOn: on }] of page.entries()) {
          const asRead = (byEpisode[i] ?? []).map((c) => ({ on: londonDate(c.at), outcome: c.outcome }));
          expect(tallies.get(episodeId)).toEqual(tallyContacts(asRead, on));
        }
      },
    ),
    { numRuns: 60 },
  );
});
