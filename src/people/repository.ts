// SQL for person records: candidates for matching, the records kept apart from them, new records, and
// possible duplicates scoped to what a viewer may see.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { people, referrals } from '../db/schema.ts';
import { referralScope } from '../access/scopes.ts';
import type { Viewer } from '../access/viewer.ts';
import type { ClusterMember, PersonFacts, StoredPerson } from './rules.ts';

function candidateCondition(facts: PersonFacts): SQL {
  const parts: SQL[] = [
    sql`(lower(${people.familyName}) = ${facts.familyName.toLowerCase()} and ${people.dateOfBirth} = ${facts.dateOfBirth})`,
  ];
  if (facts.nhsNumber) parts.push(eq(people.nhsNumber, facts.nhsNumber));
  if (facts.prisonNumber) parts.push(eq(people.prisonNumber, facts.prisonNumber));
  if (facts.crn) parts.push(eq(people.crn, facts.crn));
  return or(...parts) ?? sql`false`;
}

/** Every stored person the facts could match, whoever may see them: for the system's own decision. */
export function candidates(db: Queryable, facts: PersonFacts): Promise<StoredPerson[]> {
  return db.select().from(people).where(candidateCondition(facts)).limit(50);
}

/**
 * Possible duplicates as a viewer may be told of them: each referral the viewer may see of a candidate
 * person (never the person themselves), as that referral names them and with the identifiers it was sent.
 * Matching runs again on these, so a match on what only another team was told (the person record's first
 * name, an identifier another referral added) is never a match for this viewer.
 */
export async function visibleCandidates(
  db: Queryable,
  viewer: Viewer,
  facts: PersonFacts,
  exceptPersonId: string,
): Promise<StoredPerson[]> {
  const sent = (identifier: string) => sql<string | null>`${referrals.details}->'person'->>${identifier}`;
  return db
    .select({
      id: people.id,
      givenName: referrals.givenName,
      familyName: referrals.familyName,
      dateOfBirth: referrals.dateOfBirth,
      nhsNumber: sent('nhsNumber'),
      prisonNumber: sent('prisonNumber'),
      crn: sent('crn'),
      samePersonAs: people.samePersonAs,
    })
    .from(people)
    .innerJoin(referrals, eq(referrals.personId, people.id))
    .where(and(candidateCondition(facts), sql`${people.id} <> ${exceptPersonId}`, referralScope(viewer)))
    .limit(200);
}

/** Each record of these people (and those kept apart from them): restricted referrals, and any the viewer may see. */
export function clusterOf(db: Queryable, viewer: Viewer, roots: readonly string[]): Promise<ClusterMember[]> {
  if (!roots.length) return Promise.resolve([]);
  return db
    .select({
      personId: people.id,
      isRoot: sql<boolean>`${people.samePersonAs} is null`.mapWith(Boolean),
      restricted: sql<boolean>`coalesce(bool_or(${referrals.restricted}), false)`.mapWith(Boolean),
      visible: sql<boolean>`coalesce(bool_or(${referralScope(viewer)}), false)`.mapWith(Boolean),
    })
    .from(people)
    .leftJoin(referrals, eq(referrals.personId, people.id))
    .where(or(inArray(people.id, [...roots]), inArray(people.samePersonAs, [...roots])))
    .groupBy(people.id);
}

export async function insertPerson(
  db: Queryable,
  facts: PersonFacts,
  samePersonAs: string | null,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await db.insert(people).values({
    id,
    givenName: facts.givenName,
    familyName: facts.familyName,
    dateOfBirth: facts.dateOfBirth,
    nhsNumber: facts.nhsNumber ?? null,
    prisonNumber: facts.prisonNumber ?? null,
    crn: facts.crn ?? null,
    pncId: facts.pncId ?? null,
    samePersonAs,
    createdAt: now,
  });
  return id;
}

export type PersonRow = typeof people.$inferSelect;

export async function findPerson(db: Queryable, personId: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, personId));
  return row;
}
