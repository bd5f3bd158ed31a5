// The evaluation's minimum dataset (issue 15): the data dictionary, the k-anonymity check and the pseudonymised
// extract, streamed in keyset pages so that 10,000 episodes never sit in memory at once. Every extract is audited
// (who, when, what range, how many rows, the k-anonymity found) in its own transaction before the first row leaves.
import type { Db, Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { authorize } from '../access/policy.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit, type AuditActor } from '../audit/auditLog.ts';
import { csvCell } from '../reports/csv.ts';
import * as repo from './repository.ts';
import { DICTIONARY_VERSION, EXTRACT_COLUMNS, dictionaryBody } from './dictionary.ts';
import { DEFAULT_K, kAnonymityCounter, type KAnonymity } from './kAnonymity.ts';
import {
  extractRowOf,
  knownLocalAuthorities,
  quasiValuesOf,
  rowCells,
  type EpisodeExtractFacts,
  type ExtractRow,
  type RowContext,
} from './rules.ts';

export interface EvaluationDeps {
  clock: Clock;
  sites: SiteCatalogue;
  /** PSEUDONYMISATION_KEY (config.ts): never shown to anyone, never in the extract. */
  pseudonymisationKey: string;
}

export type ExtractRange = repo.ExtractRange;

/** How an extract left the service, for the audit trail. */
export type ExtractChannel = 'api' | 'page' | 'cli';

export const PAGE_SIZE = 500;

type PageRow = Awaited<ReturnType<typeof repo.episodePage>>[number];
type Details = Awaited<ReturnType<typeof repo.pageDetails>>;

/** A page's events, contacts and measures by episode, so each row finds its own in one look-up. */
function byEpisode(d: Details) {
  const group = <T extends { episodeId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const list = map.get(r.episodeId);
      if (list) list.push(r);
      else map.set(r.episodeId, [r]);
    }
    return map;
  };
  return { events: group(d.events), contacts: group(d.contacts), measures: group(d.measures) };
}
type Grouped = ReturnType<typeof byEpisode>;

function factsOf(r: PageRow, d: Grouped | undefined): EpisodeExtractFacts {
  return {
    episodeId: r.episodeId,
    siteCode: r.siteCode,
    person: { personId: r.personId, nhsNumber: r.nhsNumber, prisonNumber: r.prisonNumber, crn: r.crn, pncId: r.pncId },
    dateOfBirth: r.dateOfBirth,
    receivedAt: r.receivedAt,
    decidedAt: r.decidedAt,
    sourceType: r.sourceType,
    priorityGroup: r.priorityGroup,
    details: r.details,
    consultation: r.consultation,
    closedReason: r.closedReason,
    plan: (r.plan as Record<string, unknown> | null) ?? null,
    recorded:
      r.outcomeVersion === null
        ? undefined
        : {
            gpRegisteredOn: r.gpRegisteredOn,
            substanceMisuseEngagedOn: r.substanceMisuseEngagedOn,
            mentalHealthHandoverOn: r.mentalHealthHandoverOn,
            accommodationNow: r.accommodationNow,
          },
    events: (d?.events.get(r.episodeId) ?? []).map((e) => {
      const reason = (e.data as { reason?: unknown } | null)?.reason;
      return { kind: e.kind, on: e.on, ...(typeof reason === 'string' ? { reason } : {}) };
    }),
    contacts: d?.contacts.get(r.episodeId) ?? [],
    measures: d?.measures.get(r.episodeId) ?? [],
  };
}

const csvLine = (cells: readonly (string | number | null)[]) => cells.map(csvCell).join(',') + '\r\n';

