// Recording one dated event of an episode (release, recall, expected release date, extension, closure,
// reopening): checked against the history by phases.ts, then stored with the version bump, the timeline
// entry and the audit event, all in the caller's transaction. Shared by the episode and closure services,
// which decide first who may do it.
import type { Queryable } from '../db/client.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { recordAudit, type AuditActor } from '../audit/auditLog.ts';
import { Conflict, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { validateEvent, type EpisodeEvent, type EpisodePhase } from './phases.ts';
import { phaseAt, phaseInputOf, type WindowPolicy } from './rules.ts';
import * as repo from './repository.ts';

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
