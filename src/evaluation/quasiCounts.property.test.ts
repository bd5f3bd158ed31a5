// The k-anonymity check counts ages worked out by the database (repository.ts `ageOnLondonDay`), which must be
// exactly the extract's rule (identifiers/dates.ts `ageOnIso` of the London day the referral was received): over
// generated dates of birth (29 February among them) and instants either side of midnight and the clock changes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import { rowsOf } from '../db/client.ts';
import { ageOnIso, londonDate } from '../identifiers/dates.ts';
import { ageOnLondonDay } from './repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const day = (from: number, to: number) =>
  fc.integer({ min: Date.UTC(from, 0, 1) / 86_400_000, max: Date.UTC(to, 11, 31) / 86_400_000 }).map((d) => {
    return new Date(d * 86_400_000).toISOString().slice(0, 10);
  });
const leapBirthday = fc.integer({ min: 1940, max: 1995 }).map((y) => `${String(y - (y % 4))}-02-29`);
// Born before every instant below (a referral is of an adult: PRODUCT.md).
const dateOfBirth = fc.oneof(day(1940, 1995), leapBirthday);
// Near a birthday: the day before, on or after one (28 February and 1 March of years with and without a 29th).
const instant = fc
  .tuple(fc.integer({ min: 1996, max: 2030 }), fc.integer({ min: 0, max: 366 * 24 * 60 - 1 }))
  .map(([year, minutes]) => new Date(Date.UTC(year, 0, 1) + minutes * 60_000));

it('gives the age of ageOnIso on the London day of the instant', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(dateOfBirth, instant), { minLength: 1, maxLength: 50 }), async (pairs) => {
      const values = sql.join(
        pairs.map(([dob, at]) => sql`(${dob}::date, ${at.toISOString()}::timestamptz)`),
        sql`, `,
      );
      const rows = rowsOf<{ age: number }>(
        await t.services.db.execute(
          sql`select ${ageOnLondonDay(sql`p.at`, sql`p.dob`)} as age from (values ${values}) as p (dob, at)`,
        ),
      );
      expect(rows.map((r) => r.age)).toEqual(pairs.map(([dob, at]) => ageOnIso(dob, londonDate(at))));
    }),
    { numRuns: 100 },
  );
});
