// SQL for person records: candidates for matching, the records kept apart from them, new records, and
// possible duplicates scoped to what a viewer may see.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../db/client.ts';
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

/**
 * candidates and visibleCandidates of a new person (no record to leave out yet) in one statement: every
 * stored person the facts could match, for the system's own decision, and the referrals of them the viewer
 * may see, for what the viewer is told. The same conditions, scope and limits as the two above; written out
 * in full because it is a raw statement (rows come back as JSON).
 */
export async function candidatesAndVisible(
  db: Queryable,
  viewer: Viewer,
  facts: PersonFacts,
): Promise<{ all: StoredPerson[]; visible: StoredPerson[] }> {
  const stored = sql`people.id as "id", people.given_name as "givenName", people.family_name as "familyName",
    people.date_of_birth as "dateOfBirth", people.nhs_number as "nhsNumber", people.prison_number as "prisonNumber",
    people.crn as "crn", people.same_person_as as "samePersonAs"`;
  const sent = sql`people.id as "id", referrals.given_name as "givenName", referrals.family_name as "familyName",
    referrals.date_of_birth as "dateOfBirth", referrals.details->'person'->>'nhsNumber' as "nhsNumber",
    referrals.details->'person'->>'prisonNumber' as "prisonNumber", referrals.details->'person'->>'crn' as "crn",
    people.same_person_as as "samePersonAs"`;
  const condition = candidateCondition(facts);
  const [row] = rowsOf<{ all: StoredPerson[]; visible: StoredPerson[] }>(
    await db.execute(sql`select
      (select coalesce(json_agg(p), '[]') from (select ${stored} from ${people} where ${condition} limit 50) p) as "all",
      (select coalesce(json_agg(c), '[]') from (select ${sent} from ${people}
        inner join ${referrals} on referrals.person_id = people.id
        where ${condition} and ${referralScope(viewer)} limit 200) c) as "visible"`),
  );
  return row ?? { all: [], visible: [] };
}

/**
 * visibleCandidates for a statement that also reads the referral: the facts are that referral's own columns
 * (`referral` names the relation that holds its row; presenter.ts referralPerson reads the same), with the
 * same conditions, scope and limit, as one JSON array of StoredPerson. Tables and columns are named in full:
 * it runs as a subquery of a select list, where a drizzle column is written without its table.
 */
export function visibleCandidatesJson(viewer: Viewer, referral: 'found'): SQL {
  const of = (column: string) => sql.raw(`${referral}.${column}`);
  const told = (identifier: string) => sql`nullif(${of('details')}->'person'->>${identifier}, '')`;
  return sql`(select coalesce(json_agg(c), '[]') from (
    select people.id as "id", referrals.given_name as "givenName", referrals.family_name as "familyName",
      referrals.date_of_birth as "dateOfBirth", referrals.details->'person'->>'nhsNumber' as "nhsNumber",
      referrals.details->'person'->>'prisonNumber' as "prisonNumber", referrals.details->'person'->>'crn' as "crn",
      people.same_person_as as "samePersonAs"
    from people inner join referrals on referrals.person_id = people.id
    where ((lower(people.family_name) = lower(${of('family_name')}) and people.date_of_birth = ${of('date_of_birth')})
        or people.nhs_number = ${told('nhsNumber')} or people.prison_number = ${told('prisonNumber')}
        or people.crn = ${told('crn')})
      and people.id <> ${of('person_id')} and ${referralScope(viewer)}
    limit 200) c)`;
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

/** A new person's record, and the SQL that writes it. */
export interface PersonInsert {
  id: string;
  insert: SQL;
}

/**
 * insertPerson as SQL, for the write of the referral that makes the person (one statement; the referral's
 * reference to the new record is checked at the statement's end).
 */
export function personInsert(facts: PersonFacts, samePersonAs: string | null, now: Date): PersonInsert {
  const id = randomUUID();
  const insert = sql`insert into ${people} (id, given_name, family_name, date_of_birth, nhs_number, prison_number,
      crn, pnc_id, same_person_as, created_at)
    values (${id}::uuid, ${facts.givenName}, ${facts.familyName}, ${facts.dateOfBirth}::date, ${facts.nhsNumber ?? null},
      ${facts.prisonNumber ?? null}, ${facts.crn ?? null}, ${facts.pncId ?? null}, ${samePersonAs}::uuid,
      ${now.toISOString()}::timestamptz)`;
  return { id, insert };
}

export type PersonRow = typeof people.$inferSelect;

export async function findPerson(db: Queryable, personId: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, personId));
  return row;
}
