// Recording one dated event of an episode (release, recall, expected release date, extension, closure,
// reopening): checked against the history by phases.ts, then stored with the version bump, the timeline
// entry and the audit event, all in the caller's transaction. Shared by the episode and closure services,
// which decide first who may do it. `episodeEvents` is what the episode service's verbs (service.ts,
// contactService.ts, releaseService.ts) start from: the episode the viewer may see or work on, and its phase
// from the stored events and the site's policy in force.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit, type AuditActor } from '../audit/auditLog.ts';
import { Conflict, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { validateEvent, type EpisodeEvent, type EpisodePhase } from './phases.ts';
import { phaseAt, phaseInputOf, windowPolicy, type WindowPolicy } from './rules.ts';
import * as repo from './repository.ts';
import { presentEpisode, type EpisodeView } from './presenter.ts';

export interface EventChange {
  event: EpisodeEvent;
  /** The body field a date in the future is reported on (400). */
  field: string;
  details: Record<string, unknown>;
  columns?: repo.EpisodeChanges;
  summary: string;
  action: string;
}

/** Who records it: their id, and how the audit trail names them. */
export interface EventActor {
  id: string;
  audit: AuditActor;
}

/**
 * Records one event after phases.ts has checked it against the history (`events`, when the caller has
 * already read them); refusals are 409 with its plain-English reason, a date in the future is 400 on
 * `change.field`, a stale version 412.
 */
export async function recordEpisodeEvent(
  db: Queryable,
  timeline: TimelineWriter,
  row: repo.EpisodeRow,
  actor: EventActor,
  policy: WindowPolicy,
  expectedVersion: number | undefined,
  change: EventChange,
  now: Date,
  events?: EpisodeEvent[],
): Promise<{ updated: repo.EpisodeRow; phase: EpisodePhase }> {
  if (expectedVersion !== undefined && expectedVersion !== row.version) throw new StaleVersion();
  const today = londonDate(now);
  if (change.event.on > today)
    throw new ValidationFailed([{ field: change.field, message: 'Must be today or in the past' }]);
  const history = events ?? (await repo.eventsOf(db, [row.id])).map(repo.toEpisodeEvent);
  const refusal = validateEvent(phaseInputOf(row, history, policy), change.event, today);
  if (refusal !== null) throw new Conflict(refusal);
  const updated = await repo.updateEpisodeIfVersion(db, row.id, expectedVersion ?? row.version, {
    ...change.columns,
    updatedAt: now,
  });
  if (!updated) throw new StaleVersion();
  await repo.addEpisodeEvent(db, row.id, change.event, change.details, actor.id, now);
  await timeline.record(db, {
    at: now,
    personId: row.personId,
    referralId: row.referralId,
    actorId: actor.id,
    kind: `episode.${change.event.kind}`,
    summary: change.summary,
  });
  await recordAudit(
    db,
    {
      actor: actor.audit,
      action: change.action,
      recordType: 'episode',
      recordId: row.id,
      details: {
        event: change.event,
        ...change.details,
        before: { version: row.version },
        after: { version: updated.version },
      },
    },
    now,
  );
  return { updated, phase: phaseAt(updated, [...history, change.event], policy, now) };
}

export interface EpisodeEventDeps {
  clock: Clock;
  sites: SiteCatalogue;
  timeline: TimelineWriter;
}

/** The episode a verb is about and its events, for the episode service's verbs. */
export function episodeEvents({ clock, sites, timeline }: EpisodeEventDeps) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }
  const policyOf = (siteCode: string, now: Date): WindowPolicy => windowPolicy(siteOf(siteCode), now);
  const phaseOf = (row: repo.EpisodeRow, events: EpisodeEvent[], now: Date): EpisodePhase =>
    phaseAt(row, events, policyOf(row.siteCode, now), now);
  const storedEvents = async (db: Queryable, id: string) => (await repo.eventsOf(db, [id])).map(repo.toEpisodeEvent);

  /** Not visible → 404, never 403, so that existence does not leak. */
  async function visible(db: Queryable, viewer: Viewer, id: string): Promise<repo.EpisodeRow> {
    const row = await repo.findVisibleEpisode(db, viewer, id);
    if (!row) throw new NotFound();
    return row;
  }

  async function auditEpisode(db: Queryable, viewer: Viewer, action: string, id: string, now: Date) {
    await recordAudit(db, { actor: actorOf(viewer), action, recordType: 'episode', recordId: id }, now);
  }

  /** One dated event by a worker of the site (recordEpisodeEvent has the checks). */
  async function recordEvent(
    db: Queryable,
    viewer: Viewer,
    id: string,
    expectedVersion: number | undefined,
    change: EventChange,
  ): Promise<EpisodeView> {
    return recordEventOn(db, viewer, await workable(db, viewer, id), expectedVersion, change);
  }

  /** An episode the viewer may see (404) and work on (403), checked before anything else of it is read. */
  async function workable(db: Queryable, viewer: Viewer, id: string): Promise<repo.EpisodeRow> {
    const row = await visible(db, viewer, id);
    authorize(viewer, 'workOnEpisode', row);
    return row;
  }

  async function recordEventOn(
    db: Queryable,
    viewer: Viewer,
    row: repo.EpisodeRow,
    expectedVersion: number | undefined,
    change: EventChange,
  ): Promise<EpisodeView> {
    const now = clock();
    const actor = { id: viewer.id, audit: actorOf(viewer) };
    const policy = policyOf(row.siteCode, now);
    const { updated, phase } = await recordEpisodeEvent(db, timeline, row, actor, policy, expectedVersion, change, now);
    return presentEpisode(updated, phase);
  }

  return { policyOf, phaseOf, storedEvents, visible, workable, auditEpisode, recordEvent, recordEventOn };
}

export type EpisodeEvents = ReturnType<typeof episodeEvents>;

/** The events of many episodes in one read, each episode's oldest first. */
export async function eventsByEpisode(db: Queryable, ids: readonly string[]): Promise<Map<string, EpisodeEvent[]>> {
  const byEpisode = new Map<string, EpisodeEvent[]>();
  for (const e of await repo.eventsOf(db, ids)) {
    const list = byEpisode.get(e.episodeId) ?? [];
    list.push(repo.toEpisodeEvent(e));
    byEpisode.set(e.episodeId, list);
  }
  return byEpisode;
}