export function createEvaluationService({ clock, sites, pseudonymisationKey }: EvaluationDeps) {
  const context = (): RowContext => ({
    key: pseudonymisationKey,
    now: clock(),
    sites: new Map(sites.all().map((s) => [s.code, s])),
    localAuthorities: knownLocalAuthorities(sites.all()),
  });

  /**
   * Every row of the range, page by page. `withDetails: false` skips the events, contacts and measures: enough
   * for the quasi-identifiers, which come from the episode, its referral and its release plan.
   */
  async function* rows(db: Queryable, range: ExtractRange, withDetails = true): AsyncGenerator<ExtractRow[]> {
    const ctx = context();
    let after: string | null = null;
    for (;;) {
      const page = await repo.episodePage(db, range, after, PAGE_SIZE);
      if (!page.length) return;
      const ids = page.map((r) => r.episodeId);
      const details = withDetails ? byEpisode(await repo.pageDetails(db, ids)) : undefined;
      yield page.map((r) => extractRowOf(factsOf(r, details), ctx));
      if (page.length < PAGE_SIZE) return;
      after = page[page.length - 1]?.episodeId ?? null;
    }
  }

  async function check(db: Queryable, range: ExtractRange, k: number): Promise<KAnonymity> {
    const counter = kAnonymityCounter(k);
    for await (const page of rows(db, range, false)) for (const row of page) counter.add(quasiValuesOf(row));
    return counter.result();
  }

  async function* csvChunks(db: Queryable, range: ExtractRange): AsyncGenerator<{ text: string; rows: number }> {
    yield { text: csvLine(EXTRACT_COLUMNS), rows: 0 };
    for await (const page of rows(db, range))
      yield { text: page.map((row) => csvLine(rowCells(row))).join(''), rows: page.length };
  }

  async function audit(db: Queryable, actor: AuditActor, range: ExtractRange, channel: string, result: KAnonymity) {
    await recordAudit(
      db,
      {
        actor,
        action: 'evaluation.extracted',
        recordType: 'evaluation_extract',
        recordId: DICTIONARY_VERSION,
        details: {
          from: range.from ?? null,
          to: range.to ?? null,
          channel,
          rows: result.rows,
          k: result.k,
          smallestClass: result.smallestClass,
          classesUnderK: result.underK.length,
        },
      },
      clock(),
    );
  }

  return {
    /** API.md `GET /api/v1/evaluation/dictionary`. */
    dictionary(viewer: Viewer) {
      authorize(viewer, 'readEvaluationDictionary');
      return dictionaryBody();
    },

    /** Refuses (403) anyone who may not take an extract, before a page reads its query. */
    assertMayExtract(viewer: Viewer): void {
      authorize(viewer, 'extractEvaluation');
    },

    /** The k-anonymity of the extract a range would give, shown before it is downloaded. Nothing leaves. */
    async kAnonymity(db: Queryable, viewer: Viewer, range: ExtractRange, k = DEFAULT_K): Promise<KAnonymity> {
      authorize(viewer, 'extractEvaluation');
      return check(db, range, k);
    },

    /**
     * Before an extract is sent: authorised, checked for k-anonymity and audited in its own transaction (`db`
     * is the database, not a request's transaction). The rows then come from `csv`.
     */
    async beginExtract(
      db: Db,
      who: Viewer | { cli: string },
      range: ExtractRange,
      channel: ExtractChannel,
    ): Promise<KAnonymity> {
      // The command line is the operator's own access to the database; a signed-in user must be a researcher.
      if (!('cli' in who)) authorize(who, 'extractEvaluation');
      const actor = 'cli' in who ? { id: null, label: who.cli } : actorOf(who);
      const result = await check(db, range, DEFAULT_K);
      await db.transaction((tx) => audit(tx, actor, range, channel, result));
      return result;
    },

    /** The extract as CSV, a chunk a page with its row count, the header first (reports/csv.ts: formula-safe). */
    csvChunks,

    /** The same, as text only (an HTTP response body). */
    async *csv(db: Queryable, range: ExtractRange): AsyncGenerator<string> {
      for await (const chunk of csvChunks(db, range)) yield chunk.text;
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
