// Search (issue 10, "Find anyone, read everything"; API.md `GET /api/v1/search`): a person by name, NHS
// number, prison number or CRN across every site the viewer works at, with their referrals and episodes.
// Which records are hits is decided in the query (repository.ts, referralScope); the rules say what was
// typed; each search is audited (who searched, for what kind, a hash of the normalised query, and the
// records it showed), the query itself being personal data.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { EpisodeService } from '../episodes/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit, recordAudits, type AuditEntry } from '../audit/auditLog.ts';
import { ValidationFailed } from '../http/errors.ts';
import * as repo from './repository.ts';
import type { NamedPersonView } from '../referrals/presenter.ts';
import { presentItems, presentNamedPeople, presentSearchPage, type SearchResult } from './presenter.ts';
import { canonicalQuery, parseQuery, QUERY_PROBLEM_TEXT, type SearchQuery } from './rules.ts';

/** People listed at most; and referrals read to find them (a person rarely has more than a few). */
export const PEOPLE_LIMIT = 50;
const ROW_LIMIT = 400;

export interface SearchDeps {
  clock: Clock;
  sites: Pick<SiteCatalogue, 'get'>;
  episodes: Pick<EpisodeService, 'phasesOf'>;
}

/** Who searched, for what kind, a hash of the normalised query, and the records it showed. */
function searchPerformed(viewer: Viewer, q: SearchQuery, count: number, referralIds: string[]): AuditEntry {
  return {
    actor: actorOf(viewer),
    action: 'search.performed',
    details: {
      kind: q.kind,
      queryHash: createHash('sha256').update(canonicalQuery(q)).digest('hex'),
      count,
      referrals: referralIds,
    },
  };
}

export function createSearchService({ clock, sites, episodes }: SearchDeps) {
  function parsed(viewer: Viewer, text: string): SearchQuery {
    authorize(viewer, 'search');
    const q = parseQuery(text);
    if (typeof q === 'string') throw new ValidationFailed([{ field: 'q', message: QUERY_PROBLEM_TEXT[q] }]);
    return q;
  }

  async function search(db: Queryable, viewer: Viewer, text: string): Promise<SearchResult> {
    const q = parsed(viewer, text);
    const now = clock();
    const rows = await repo.search(db, viewer, q, ROW_LIMIT);
    const withEpisodes = rows.flatMap((r) =>
      r.episodeId && r.episodeSiteCode && r.openedOn
        ? [{ id: r.episodeId, siteCode: r.episodeSiteCode, openedOn: r.openedOn }]
        : [],
    );
    const phases = await episodes.phasesOf(db, withEpisodes, now);
    const presented = presentItems(rows, phases, PEOPLE_LIMIT);
    const { items } = presented;
    // As many referrals as are read: there may be more people beyond them.
    const more = presented.more || rows.length >= ROW_LIMIT;
    const shown = items.flatMap((i) => i.referrals.map((r) => r.id));
    await recordAudit(db, searchPerformed(viewer, q, items.length, shown), now);
    return { kind: q.kind, items, more };
  }

  return {
    /** GET /api/v1/search?q=: 400 (field `q`) for nothing or too little to search by. */
    search,

    /**
     * The people a search finds, each as their newest referral the viewer may see names them, with that
     * referral's identifiers (FHIR's `Patient?identifier=`); `personId`, when given, keeps that person only.
     * The same query, scope and audit of the search as `search`, and each person read audited as a read of
     * that referral (referrals/service.ts `read`), all in one statement.
     */
    async people(db: Queryable, viewer: Viewer, text: string, personId?: string): Promise<NamedPersonView[]> {
      const q = parsed(viewer, text);
      const now = clock();
      const rows = await repo.searchNamed(db, viewer, q, ROW_LIMIT);
      const found = presentNamedPeople(rows, PEOPLE_LIMIT);
      const read = found.people.filter((p) => personId === undefined || p.personId === personId);
      await recordAudits(
        db,
        [
          searchPerformed(viewer, q, found.people.length, found.referralIds),
          ...read.map((p) => ({
            actor: actorOf(viewer),
            action: 'referral.viewed',
            recordType: 'referral',
            recordId: p.referralId,
          })),
        ],
        now,
      );
      return read;
    },

    /** The results page: no query shows the form alone; a query too short to search by is the error summary. */
    async page(db: Queryable, viewer: Viewer, text: string | undefined) {
      authorize(viewer, 'search');
      const teamName = (code: string) => sites.get(code)?.name ?? 'Another team';
      const q = text ?? '';
      if (text === undefined) return presentSearchPage({ q, result: undefined, errors: [], teamName });
      const parsed = parseQuery(q);
      if (typeof parsed === 'string')
        return presentSearchPage({
          q,
          result: undefined,
          errors: [{ text: QUERY_PROBLEM_TEXT[parsed], href: '#q' }],
          teamName,
        });
      const result = await search(db, viewer, q);
      return presentSearchPage({ q, result, errors: [], teamName });
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
