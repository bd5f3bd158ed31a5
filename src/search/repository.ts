// SQL for search (issue 10): the referrals the viewer may see (access/scopes.ts referralScope, the same scope
// as every list) that match what was typed, with their episodes. A restricted record the viewer may not see
// is never read, so it is never a hit and never counted.
//
// Names match the person as each referral names them (referrals.search_name, folded by search/rules.ts and
// behind a trigram index): what one team was told is never found through another's record. Identifiers
// match the person record the referral belongs to (the indexed people.nhs_number, prison_number, crn).
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { episodes, people, referrals } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import type { SearchQuery } from './rules.ts';
import { NAMED_PERSON_COLUMNS } from '../referrals/repository.ts';

export interface SearchRow {
  referralId: string;
  reference: string;
  personId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  siteCode: string;
  status: string;
  receivedAt: Date;
  episodeId: string | null;
  episodeSiteCode: string | null;
  openedOn: string | null;
}

/** A match with the person as its referral names them (referrals/presenter.ts referralPerson reads `details.person`). */
export interface NamedSearchRow {
  id: string;
  personId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  details: unknown;
  version: number;
  updatedAt: Date;
}

function matching(q: SearchQuery): SQL {
  switch (q.kind) {
    case 'nhsNumber':
      return eq(people.nhsNumber, q.value);
    case 'prisonNumber':
      return eq(people.prisonNumber, q.value);
    case 'crn':
      return eq(people.crn, q.value);
    case 'name':
      // Folded terms hold only a-z, 0-9 and no spaces, so nothing in them is a LIKE wildcard.
      return and(...q.terms.map((term) => sql`${referrals.searchName} like ${`%${term}%`}`)) ?? sql`false`;
  }
}

/** The referrals of the query's kind: joined to their person record only to match an identifier. */
function matchingReferrals(db: Queryable, q: SearchQuery) {
  const base = db
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      personId: referrals.personId,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      siteCode: referrals.siteCode,
      status: referrals.status,
      receivedAt: referrals.receivedAt,
    })
    .from(referrals);
  return q.kind === 'name' ? base : base.innerJoin(people, eq(people.id, referrals.personId));
}

/**
 * The matching referrals the viewer may see, newest first, at most `limit`, with their episodes. The newest are
 * chosen before the episodes are joined: a common name matches thousands of referrals over the years.
 */
export function search(db: Queryable, viewer: Viewer, q: SearchQuery, limit: number): Promise<SearchRow[]> {
  const found = matchingReferrals(db, q)
    .where(and(matching(q), referralScope(viewer)))
    .orderBy(desc(referrals.receivedAt), asc(referrals.id))
    .limit(limit)
    .as('found');
  return db
    .select({
      referralId: found.referralId,
      reference: found.reference,
      personId: found.personId,
      givenName: found.givenName,
      familyName: found.familyName,
      dateOfBirth: found.dateOfBirth,
      siteCode: found.siteCode,
      status: found.status,
      receivedAt: found.receivedAt,
      episodeId: episodes.id,
      episodeSiteCode: episodes.siteCode,
      openedOn: episodes.openedOn,
    })
    .from(found)
    .leftJoin(episodes, eq(episodes.referralId, found.referralId))
    .orderBy(desc(found.receivedAt), asc(found.referralId));
}

/**
 * The same matches as `search`, without their episodes, each with the person as that referral names them
 * and its version (what FHIR's Patient shows: referrals/presenter.ts presentNamedPerson).
 */
export function searchNamed(db: Queryable, viewer: Viewer, q: SearchQuery, limit: number): Promise<NamedSearchRow[]> {
  return db
    .select(NAMED_PERSON_COLUMNS)
    .from(referrals)
    .innerJoin(people, eq(people.id, referrals.personId))
    .where(and(matching(q), referralScope(viewer)))
    .orderBy(desc(referrals.receivedAt), asc(referrals.id))
    .limit(limit);
}
