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
import type { ContactTally } from '../outcomes/rules.ts';
import {
  extractRowOf,
  knownLocalAuthorities,
  quasiOf,
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

/** Episodes a page: a few round trips for each thousand rows, a few hundred kilobytes held at once. */
export const PAGE_SIZE = 1000;

type PageRow = Awaited<ReturnType<typeof repo.episodePage>>[number];

/** A page's events and measures by episode, so each row finds its own in one look-up. */
function group<T extends { episodeId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.episodeId);
    if (list) list.push(r);
    else map.set(r.episodeId, [r]);
  }
  return map;
}

const NO_CONTACTS: ContactTally = { attended: 0, didNotAttend: 0, cancelled: 0, firstAttendedFromRelease: null };

/** The facts of a page's episodes: their events and measures, and their contacts tallied against the first release. */
async function pageFacts(db: Queryable, page: PageRow[]): Promise<EpisodeExtractFacts[]> {
  const details = await repo.pageDetails(
    db,
    page.map((r) => r.episodeId),
  );
  const events = group(details.events);
  const measures = group(details.measures);
  // outcomes/rules.ts linkageFacts: the first release recorded.
  const releasedOn = (id: string) => events.get(id)?.find((e) => e.kind === 'released')?.on ?? null;
  const tallies = await repo.contactTallies(
    db,
    page.map((r) => ({ episodeId: r.episodeId, releasedOn: releasedOn(r.episodeId) })),
  );
  return page.map((r) => ({
    episodeId: r.episodeId,
    siteCode: r.siteCode,
    person: { personId: r.personId, nhsNumber: r.nhsNumber, prisonNumber: r.prisonNumber, crn: r.crn, pncId: r.pncId },
    dateOfBirth: r.dateOfBirth,
    receivedAt: r.receivedAt,
    decidedAt: r.decidedAt,
    sourceType: r.sourceType,
    priorityGroup: r.priorityGroup,
    details: { roshLevel: r.roshLevel, criteria: { substanceMisuse: r.substanceMisuseAtReferral } },
    consultation: { date: r.consultationDate },
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
    events: (events.get(r.episodeId) ?? []).map(({ kind, on, reason }) => ({
      kind,
      on,
      ...(typeof reason === 'string' ? { reason } : {}),
    })),
    contacts: tallies.get(r.episodeId) ?? NO_CONTACTS,
    measures: measures.get(r.episodeId) ?? [],
  }));
}

/**
 * Keyset pages of a range, oldest episode id first, each read while the one before it is coded and sent: the
 * database and the app work at the same time rather than in turn.
 */
export async function* keysetPages<T extends { episodeId: string }>(
  read: (after: string | null) => Promise<T[]>,
): AsyncGenerator<T[]> {
  let next: Promise<T[]> | undefined = read(null);
  while (next) {
    const page: T[] = await next;
    const last = page.length === PAGE_SIZE ? page[page.length - 1]?.episodeId : undefined;
    next = last === undefined ? undefined : read(last);
    // A download stopped part way leaves the page read ahead unwanted: its failure then is nobody's to answer.
    next?.catch(() => undefined);
    if (page.length) yield page;
  }
}

const csvLine = (cells: readonly (string | number | null)[]) => cells.map(csvCell).join(',') + '\r\n';

export function createEvaluationService({ clock, sites, pseudonymisationKey }: EvaluationDeps) {
  const context = (): RowContext => ({
    key: pseudonymisationKey,
    now: clock(),
    sites: new Map(sites.all().map((s) => [s.code, s])),
    localAuthorities: knownLocalAuthorities(sites.all()),
  });

  /** Every row of the range, page by page. */
  async function* rows(db: Queryable, range: ExtractRange): AsyncGenerator<ExtractRow[]> {
    const ctx = context();
    const read = async (after: string | null) => pageFacts(db, await repo.episodePage(db, range, after, PAGE_SIZE));
    for await (const page of keysetPages(read)) yield page.map((f) => extractRowOf(f, ctx));
  }

  /** The quasi-identifiers only, counted by the database: each combination as the extract codes it. */
  async function check(db: Queryable, range: ExtractRange, k: number): Promise<KAnonymity> {
    const ctx = context();
    const counter = kAnonymityCounter(k);
    for (const alike of await repo.quasiCounts(db, range)) counter.add(quasiOf(alike, ctx), alike.episodes);
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
