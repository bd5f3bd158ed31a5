// Reading and changing an episode's release plan (issue "Release planning"; API.md
// `PUT /api/v1/episodes/{id}/release-plan`). Each call takes the transaction it runs in.
//
// Decisions:
// - The plan has its own version (its ETag). A first PUT may omit If-Match (there is nothing to be stale
//   against; `If-Match: "0"` also means "no plan yet"); once a plan exists If-Match is required: 428
//   without, 412 when stale. Pages always send the version they showed.
// - A new `expectedReleaseDate` goes through the episode service (an episode event with who and why:
//   "every change kept, with who and why"), in the same transaction; the same date again records nothing.
// - A PUT that changes nothing writes nothing (no new version, no timeline entry).
// - A closed episode's plan is read-only (409), as its contacts are.
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import type { EpisodeService } from '../episodes/episodeService.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import {
  Conflict,
  Forbidden,
  NotFound,
  StaleVersion,
  ValidationFailed,
  VersionRequired,
  type FieldError,
} from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { policyInForce, type SiteDefinition, type SitePolicy } from '../sites/policy.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { findVisibleEpisode, toEpisodeEvent, type EpisodeRow } from '../episodes/episodeRepository.ts';
import { canWorkAt, userNames } from '../episodes/episodeDisplay.ts';
import { episodePhase, type EpisodePhase } from '../episodes/phases.ts';
import {
  checklist,
  missingItems,
  readiness,
  timingFromPhase,
  type ChecklistItem,
  type Readiness,
} from './checklist.ts';
import { destinationCoverage, type DestinationCoverage } from './coverage.ts';
import * as repo from './repository.ts';
import type { ReleasePlanBody } from './schema.ts';
import type { ReleasePlan } from './types.ts';

export const DEFAULT_DATE_CHANGE_REASON = 'Updated in the release plan';

/** The plan's fields in plain words, for the timeline. */
export const PLAN_FIELD_WORDS: Record<keyof ReleasePlan, string> = {
  releaseType: 'release type',
  releaseUncertain: 'whether the release date is uncertain',
  destination: 'release address',
  approvedPremises: 'approved premises',
  gp: 'GP registration',
  medicationOnRelease: 'medication on release',
  substanceMisuse: 'substance misuse appointment',
  mentalHealthHandover: 'mental health handover',
  accommodation: 'accommodation',
  idAndMoney: 'ID and money',
  localProbationInformed: 'local probation informed',
  communityServicesInformed: 'community services informed',
  needsFlaggedToCourt: 'needs flagged to the court',
  meetAtTheGate: 'meet at the gate',
  contingencyPlan: 'contingency plan',
};
const PLAN_KEYS = Object.keys(PLAN_FIELD_WORDS) as (keyof ReleasePlan)[];

export interface ReleaseDateChange {
  expectedReleaseDate: string;
  recordedOn: string;
  recordedAt: string;
  by: string | null;
  reason: string | null;
}
export interface ActualRelease {
  releasedOn: string;
  releasedFrom: 'prison' | 'court' | null;
  destination: { postcode: string; localAuthority: string } | null;
}

export interface ReleasePlanView {
  episodeId: string;
  site: string;
  /** The plan's version (its ETag); 0 before the first save. */
  version: number;
  plan: ReleasePlan;
  episodeStatus: EpisodePhase['status'];
  expectedReleaseDate: string | null;
  releaseDateHistory: ReleaseDateChange[];
  releases: ActualRelease[];
  checklist: ChecklistItem[];
  readiness: Readiness;
  /** The items still to do (API.md: "the response says what is still missing"). */
  missing: { code: string; label: string; missing: string }[];
  destinationCoverage: DestinationCoverage;
  updatedAt: string | null;
  /** The name of who last changed the plan. */
  updatedBy: string | null;
}

