// Recording one dated event of an episode (release, recall, extension, closure, reopening...): checked
// against the history by phases.ts, then stored with the version bump, the timeline entry and the audit
// event, all in the caller's transaction. Shared by the episode service (which checks who may do it) and
// by calls from other modules that act on an episode they cannot see (closeEpisodeForHandover).
import { and, desc, eq, lte } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { sitePolicies } from '../db/schema.ts';
import { recordAudit, type AuditActor } from '../audit/auditLog.ts';
import { Conflict, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import type { SitePolicy } from '../sites/policy.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { episodePhase, validateEvent, type EpisodeEvent, type EpisodePhase, type EpisodePhaseInput } from './phases.ts';
import * as repo from './episodeRepository.ts';

export type WindowPolicy = Pick<SitePolicy, 'preReleaseMonths' | 'postReleaseMonths'>;

export interface EventChange {
  event: EpisodeEvent;
  /** The body field a date in the future is reported on (400). */
  field: string;
  details: Record<string, unknown>;
  columns?: Partial<repo.EpisodeRow>;
  summary: string;
  action: string;
}

export function phaseInputOf(row: repo.EpisodeRow, events: EpisodeEvent[], policy: WindowPolicy): EpisodePhaseInput {
  return {
    openedOn: row.openedOn,
    events,
    preReleaseMonths: policy.preReleaseMonths,
    postReleaseMonths: policy.postReleaseMonths,
  };
}

export function phaseAt(row: repo.EpisodeRow, events: EpisodeEvent[], policy: WindowPolicy, now: Date): EpisodePhase {
  return episodePhase(phaseInputOf(row, events, policy), londonDate(now));
}

export async function storedEvents(db: Queryable, episodeId: string): Promise<EpisodeEvent[]> {
  return (await repo.eventsOf(db, [episodeId])).map(repo.toEpisodeEvent);
}

/** The site's policy in force at `now` (else its latest), read from the database for callers without the site catalogue. */
export async function windowPolicyOf(db: Queryable, siteCode: string, now: Date): Promise<WindowPolicy> {
  const inForce = await db
    .select({ policy: sitePolicies.policy })
    .from(sitePolicies)
    .where(and(eq(sitePolicies.siteCode, siteCode), lte(sitePolicies.effectiveFrom, londonDate(now))))
    .orderBy(desc(sitePolicies.effectiveFrom))
    .limit(1);
  const [row] = inForce.length
    ? inForce
    : await db
        .select({ policy: sitePolicies.policy })
        .from(sitePolicies)
        .where(eq(sitePolicies.siteCode, siteCode))
        .orderBy(desc(sitePolicies.effectiveFrom))
        .limit(1);
  if (!row) throw new Error(`Site ${siteCode} has no policy`);
  return row.policy as SitePolicy;
}

/**
 * Records one event after phases.ts has checked it against the history; refusals are 409 with its
 * plain-English reason, a date in the future is 400 on `change.field`, a stale version 412.
 */
export async function recordEpisodeEvent(
  db: Queryable,
  row: repo.EpisodeRow,
  actor: { id: string; audit: AuditActor },
  policy: WindowPolicy,
  expectedVersion: number | undefined,
  change: EventChange,
  now: Date,
): Promise<{ updated: repo.EpisodeRow; phase: EpisodePhase }> {
  if (expectedVersion !== undefined && expectedVersion !== row.version) throw new StaleVersion();
  const today = londonDate(now);
  if (change.event.on > today)
    throw new ValidationFailed([{ field: change.field, message: 'Must be today or in the past' }]);
  const events = await storedEvents(db, row.id);
  const refusal = validateEvent(phaseInputOf(row, events, policy), change.event, today);
  if (refusal !== null) throw new Conflict(refusal);
  const updated = await repo.bumpEpisodeIfVersion(db, row.id, expectedVersion ?? row.version, {
    ...change.columns,
    updatedAt: now,
  });
  if (!updated) throw new StaleVersion();
  await repo.addEpisodeEvent(db, row.id, change.event, change.details, actor.id, now);
  await addTimelineEvent(db, {
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
  return { updated, phase: phaseAt(updated, [...events, change.event], policy, now) };
}
