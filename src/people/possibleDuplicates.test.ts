// Issue 14: "the probable-match warning tells staff that someone with that surname and date of birth exists
// (make it say only what the viewer may see)". A possible duplicate is judged on what the viewer's own
// referrals of that person say, never on what only another team was told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/support/testApp.ts';
import { PageSession } from '../../test/support/browserSession.ts';
import { aReferral, aReferralBody, nextSeed, SITES } from '../../test/support/factories.ts';
import type { ReferralBody } from '../referrals/schema.ts';

const HERE = SITES.lancashire;
const ELSEWHERE = SITES.hampshire;
let t: TestApp;
let referrer: TestUser;
let practitioner: TestUser;
let crn = 400_000 + Math.floor(Math.random() * 500_000);

/** One invented person, referred to a team elsewhere and to the team here. */
const samePerson = () => {
  const seed = nextSeed();
  return { there: aReferralBody(t, ELSEWHERE, { seed }), here: aReferralBody(t, HERE, { seed }) };
};
const person = (body: ReferralBody, changes: Partial<ReferralBody['person']>): ReferralBody => ({
  ...body,
  person: { ...body.person, ...changes },
});

/** What the practitioner here is told of a new referral's possible duplicates, on the API and the page. */
async function warnings(body: ReferralBody) {
  const made = await aReferral(t, referrer, HERE, { body });
  const api = await t.api(practitioner.token, { method: 'GET', url: `/api/v1/referrals/${made.id}` });
  expect(api.statusCode).toBe(200);
  const page = await (await PageSession.signedIn(t.app, practitioner)).get(`/referrals/${made.id}`);
  expect(page.statusCode).toBe(200);
  return { api: api.json().possibleDuplicates as { personId: string; reason: string }[], page: page.body };
}

beforeAll(async () => {
  t = await createTestApp();
  referrer = await t.user('referrer');
  practitioner = await t.user('practitioner', { sites: [HERE] });
});
afterAll(() => t.close());

describe('possible duplicates say only what the viewer may see', () => {
  it('a surname only another team was told is no match (the viewer’s referral names the person otherwise)', async () => {
    const { there, here } = samePerson();
    const theirs = await aReferral(t, referrer, ELSEWHERE, {
      body: person(there, { givenName: 'Orla', familyName: 'Quennell' }),
    });
    // The same person (same NHS number and date of birth) referred here under another spelling: joins their record.
    const ours = await aReferral(t, referrer, HERE, {
      body: person(here, { givenName: 'Orla', familyName: 'Quenell' }),
    });
    expect(ours.personId).toBe(theirs.personId);

    const told = await warnings(
      person(here, {
        givenName: 'Orla',
        familyName: 'Quennell',
        nhsNumber: null,
        prisonNumber: null,
        crn: `Q${crn++}`,
      }),
    );
    expect(told.api).toEqual([]);
    expect(told.page).not.toContain('data-qa="possible-duplicates"');
  });

  it('an identifier only another team was told is no match', async () => {
    const { there, here } = samePerson();
    const prisonNumber = there.person.prisonNumber!;
    const theirs = await aReferral(t, referrer, ELSEWHERE, { body: there });
    const ours = await aReferral(t, referrer, HERE, { body: person(here, { prisonNumber: null }) });
    expect(ours.personId).toBe(theirs.personId);

    const someoneElse = aReferralBody(t, HERE);
    const told = await warnings(person(someoneElse, { prisonNumber, nhsNumber: null, crn: `Q${crn++}` }));
    expect(told.api).toEqual([]);
    expect(told.page).not.toContain('Same prison number');
  });

  it('what the viewer’s own referrals say still warns, with the person record it matched', async () => {
    const first = aReferralBody(t, HERE);
    const seen = await aReferral(t, referrer, HERE, { body: first });
    const told = await warnings(
      person(first, { nhsNumber: null, prisonNumber: null, crn: `Q${crn++}`, givenName: first.person.givenName }),
    );
    expect(told.api).toEqual([{ personId: seen.personId, reason: 'Same name and date of birth' }]);
    expect(told.page).toContain('data-qa="possible-duplicates"');
  });

  it('a person the viewer may see no referral of is never mentioned', async () => {
    const { there, here } = samePerson();
    await aReferral(t, referrer, ELSEWHERE, { body: there });
    const told = await warnings(person(here, { nhsNumber: null, prisonNumber: null, crn: `Q${crn++}` }));
    expect(told.api).toEqual([]);
  });
});