/** JSON with object keys sorted: jsonb does not keep key order, so plain JSON.stringify cannot compare. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The body merged into the plan: absent fields stay, `null` removes, objects are replaced whole. */
export function mergePlan(
  plan: ReleasePlan,
  body: ReleasePlanBody,
): { next: ReleasePlan; changed: (keyof ReleasePlan)[] } {
  const next: Record<string, unknown> = { ...plan };
  const changed: (keyof ReleasePlan)[] = [];
  for (const key of PLAN_KEYS) {
    const value = body[key];
    if (value === undefined) continue;
    if (stable(value ?? undefined) === stable(next[key])) continue;
    if (value === null) delete next[key];
    else next[key] = value;
    changed.push(key);
  }
  return { next: next as ReleasePlan, changed };
}

/** Checks that need today or the plan as a whole; all problems at once, by field path. */
function crossFieldErrors(body: ReleasePlanBody, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (body.expectedReleaseDate && body.expectedReleaseDate < today) {
    errors.push({
      field: 'expectedReleaseDate',
      message: 'Must be today or later: if they have been released, record the release instead',
    });
  }
  if (body.releaseDateChangeReason && !body.expectedReleaseDate) {
    errors.push({ field: 'releaseDateChangeReason', message: 'Only with a new expectedReleaseDate' });
  }
  if (body.accommodation?.dutyToReferDate && body.accommodation.dutyToReferDate > today) {
    errors.push({
      field: 'accommodation.dutyToReferDate',
      message: 'Must be today or in the past: record the Duty to Refer once it is made',
    });
  }
  if (body.substanceMisuse && !body.substanceMisuse.needed && body.substanceMisuse.appointmentDate) {
    errors.push({ field: 'substanceMisuse.appointmentDate', message: 'Only when an appointment is needed' });
  }
  if (body.mentalHealthHandover && !body.mentalHealthHandover.needed && body.mentalHealthHandover.done) {
    errors.push({ field: 'mentalHealthHandover.done', message: 'Only when a handover is needed' });
  }
  return errors;
}

type Deps = Pick<Core, 'sites' | 'clock'> & { episodes: Pick<EpisodeService, 'setExpectedReleaseDate'> };

