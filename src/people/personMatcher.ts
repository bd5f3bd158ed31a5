// Matching a referral's person against existing records (PRODUCT.md "The journey of a case", step 1:
// "the person matched against existing records (possible duplicates shown, never silently merged)").
//
// - An exact identifier (NHS number, prison number or CRN) *and* the same date of birth identifies the
//   same person: the referral joins that person's record. Nothing about the existing record changes.
// - An identifier that matches with a different date of birth, or the same name and date of birth
//   without a shared identifier, is only a *possible* duplicate: listed for a person to judge.
import { randomUUID } from 'node:crypto';
import { and, eq, exists, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { people, referrals } from '../db/schema.ts';
import { referralScope } from '../access/referralScope.ts';
import type { Viewer } from '../access/viewer.ts';

export interface PersonFacts {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber?: string | null | undefined;
  prisonNumber?: string | null | undefined;
  crn?: string | null | undefined;
  pncId?: string | null | undefined;
}

export interface MatchCandidate {
  personId: string;
  reason: string;
  exact: boolean;
}

type PersonRow = typeof people.$inferSelect;

/** Pure: why a stored person matches the facts, or undefined when they do not. */
export function matchReason(facts: PersonFacts, row: PersonRow): MatchCandidate | undefined {
  const shared: string[] = [];
  if (facts.nhsNumber && row.nhsNumber === facts.nhsNumber) shared.push('NHS number');
  if (facts.prisonNumber && row.prisonNumber === facts.prisonNumber) shared.push('prison number');
  if (facts.crn && row.crn === facts.crn) shared.push('CRN');
  const sameBirth = row.dateOfBirth === facts.dateOfBirth;
  if (shared.length) {
    const list = shared.join(' and ');
    return sameBirth
      ? { personId: row.id, reason: `Same ${list} and date of birth`, exact: true }
      : { personId: row.id, reason: `Same ${list} but a different date of birth`, exact: false };
  }
  if (sameBirth && row.familyName.toLowerCase() === facts.familyName.toLowerCase()) {
    const sameGiven = row.givenName.toLowerCase() === facts.givenName.toLowerCase();
    return {
      personId: row.id,
      reason: sameGiven ? 'Same name and date of birth' : 'Same family name and date of birth',
      exact: false,
    };
  }
  return undefined;
}

function candidateCondition(facts: PersonFacts): SQL {
  const parts: SQL[] = [
    and(
      sql`lower(${people.familyName}) = ${facts.familyName.toLowerCase()}`,
      eq(people.dateOfBirth, facts.dateOfBirth),
    )!,
  ];
  if (facts.nhsNumber) parts.push(eq(people.nhsNumber, facts.nhsNumber));
  if (facts.prisonNumber) parts.push(eq(people.prisonNumber, facts.prisonNumber));
  if (facts.crn) parts.push(eq(people.crn, facts.crn));
  return or(...parts)!;
}

/** All candidates, regardless of who may see them: for the system's own decision to join a record. */
export async function findCandidates(db: Queryable, facts: PersonFacts): Promise<MatchCandidate[]> {
  const rows = await db.select().from(people).where(candidateCondition(facts)).limit(50);
  return rows.map((row) => matchReason(facts, row)).filter((m): m is MatchCandidate => !!m);
}

/**
 * The person record a new referral belongs to: the single exact match, or a new record. Two or more
 * exact matches mean the records already disagree; a new record is made and a person decides.
 */
export async function resolvePerson(
  db: Queryable,
  facts: PersonFacts,
  now: Date,
): Promise<{ personId: string; joined: boolean }> {
  const exact = (await findCandidates(db, facts)).filter((c) => c.exact);
  if (exact.length === 1) return { personId: exact[0]!.personId, joined: true };
  const personId = randomUUID();
  await db.insert(people).values({
    id: personId,
    givenName: facts.givenName,
    familyName: facts.familyName,
    dateOfBirth: facts.dateOfBirth,
    nhsNumber: facts.nhsNumber ?? null,
    prisonNumber: facts.prisonNumber ?? null,
    crn: facts.crn ?? null,
    pncId: facts.pncId ?? null,
    createdAt: now,
  });
  return { personId, joined: false };
}

export interface DuplicateView {
  possibleDuplicates: { personId: string; reason: string }[];
  /** Staff only: some match exists that this viewer may not see. Never any detail of it. */
  hiddenMatch: boolean;
}

/**
 * Possible duplicates of a person as this viewer may see them: only people with at least one referral
 * in the viewer's scope are named. Staff are told, at most, that another record may match.
 */
export async function possibleDuplicatesFor(db: Queryable, viewer: Viewer, person: PersonRow): Promise<DuplicateView> {
  const facts: PersonFacts = person;
  const visible = exists(
    db
      .select({ one: sql`1` })
      .from(referrals)
      .where(and(eq(referrals.personId, people.id), referralScope(viewer))),
  );
  const rows = await db
    .select({ person: people, visible: sql<boolean>`${visible}` })
    .from(people)
    .where(and(candidateCondition(facts), sql`${people.id} <> ${person.id}`))
    .limit(50);
  const possibleDuplicates: { personId: string; reason: string }[] = [];
  let hiddenMatch = false;
  for (const { person: row, visible: canSee } of rows) {
    const match = matchReason(facts, row);
    if (!match) continue;
    if (canSee) possibleDuplicates.push({ personId: match.personId, reason: match.reason });
    else hiddenMatch = true;
  }
  const staff = viewer.role === 'practitioner' || viewer.role === 'manager';
  return { possibleDuplicates, hiddenMatch: staff && hiddenMatch };
}
