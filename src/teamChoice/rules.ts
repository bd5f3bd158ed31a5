// Which team a staff list opens on (issue 10, "All my teams"): the screening queue, the caseload, the
// worklist and the team's referrals each open on one site, or on every site the user works at, and remember
// the choice. A pure rule: what was asked, what was remembered and the user's sites in; the site out.
//
// A user who works at one site has no choice to make: their list is their site, and nothing is remembered.
// A remembered site the user no longer works at is forgotten (their sites changed since), never obeyed.

/** Every site the user works at. */
export const ALL_TEAMS = 'all';

export const TEAM_LISTS = ['screening', 'caseload', 'worklist', 'referrals'] as const;
export type TeamList = (typeof TEAM_LISTS)[number];

export interface TeamChoice {
  /** A site code of the user's, `all`, or '' for a user with no site (whose list the policy refuses). */
  site: string;
  /** What to remember now: the choice the user just made, when it differs from the one remembered. */
  remember: string | undefined;
}

export function hasTeamChoice(siteCodes: readonly string[]): boolean {
  return siteCodes.length > 1;
}

const isChoice = (siteCodes: readonly string[], value: string | undefined): value is string =>
  value !== undefined && (siteCodes.includes(value) || (value === ALL_TEAMS && hasTeamChoice(siteCodes)));

export function chooseTeam(p: {
  asked: string | undefined;
  remembered: string | undefined;
  siteCodes: readonly string[];
  /** What a list opens on before any choice: the first site, or all of them (the worklist's regional view). */
  byDefault?: 'first' | 'all' | undefined;
}): TeamChoice {
  const { asked, remembered, siteCodes } = p;
  if (!hasTeamChoice(siteCodes)) return { site: siteCodes[0] ?? '', remember: undefined };
  if (isChoice(siteCodes, asked)) return { site: asked, remember: asked === remembered ? undefined : asked };
  if (isChoice(siteCodes, remembered)) return { site: remembered, remember: undefined };
  return { site: p.byDefault === 'all' ? ALL_TEAMS : (siteCodes[0] ?? ''), remember: undefined };
}

/** An API list's `site`: `all` (every site of the caller's, API.md lists without a site) reads as no site. */
export const unlessAllTeams = (site: string | undefined): string | undefined => (site === ALL_TEAMS ? undefined : site);

/** The sites a choice covers. */
export function sitesOf(site: string, siteCodes: readonly string[]): string[] {
  return site === ALL_TEAMS ? [...siteCodes] : site ? [site] : [];
}

/** The choice as the list's "Team" select shows it: "All your teams" first, for a user of several sites. */
export function teamOptions(site: string, siteCodes: readonly string[], teamName: (code: string) => string) {
  if (!hasTeamChoice(siteCodes)) return [];
  return [
    { value: ALL_TEAMS, text: 'All your teams', selected: site === ALL_TEAMS },
    ...siteCodes.map((code) => ({ value: code, text: teamName(code), selected: code === site })),
  ];
}