export function createReleasePlanService({ sites, clock, episodes }: Deps) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }
  function policyOf(site: SiteDefinition, now: Date): SitePolicy {
    const policy = policyInForce(site, now) ?? site.policies[site.policies.length - 1];
    if (!policy) throw new Error(`Site ${site.code} has no policy`);
    return policy;
  }

  async function visibleOrThrow(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeRow> {
    const row = await findVisibleEpisode(db, viewer, id);
    if (!row) throw new NotFound();
    return row;
  }

  /** Everything the API and the pages show, from the stored plan and the episode's events. */
  async function present(
    db: Queryable,
    episode: EpisodeRow,
    planRow: repo.ReleasePlanRow | undefined,
    now: Date,
  ): Promise<ReleasePlanView> {
    const site = siteOf(episode.siteCode);
    const policy = policyOf(site, now);
    const today = londonDate(now);
    const rows = await repo.eventsWithAuthors(db, episode.id);
    const phase = episodePhase(
      {
        openedOn: episode.openedOn,
        events: rows.map((r) => toEpisodeEvent(r.event)),
        preReleaseMonths: policy.preReleaseMonths,
        postReleaseMonths: policy.postReleaseMonths,
      },
      today,
    );
    const plan = planRow?.plan ?? {};
    const timing = timingFromPhase(phase, today);
    const items = checklist(plan, policy, timing);
    const data = (r: (typeof rows)[number]) => r.event.data as Record<string, unknown>;
    const updatedBy = planRow ? ((await userNames(db, [planRow.updatedBy])).get(planRow.updatedBy) ?? null) : null;
    return {
      episodeId: episode.id,
      site: site.code,
      version: planRow?.version ?? 0,
      plan,
      episodeStatus: phase.status,
      expectedReleaseDate: phase.expectedReleaseDate,
      releaseDateHistory: rows
        .filter((r) => r.event.kind === 'release_date_set')
        .map((r) => ({
          expectedReleaseDate: String(data(r).expectedReleaseDate),
          recordedOn: r.event.on,
          recordedAt: r.event.recordedAt.toISOString(),
          by: r.byName,
          reason:
            typeof data(r).reason === 'string'
              ? (data(r).reason as string)
              : data(r).source === 'referral'
                ? 'From the referral'
                : null,
        })),
      releases: rows
        .filter((r) => r.event.kind === 'released')
        .map((r) => ({
          releasedOn: r.event.on,
          releasedFrom: (data(r).from as ActualRelease['releasedFrom']) ?? null,
          destination: (data(r).destination as ActualRelease['destination']) ?? null,
        })),
      checklist: items,
      readiness: readiness(items, timing),
      missing: missingItems(items).map((i) => ({ code: i.code, label: i.label, missing: i.missing ?? '' })),
      destinationCoverage: destinationCoverage(plan.destination, site, sites.all(), now),
      updatedAt: planRow?.updatedAt.toISOString() ?? null,
      updatedBy,
    };
  }

  return {
    /** The plan of an episode the viewer may see; the read is audited (PRODUCT.md: every access is audited). */
    async read(db: Queryable, viewer: Viewer, id: string): Promise<ReleasePlanView> {
      const episode = await visibleOrThrow(db, viewer, id);
      const now = clock();
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'release_plan.viewed', recordType: 'episode', recordId: episode.id },
        now,
      );
      return present(db, episode, await repo.findPlan(db, episode.id), now);
    },

    /** Whether the viewer may change the plan (the site's practitioners and managers), for the pages. */
    canChange(viewer: Viewer, view: Pick<ReleasePlanView, 'site' | 'episodeStatus'>): boolean {
      return canWorkAt(viewer, view.site) && view.episodeStatus !== 'closed';
    },

    /** Merges the body into the plan; `expectedVersion` is the If-Match (see the decisions above). */
    async update(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ReleasePlanBody,
      expectedVersion: number | undefined,
    ): Promise<ReleasePlanView & { changed: string[] }> {
      const episode = await visibleOrThrow(db, viewer, id);
      if (!canWorkAt(viewer, episode.siteCode))
        throw new Forbidden('Only the site’s practitioners and managers can change a release plan');
      const now = clock();
      const current = await repo.findPlan(db, episode.id);
      if (current && expectedVersion === undefined) throw new VersionRequired();
      if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) throw new StaleVersion();
      const before = await present(db, episode, current, now);
      if (before.episodeStatus === 'closed')
        throw new Conflict('This episode of care is closed: its release plan can no longer be changed.');
      const errors = crossFieldErrors(body, londonDate(now));
      if (errors.length) throw new ValidationFailed(errors);

      const changed: string[] = [];
      if (body.expectedReleaseDate && body.expectedReleaseDate !== before.expectedReleaseDate) {
        await episodes.setExpectedReleaseDate(
          db,
          viewer,
          episode.id,
          {
            expectedReleaseDate: body.expectedReleaseDate,
            reason: body.releaseDateChangeReason ?? DEFAULT_DATE_CHANGE_REASON,
          },
          undefined,
        );
        changed.push('expectedReleaseDate');
      }
      const { next, changed: planChanged } = mergePlan(before.plan, body);
      changed.push(...planChanged);
      if (!changed.length) return { ...before, changed };

      const saved = current
        ? await repo.updatePlanIfVersion(db, episode.id, current.version, next, viewer.id, now)
        : await repo.insertPlan(db, episode.id, next, viewer.id, now);
      if (!saved) throw new StaleVersion();
      const after = await present(db, episode, saved, now);
      if (planChanged.length) {
        const out =
          planChanged.includes('destination') &&
          after.destinationCoverage.kind !== 'in_catchment' &&
          after.destinationCoverage.kind !== 'unknown'
            ? ` ${after.destinationCoverage.text}`
            : '';
        await addTimelineEvent(db, {
          at: now,
          personId: episode.personId,
          referralId: episode.referralId,
          actorId: viewer.id,
          kind: 'release_plan.updated',
          summary: `Release plan updated: ${planChanged.map((k) => PLAN_FIELD_WORDS[k]).join(', ')}. Readiness: ${after.readiness.text}.${out}`,
        });
      }
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'release_plan.updated',
          recordType: 'episode',
          recordId: episode.id,
          details: { changed, before: { version: current?.version ?? 0 }, after: { version: saved.version } },
        },
        now,
      );
      return { ...after, changed };
    },
  };
}

export type ReleasePlanService = ReturnType<typeof createReleasePlanService>;
