// Matching a referral's person against existing records (PRODUCT.md "The journey of a case", step 1:
// "the person matched against existing records (possible duplicates shown, never silently merged)").
//
// - An exact identifier (NHS number, prison number or CRN) *and* the same date of birth identifies the
//   same person: the referral joins that person's record. Nothing about the existing record changes.
// - An identifier that matches with a different date of birth, or the same name and date of birth
//   without a shared identifier, is only a *possible* duplicate: listed for a person to judge.

export interface PersonFacts {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber?: string | null | undefined;
  prisonNumber?: string | null | undefined;
  crn?: string | null | undefined;
  pncId?: string | null | undefined;
}

/** A stored person record as matching sees it. */
export interface StoredPerson {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  prisonNumber: string | null;
  crn: string | null;
  /** The record this one was kept apart from (repository.ts), if any. */
  samePersonAs: string | null;
}

export interface MatchCandidate {
  personId: string;
  /** The main record of this person: itself, or the one it was kept apart from. */
  root: string;
  reason: string;
  exact: boolean;
}

/** Why a stored person matches the facts, or undefined when they do not. */
export function matchReason(facts: PersonFacts, row: StoredPerson): MatchCandidate | undefined {
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

/** One record of a person with need-to-know records, as the submitter stands to it. */
export interface ClusterMember {
  personId: string;
  isRoot: boolean;
  restricted: boolean;
  /** The submitter may see at least one of its referrals. */
  visible: boolean;
}

export type Resolution =
  | { kind: 'join'; personId: string; needToKnow: boolean }
  | { kind: 'new'; samePersonAs: string | null; needToKnow: boolean };

/**
 * Which person record a new referral belongs to. Exact matches are taken together with the records kept
 * apart from them (`samePersonAs`), as one person.
 *
 * - A person with no need-to-know records: their record is joined, as it always was.
 * - A person with need-to-know records: the new referral joins the record of theirs the submitter can
 *   already see (the main one first); when the submitter can see none, it gets a record of its own,
 *   linked to the main one. So a submission never learns the id of a need-to-know person's record, and
 *   the person's details never flow into the new referral. Either way it is restricted with them (issue:
 *   trust, second pass, "a new referral for a restricted person is restricted too").
 * - Exact matches to two or more people mean the records already disagree: a new record, for a person to
 *   decide on.
 *
 * Which of these happened is never told to the submitter: the response reads the same either way.
 */
export function resolve(exact: readonly MatchCandidate[], cluster: readonly ClusterMember[]): Resolution {
  const roots = [...new Set(exact.map((c) => c.root))];
  const needToKnow = cluster.some((m) => m.restricted);
  const [root, ...others] = roots;
  if (!root || others.length) return { kind: 'new', samePersonAs: null, needToKnow };
  if (!needToKnow) return { kind: 'join', personId: root, needToKnow };
  const seen = cluster.filter((m) => m.visible).sort((x, y) => Number(y.isRoot) - Number(x.isRoot))[0];
  return seen ? { kind: 'join', personId: seen.personId, needToKnow } : { kind: 'new', samePersonAs: root, needToKnow };
}
