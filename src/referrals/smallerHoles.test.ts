// Issue 10, "Smaller holes": "phone numbers take any text; 'in prison' takes a past expected release date and
// 'already released' a future release date; a contact can be dated before the referral existed; an
// 11-year-old passes the person step (RECONNECT and ER serve adults); two processes starting together on an
// empty PostgreSQL crash loading the built-in sites".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { anOpenEpisode, aReferralBody, SITES } from '../../test/support/factories.ts';
import { isAdultOn, isPhoneNumber } from './schema.ts';
import { contactTimeRefusal } from '../episodes/rules.ts';
import { loadBuiltInSites } from '../sites/siteCatalogue.ts';
import { sitePolicies } from '../db/schema.ts';
import { BUILT_IN_SITES } from '../sites/builtInSites.ts';

describe('the rules', () => {
  it.each([
    ['01632 960001', true],
    ['+44 (0)1632 960-001', true],
    ['07700 900123', true],
    ['call reception', false],
    ['123', false],
    ['0161 ext 4', false],
  ])('phone %j is a phone number: %s', (phone, ok) => {
    expect(isPhoneNumber(phone)).toBe(ok);
  });

  it.each([
    ['2015-03-01', '2026-11-10', false], // "an 11-year-old"
    ['2008-11-11', '2026-11-10', false], // 18 tomorrow
    ['2008-11-10', '2026-11-10', true], // 18 today
    ['1980-02-29', '2026-11-10', true],
  ])('born %s, on %s an adult: %s', (born, today, adult) => {
    expect(isAdultOn(born, today)).toBe(adult);
  });

  const received = new Date('2026-11-10T09:00:00Z');
  it.each([
    ['the day before the referral', '2026-11-09T15:00:00Z', 'Must be on or after 10 November 2026'],
    ['earlier the same day', '2026-11-10T08:30:00Z', null],
    ['after', '2026-11-10T11:00:00Z', null],
    ['in the future', '2026-11-10T13:00:00Z', 'Must be now or in the past'],
  ])('a contact %s', (_name, at, refusal) => {
    const result = contactTimeRefusal(new Date(at), received, new Date('2026-11-10T12:00:00Z'));
    if (refusal === null) expect(result).toBeNull();
    else expect(result).toContain(refusal);
  });
});

describe('through the API', () => {
  let t: TestApp;
  let referrer: TestUser;
  let manager: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    referrer = await t.user('referrer', { organisation: 'Probation South' });
    manager = await t.user('manager', { sites: [SITES.hampshire] });
  });
  afterAll(() => t.close());

  const refer = (change: (b: ReturnType<typeof aReferralBody>) => object) =>
    t.api(referrer.token, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: change(aReferralBody(t, SITES.hampshire)),
    });

  it.each([
    [
      'a phone number that is not one',
      (b) => ({ ...b, source: { ...b.source, phone: 'ring the wing' } }),
      'source.phone',
    ],
    ['an 11-year-old', (b) => ({ ...b, person: { ...b.person, dateOfBirth: '2015-03-01' } }), 'person.dateOfBirth'],
    [
      '"in prison" with a past expected release date',
      (b) => ({ ...b, custody: { ...b.custody, status: 'in_custody', expectedReleaseDate: '2026-10-01' } }),
      'custody.expectedReleaseDate',
    ],
    [
      '"already released" with a future release date',
      (b) => ({
        ...b,
        custody: { ...b.custody, status: 'in_community', expectedReleaseDate: null, releaseDate: '2026-12-01' },
      }),
      'custody.releaseDate',
    ],
  ] as [string, (b: ReturnType<typeof aReferralBody>) => object, string][])(
    'refuses %s (400 on %s)',
    async (_n, change, field) => {
      const res = await refer(change);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    },
  );

  it('refuses a contact dated before the referral was received', async () => {
    const episode = await anOpenEpisode(t, { referrer, manager }, SITES.hampshire);
    const res = await t.api(manager.token, {
      method: 'POST',
      url: `/api/v1/episodes/${episode.id}/contacts`,
      payload: { at: '2026-11-01T10:00:00Z', type: 'phone', outcome: 'attended', durationMinutes: 20 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'at' });
  });

  it('loads the built-in sites from two starts at once on an empty table, once', async () => {
    await t.services.db.delete(sitePolicies);
    const added = await Promise.all([
      loadBuiltInSites(t.services.db, t.clock.now),
      loadBuiltInSites(t.services.db, t.clock.now),
    ]);
    const total = BUILT_IN_SITES.reduce((n, s) => n + s.policies.length, 0);
    expect(added.reduce((a, b) => a + b, 0)).toBe(total);
    expect(await t.services.db.select().from(sitePolicies)).toHaveLength(total);
  });
});
