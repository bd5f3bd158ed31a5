// The verbs of person matching: which record a new referral joins (rules.ts decides, from what the
// repository finds), and the possible duplicates a viewer may be shown.
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import * as repo from './repository.ts';
import {
  matchReason,
  resolve,
  type MatchCandidate,
  type PersonFacts,
  type Resolution,
  type StoredPerson,
} from './rules.ts';

export type { PersonFacts } from './rules.ts';

export interface PersonResolution {
  personId: string;
  /** The referral joined an existing person's record. */
  joined: boolean;
  /** The person already has need-to-know records: the new referral is restricted with them. */
  needToKnow: boolean;
}

export interface DuplicateView {
  possibleDuplicates: { personId: string; reason: string }[];
}

const matchesOf = (facts: PersonFacts, rows: readonly StoredPerson[]) =>
  rows.map((row) => matchReason(facts, row)).filter((m): m is MatchCandidate => m !== undefined);

/** The possible duplicates among the candidates a viewer may be told of (repository.ts visibleCandidates). */
function duplicatesAmong(facts: PersonFacts, rows: readonly StoredPerson[]): DuplicateView {
  // One line per person: a shared identifier says more than a shared name.
  const byPerson = new Map<string, string>();
  for (const { personId: id, reason } of matchesOf(facts, rows).sort(
    (x, y) => Number(x.reason.includes('name')) - Number(y.reason.includes('name')),
  ))
    if (!byPerson.has(id)) byPerson.set(id, reason);
  return { possibleDuplicates: [...byPerson].map(([id, reason]) => ({ personId: id, reason })) };
}

/** Which record the referral joins, among every stored person the facts could match (rules.ts resolve). */
async function decideAmong(
  db: Queryable,
  submitter: Viewer,
  facts: PersonFacts,
  candidates: readonly StoredPerson[],
): Promise<Resolution> {
  const exact = matchesOf(facts, candidates).filter((c) => c.exact);
  const cluster = await repo.clusterOf(db, submitter, [...new Set(exact.map((c) => c.root))]);
  return resolve(exact, cluster);
}

export function createPeopleService() {
  return {
    /**
     * Which record a new referral joins, as resolve, and when it is a new person, the possible duplicates the
     * submitter may be told of (as possibleDuplicates), read in the same statement as the candidates.
     */
    async resolveWithDuplicates(
      db: Queryable,
      submitter: Viewer,
      facts: PersonFacts,
      now: Date,
    ): Promise<PersonResolution & { duplicatesOfNew?: DuplicateView; insert?: repo.PersonInsert['insert'] }> {
      const { all, visible } = await repo.candidatesAndVisible(db, submitter, facts);
      const decided = await decideAmong(db, submitter, facts, all);
      if (decided.kind === 'join') return { personId: decided.personId, joined: true, needToKnow: decided.needToKnow };
      const { id, insert } = repo.personInsert(facts, decided.samePersonAs, now);
      return {
        personId: id,
        joined: false,
        needToKnow: decided.needToKnow,
        duplicatesOfNew: duplicatesAmong(facts, visible),
        insert,
      };
    },

    async resolve(db: Queryable, submitter: Viewer, facts: PersonFacts, now: Date): Promise<PersonResolution> {
      const decided = await decideAmong(db, submitter, facts, await repo.candidates(db, facts));
      if (decided.kind === 'join') return { personId: decided.personId, joined: true, needToKnow: decided.needToKnow };
      const personId = await repo.insertPerson(db, facts, decided.samePersonAs, now);
      return { personId, joined: false, needToKnow: decided.needToKnow };
    },

    /**
     * Possible duplicates of a referral's person as this viewer may see them: only people with at least one
     * referral in the viewer's scope are named, judged on what those referrals say, and nothing is said of
     * any other match (issue: trust, second pass: the warning says only what the viewer may see).
     */
    async possibleDuplicates(
      db: Queryable,
      viewer: Viewer,
      personId: string,
      facts: PersonFacts,
    ): Promise<DuplicateView> {
      return duplicatesAmong(facts, await repo.visibleCandidates(db, viewer, facts, personId));
    },

    duplicatesAmong,
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
