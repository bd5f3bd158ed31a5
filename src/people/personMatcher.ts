// Matching a referral's person against existing records (PRODUCT.md "The journey of a case", step 1:
// "the person matched against existing records (possible duplicates shown, never silently merged)").
//
// - An exact identifier (NHS number, prison number or CRN) *and* the same date of birth identifies the
//   same person: the referral joins that person's record. Nothing about the existing record changes.
// - An identifier that matches with a different date of birth, or the same name and date of birth
//   without a shared identifier, is only a *possible* duplicate: listed for a person to judge.
import { randomUUID } from 'node:crypto';
import { and, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
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
  /** The main record of this person: itself, or the one it was kept apart from. */
  root: string;
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
  const who = { personId: row.id, root: row.samePersonAs ?? row.id };
  if (shared.length) {
    const list = shared.join(' and ');
    return sameBirth
      ? { ...who, reason: `Same ${list} and date of birth`, exact: true }
      : { ...who, reason: `Same ${list} but a different date of birth`, exact: false };
  }
  if (sameBirth && row.familyName.toLowerCase() === facts.familyName.toLowerCase()) {
    const sameGiven = row.givenName.toLowerCase() === facts.givenName.toLowerCase();
    return {
      ...who,
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

export interface PersonResolution {
  personId: string;
  /** The referral joined an existing person's record. */
  joined: boolean;
  /**
   * The person already has need-to-know (restricted) records: a new referral for them is restricted too
   * (issue: trust, second pass, "a new referral for a restricted person is restricted too").
   */
  needToKnow: boolean;
}

interface ClusterMember {
  personId: string;
  isRoot: boolean;
  restricted: boolean;
  visible: boolean;
}

/**
 * The person record a new referral belongs to. Exact matches are taken together with the records kept
 * apart from them (`samePersonAs`), as one person.
 *
 * - A person with no need-to-know records: their record is joined, as it always was.
 * - A person with need-to-know records: the new referral joins the record of theirs the submitter can
 *   already see (the main one first); when the submitter can see none, a record of its own is made,
 *   linked to the main one. So a submission never learns the id of a need-to-know person's record, and
 *   the person's details never flow into the new referral. Either way it is restricted with them.
 * - Exact matches to two or more people mean the records already disagree: a new record, for a person
 *   to decide on.
 *
 * Which of these happened is never told to the submitter: the response reads the same either way.
 */
export async function resolvePerson(
  db: Queryable,
  viewer: Viewer,
  facts: PersonFacts,
  now: Date,
): Promise<PersonResolution> {
  const exact = (await findCandidates(db, facts)).filter((c) => c.exact);
  const roots = [...new Set(exact.map((c) => c.root))];
  const cluster = roots.length ? await clusterOf(db, viewer, roots) : [];
  const needToKnow = cluster.some((m) => m.restricted);
  if (roots.length === 1) {
    const root = roots[0]!;
    if (!needToKnow) return { personId: root, joined: true, needToKnow };
    const seen = cluster.filter((m) => m.visible).sort((x, y) => Number(y.isRoot) - Number(x.isRoot))[0];
    if (seen) return { personId: seen.personId, joined: true, needToKnow };
    return { personId: await newPerson(db, facts, now, root), joined: false, needToKnow };
  }
  return { personId: await newPerson(db, facts, now, null), joined: false, needToKnow };
}

async function newPerson(db: Queryable, facts: PersonFacts, now: Date, samePersonAs: string | null): Promise<string> {
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
    samePersonAs,
    createdAt: now,
  });
  return personId;
}

/** Each record of these people (and those kept apart from them): restricted referrals, and any the viewer may see. */
async function clusterOf(db: Queryable, viewer: Viewer, roots: string[]): Promise<ClusterMember[]> {
  return db
    .select({
      personId: people.id,
      isRoot: sql<boolean>`${people.samePersonAs} is null`.mapWith(Boolean),
      restricted: sql<boolean>`coalesce(bool_or(${referrals.restricted}), false)`.mapWith(Boolean),
      visible: sql<boolean>`coalesce(bool_or(${referralScope(viewer)}), false)`.mapWith(Boolean),
    })
    .from(people)
    .leftJoin(referrals, eq(referrals.personId, people.id))
    .where(or(inArray(people.id, roots), inArray(people.samePersonAs, roots)))
    .groupBy(people.id);
}

export interface DuplicateView {
  possibleDuplicates: { personId: string; reason: string }[];
}

/**
 * Possible duplicates of a referral's person as this viewer may see them: only people with at least one
 * referral in the viewer's scope are named, and nothing is said of any other match (issue: trust, second
 * pass: the warning says only what the viewer may see).
 */
export async function possibleDuplicatesFor(
  db: Queryable,
  viewer: Viewer,
  personId: string,
  facts: PersonFacts,
): Promise<DuplicateView> {
  const visible = exists(
    db
      .select({ one: sql`1` })
      .from(referrals)
      .where(and(eq(referrals.personId, people.id), referralScope(viewer))),
  );
  const rows = await db
    .select()
    .from(people)
    .where(and(candidateCondition(facts), sql`${people.id} <> ${personId}`, visible))
    .limit(50);
  const possibleDuplicates = rows
    .map((row) => matchReason(facts, row))
    .filter((m): m is MatchCandidate => !!m)
    .map(({ personId: id, reason }) => ({ personId: id, reason }));
  return { possibleDuplicates };
}
