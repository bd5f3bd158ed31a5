// Search hits to what the API returns and the results page shows: one item per person (as the newest
// visible referral names them), their referrals and episodes with status in the service's words.
import type { PhaseSummary } from '../episodes/presenter.ts';
import { presentNamedPerson, type NamedPersonView } from '../referrals/presenter.ts';
import type { NamedSearchRow, SearchRow } from './repository.ts';
import { QUERY_KIND_TEXT, type SearchQuery } from './rules.ts';
import { formatDate } from '../web/format.ts';
import { say } from '../web/vocabulary.ts';

export interface SearchItem {
  personId: string;
  name: string;
  dateOfBirth: string;
  referrals: { id: string; reference: string; site: string; status: string; statusText: string }[];
  episodes: { id: string; referralId: string; site: string; status: string; statusText: string }[];
}

export interface SearchResult {
  kind: SearchQuery['kind'];
  items: SearchItem[];
  /** More people matched than are listed: the query should be narrowed. */
  more: boolean;
}

/** Groups rows (newest referral first) by person, keeping the first `limit` people. */
export function presentItems(
  rows: readonly SearchRow[],
  phases: ReadonlyMap<string, PhaseSummary>,
  limit: number,
): { items: SearchItem[]; more: boolean } {
  const byPerson = new Map<string, SearchItem>();
  for (const r of rows) {
    let item = byPerson.get(r.personId);
    if (!item) {
      if (byPerson.size >= limit) continue;
      item = {
        personId: r.personId,
        name: `${r.givenName} ${r.familyName}`,
        dateOfBirth: r.dateOfBirth,
        referrals: [],
        episodes: [],
      };
      byPerson.set(r.personId, item);
    }
    item.referrals.push({
      id: r.referralId,
      reference: r.reference,
      site: r.siteCode,
      status: r.status,
      statusText: say(r.status),
    });
    const phase = r.episodeId ? phases.get(r.episodeId) : undefined;
    if (r.episodeId && r.episodeSiteCode && phase)
      item.episodes.push({
        id: r.episodeId,
        referralId: r.referralId,
        site: r.episodeSiteCode,
        status: phase.status,
        statusText: phase.statusText,
      });
  }
  const people = new Set(rows.map((r) => r.personId));
  return { items: [...byPerson.values()], more: people.size > byPerson.size };
}

/**
 * The people among rows (newest referral first), the first `limit` as `presentItems` keeps them, each as
 * their newest referral names them; and every referral of theirs that was read, as `presentItems` lists them.
 */
export function presentNamedPeople(
  rows: readonly NamedSearchRow[],
  limit: number,
): { people: NamedPersonView[]; referralIds: string[] } {
  const byPerson = new Map<string, { newest: NamedSearchRow; referralIds: string[] }>();
  for (const r of rows) {
    const person = byPerson.get(r.personId);
    if (person) person.referralIds.push(r.id);
    else if (byPerson.size < limit) byPerson.set(r.personId, { newest: r, referralIds: [r.id] });
  }
  const listed = [...byPerson.values()];
  return {
    people: listed.map((p) => presentNamedPerson(p.newest)),
    referralIds: listed.flatMap((p) => p.referralIds),
  };
}

export interface SearchPageParts {
  q: string;
  result: SearchResult | undefined;
  errors: { text: string; href: string }[];
  teamName: (code: string) => string;
}

/** The results page: the query kept in the box, a heading that says how many, and a card per person. */
export function presentSearchPage({ q, result, errors, teamName }: SearchPageParts) {
  const count = result?.items.length ?? 0;
  const people = count === 1 ? '1 person' : `${count} people`;
  return {
    pageTitle: result ? `Search: ${people} found` : 'Find a person',
    section: 'search',
    q,
    errors,
    searched: result !== undefined,
    resultText: result
      ? result.more
        ? `${people} found by ${QUERY_KIND_TEXT[result.kind]}, and more may match: add more of the name to narrow it`
        : `${people} found by ${QUERY_KIND_TEXT[result.kind]}`
      : '',
    people: (result?.items ?? []).map((item) => ({
      personId: item.personId,
      name: item.name,
      dateOfBirthText: formatDate(item.dateOfBirth),
      referrals: item.referrals.map((r) => ({
        href: `/referrals/${r.id}`,
        reference: r.reference,
        team: teamName(r.site),
        statusText: r.statusText,
      })),
      episodes: item.episodes.map((e) => ({
        href: `/episodes/${e.id}`,
        team: teamName(e.site),
        statusText: e.statusText,
      })),
    })),
  };
}
