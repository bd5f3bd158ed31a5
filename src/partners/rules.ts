// The pure rules of the partner directory and the network around the person (issue 11). No I/O; `today` is
// passed in.

/** The words for a stored code, or undefined for a code the table does not know (data older than the table). */
export const lookup = (table: Readonly<Record<string, string>>, code: string): string | undefined =>
  Object.hasOwn(table, code) ? table[code] : undefined;

/** API.md "Partners, meetings and the chronology": the kinds of organisation a team works with. */
export const PARTNER_KINDS = [
  'probation',
  'prison',
  'prison_healthcare',
  'gp',
  'community_mental_health',
  'substance_misuse',
  'housing',
  'local_authority',
  'police',
  'approved_premises',
  'liaison_and_diversion',
  'voluntary',
  'other',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PARTNER_KIND_TEXT: Record<PartnerKind, string> = {
  probation: 'Probation (probation delivery unit)',
  prison: 'Prison',
  prison_healthcare: 'Prison healthcare',
  gp: 'GP practice',
  community_mental_health: 'Community mental health team',
  substance_misuse: 'Substance misuse service',
  housing: 'Housing (local authority housing team or provider)',
  local_authority: 'Local authority (adult social care and other services)',
  police: 'Police',
  approved_premises: 'Approved premises',
  liaison_and_diversion: 'Liaison and diversion',
  voluntary: 'Voluntary or community organisation',
  other: 'Other',
};

/**
 * The professionals around the person that issue 11 names: community offender manager (COM), prison
 * offender manager (POM), GP, care coordinator, housing officer, substance misuse worker, approved premises
 * key worker; anyone else is `other`.
 */
export const NETWORK_ROLES = [
  'com',
  'pom',
  'gp',
  'care_coordinator',
  'housing_officer',
  'substance_misuse_worker',
  'approved_premises_key_worker',
  'social_worker',
  'police_offender_manager',
  'other',
] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];

export const NETWORK_ROLE_TEXT: Record<NetworkRole, string> = {
  com: 'Community offender manager (COM)',
  pom: 'Prison offender manager (POM)',
  gp: 'GP',
  care_coordinator: 'Care coordinator',
  housing_officer: 'Housing officer',
  substance_misuse_worker: 'Substance misuse worker',
  approved_premises_key_worker: 'Approved premises key worker',
  social_worker: 'Social worker',
  police_offender_manager: 'Police offender manager',
  other: 'Other professional',
};

/**
 * Who to tell about a release (seed 002: "The correct community services and local Probation team not
 * informed"): the community side of the network, which must hear of a release date, a change to it, or an
 * unplanned release from court. The POM works inside the prison and already knows.
 */
export const TELL_ABOUT_RELEASE: ReadonlySet<NetworkRole> = new Set([
  'com',
  'gp',
  'care_coordinator',
  'housing_officer',
  'substance_misuse_worker',
  'approved_premises_key_worker',
  'social_worker',
  'police_offender_manager',
]);

/** Words that say what an organisation is rather than which one: left out when names are compared. */
const FILLER = new Set(['the', 'of', 'and', 'for', 'nhs', 'service', 'services', 'team', 'trust', 'ft', 'hmp']);

/** A name as comparable words: lower case, accents and punctuation gone, "&" read as "and", filler dropped. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !FILLER.has(w));
}

const areaKey = (area: string | null | undefined) => nameWords(area ?? '').join(' ');

/**
 * Whether two directory entries may be the same organisation (issue 11: "duplicates warned, never merged
 * silently"): the same kind, the same area (or an area missing on either), and names that share most of
 * their words (at least two thirds of the shorter name's words, or all of them when it has one or two),
 * so "HMP Preston Healthcare" meets "Preston Prison Healthcare" but "Blackpool CMHT" does not meet "Fylde CMHT".
 */
export function isPossibleDuplicate(
  candidate: { name: string; kind: string; area?: string | null },
  existing: { name: string; kind: string; area?: string | null },
): boolean {
  if (candidate.kind !== existing.kind) return false;
  const a = areaKey(candidate.area);
  const b = areaKey(existing.area);
  if (a && b && a !== b) return false;
  const mine = new Set(nameWords(candidate.name));
  const theirs = new Set(nameWords(existing.name));
  if (!mine.size || !theirs.size) return candidate.name.trim().toLowerCase() === existing.name.trim().toLowerCase();
  const shared = [...mine].filter((w) => theirs.has(w)).length;
  const shorter = Math.min(mine.size, theirs.size);
  return shorter <= 2 ? shared === shorter : shared / shorter >= 2 / 3;
}

export interface NetworkPeriod {
  fromOn: string;
  toOn: string | null;
}

/** Current on `today`: started by then and not yet ended (an end date is the last day in the network). */
export function isCurrent(member: NetworkPeriod, today: string): boolean {
  return member.fromOn <= today && (member.toOn === null || member.toOn >= today);
}

/** Current members first (latest start first), then those yet to start, then past ones (latest end first). */
export function networkOrder<T extends NetworkPeriod & { name: string }>(members: readonly T[], today: string): T[] {
  const rank = (m: T) => (isCurrent(m, today) ? 0 : m.fromOn > today ? 1 : 2);
  return [...members].sort(
    (x, y) =>
      rank(x) - rank(y) ||
      (rank(x) === 2 ? (y.toOn ?? '').localeCompare(x.toOn ?? '') : y.fromOn.localeCompare(x.fromOn)) ||
      x.name.localeCompare(y.name),
  );
}
