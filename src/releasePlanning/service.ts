// Reading and changing an episode's release plan (issue "Release planning"; API.md
// `PUT /api/v1/episodes/{id}/release-plan`), its pages' reads, and the readiness the caseload and the
// episode page show. Each call takes the transaction it runs in.
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
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize, can, type ReleasePlanFacts } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import {
  Conflict,
  NotFound,
  StaleVersion,
  ValidationFailed,
  VersionRequired,
  type FieldError,
} from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { policyInForce, type SiteDefinition } from '../sites/policy.ts';
import { checklist, missingItems, readiness, timingFromPhase, type Readiness } from './checklist.ts';
import * as repo from './repository.ts';
import {
  presentPlanPage,
  presentReleasePlan,
  type FormPage,
  type PlanParts,
  type ReleasePlanView,
} from './presenter.ts';
import {
  assessedDutyToRefer,
  DEFAULT_DATE_CHANGE_REASON,
  PLAN_FIELD_WORDS,
  crossFieldErrors,
  mergePlan,
  phaseOf,
  policyOf,
} from './rules.ts';
import { parseReleasePlanBody, type ReleasePlanBody } from './schema.ts';
import type { NetworkAround } from '../episodes/service.ts';
import { STATUS_TEXT } from '../episodes/presenter.ts';
import { presentPersonBanner } from '../people/presenter.ts';

/** What the plan needs of the episode it belongs to: the expected release date is an episode event. */
export interface ReleaseDates {
  setExpectedReleaseDate(
    db: Queryable,
    viewer: Viewer,
    episodeId: string,
    body: { expectedReleaseDate: string; reason: string },
    expectedVersion?: number,
  ): Promise<unknown>;
}

export interface ReleasePlanDeps {
  sites: SiteCatalogue;
  clock: Clock;
  timeline: TimelineWriter;
  episodes: ReleaseDates;
  /** Who must be told of a release (seed 002), from the network around the person. */
  network?: NetworkAround;
}

/** A form's fields as the API's body, given the plan as it stands (forms.ts `PlanForm.body`). */
export type FormReader = (current: { expectedReleaseDate: string | null }) => {
  body: Record<string, unknown>;
  errors: FieldError[];
};

/** Readiness of many visible episodes at once, judged in memory from one query ("7 of 11 done, 12 days to release"). */
export async function readinessOf(
  db: Queryable,
  episodeIds: readonly string[],
  allSites: readonly SiteDefinition[],
  now: Date,
): Promise<Map<string, Readiness & { missing: { label: string; missing: string }[] }>> {
  const result = new Map<string, Readiness & { missing: { label: string; missing: string }[] }>();
  const today = londonDate(now);
  const byCode = new Map(allSites.map((s) => [s.code, s]));
  for (const state of await repo.planStates(db, episodeIds)) {
    const site = byCode.get(state.siteCode);
    const policy = site && (policyInForce(site, now) ?? site.policies[site.policies.length - 1]);
    if (!policy) continue;
    const timing = timingFromPhase(phaseOf(state, state.events, policy, today), today);
    const items = checklist(state.plan, policy, timing);
    const missing = missingItems(items).map((i) => ({ label: i.label, missing: i.missing ?? i.label }));
    result.set(state.id, { ...readiness(items, timing), missing });
  }
  return result;
}

export function createReleasePlanService({ sites, clock, timeline, episodes, network }: ReleasePlanDeps) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }

  /**
   * The plan of an episode the viewer may see (404 otherwise), with the episode's events and phase, read in
   * one statement (repository.ts findVisiblePlan); the latest assessment's domains too when asked.
   */
  async function load(
    db: Queryable,
    viewer: Viewer,
    id: string,
    now: Date,
    options: { latestAssessment?: boolean } = {},
  ): Promise<PlanParts & Pick<repo.VisiblePlan, 'assessmentDomains' | 'person'>> {
    const found = await repo.findVisiblePlan(db, viewer, id, options);
    if (!found) throw new NotFound();
    const { episode, plan, updatedByName, events, assessmentDomains, person } = found;
    return { ...withEvents({ episode, plan, updatedByName }, events, now), assessmentDomains, person };
  }

  function withEvents(
    found: Pick<PlanParts, 'episode' | 'plan' | 'updatedByName'>,
    events: readonly repo.EventWithAuthor[],
    now: Date,
  ): PlanParts {
    const site = siteOf(found.episode.siteCode);
    const policy = policyOf(site, now);
    const today = londonDate(now);
    const phase = phaseOf(found.episode, events, policy, today);
    return { ...found, events, phase, site, policy, allSites: sites.all(), now, today };
  }

  const factsOf = (parts: PlanParts): ReleasePlanFacts => ({
    siteCode: parts.episode.siteCode,
    closed: parts.phase.status === 'closed',
  });

  /** A read of the plan is audited (PRODUCT.md: every access is audited). */
  async function audited(
    db: Queryable,
    viewer: Viewer,
    id: string,
    options: { latestAssessment?: boolean } = {},
  ): Promise<PlanParts & Pick<repo.VisiblePlan, 'assessmentDomains' | 'person'>> {
    const now = clock();
    const parts = await load(db, viewer, id, now, options);
    await recordAudit(
      db,
      { actor: actorOf(viewer), action: 'release_plan.viewed', recordType: 'episode', recordId: parts.episode.id },
      now,
    );
    return parts;
  }

  async function change(
    db: Queryable,
    viewer: Viewer,
    parts: PlanParts,
    body: ReleasePlanBody,
    expectedVersion: number | undefined,
  ): Promise<ReleasePlanView & { changed: string[] }> {
    const { episode, plan: current, now } = parts;
    if (current && expectedVersion === undefined) throw new VersionRequired();
    if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) throw new StaleVersion();
    const before = presentReleasePlan(parts);
    if (before.episodeStatus === 'closed')
      throw new Conflict('This episode of care is closed: its release plan can no longer be changed.');
    const errors = crossFieldErrors(body, parts.today);
    if (errors.length) throw new ValidationFailed(errors);

    const changed: string[] = [];
    if (body.expectedReleaseDate && body.expectedReleaseDate !== before.expectedReleaseDate) {
      await episodes.setExpectedReleaseDate(db, viewer, episode.id, {
        expectedReleaseDate: body.expectedReleaseDate,
        reason: body.releaseDateChangeReason ?? DEFAULT_DATE_CHANGE_REASON,
      });
      changed.push('expectedReleaseDate');
    }
    const { next, changed: planChanged } = mergePlan(before.plan, body);
    changed.push(...planChanged);
    if (!changed.length) return { ...before, changed };

    const saved = current
      ? await repo.updatePlanIfVersion(db, episode.id, current.version, next, viewer.id, now)
      : await repo.insertPlan(db, episode.id, next, viewer.id, now);
    if (!saved) throw new StaleVersion();
    const events = changed.includes('expectedReleaseDate')
      ? await repo.eventsWithAuthors(db, episode.id)
      : parts.events;
    const after = presentReleasePlan(withEvents({ episode, plan: saved, updatedByName: viewer.name }, events, now));
    if (planChanged.length) {
      const coverage = after.destinationCoverage;
      const out =
        planChanged.includes('destination') && coverage.kind !== 'in_catchment' && coverage.kind !== 'unknown'
          ? ` ${coverage.text}`
          : '';
      await timeline.record(db, {
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
  }

  return {
    /** The plan of an episode the viewer may see. */
    async read(db: Queryable, viewer: Viewer, id: string): Promise<ReleasePlanView> {
      return presentReleasePlan(await audited(db, viewer, id));
    },

    /** The plan page, with the change links only for those who may use the plan's forms. */
    async page(db: Queryable, viewer: Viewer, id: string) {
      const { assessmentDomains, person, ...parts } = await audited(db, viewer, id, { latestAssessment: true });
      const siteName = parts.site.name;
      const canChange = can(viewer, 'useReleasePlanForms', factsOf(parts));
      const currentNetwork = await network?.(db, viewer, id);
      const dutyToReferAssessed = assessedDutyToRefer(assessmentDomains);
      return {
        ...presentPlanPage(presentReleasePlan(parts), parts.episode, siteName, canChange),
        currentNetwork,
        dutyToReferAssessed,
        // The banner from the same read (episodes/bannerPages.ts bannerFromPage), the status as the episode's.
        personBanner: presentPersonBanner(person, STATUS_TEXT[parts.phase.status]),
      };
    },

    /** What one of the plan's forms is drawn from: for the site's team while the episode is open (else 403). */
    async formPage(db: Queryable, viewer: Viewer, id: string): Promise<FormPage> {
      const parts = await audited(db, viewer, id);
      authorize(viewer, 'useReleasePlanForms', factsOf(parts));
      const view = presentReleasePlan(parts);
      return {
        episode: parts.episode,
        plan: view.plan,
        expectedReleaseDate: view.expectedReleaseDate,
        version: view.version,
      };
    },

    /** Merges the body into the plan; `expectedVersion` is the If-Match (see the decisions above). */
    async update(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ReleasePlanBody,
      expectedVersion: number | undefined,
    ): Promise<ReleasePlanView & { changed: string[] }> {
      const parts = await load(db, viewer, id, clock());
      authorize(viewer, 'changeReleasePlan', factsOf(parts));
      return change(db, viewer, parts, body, expectedVersion);
    },

    /**
     * A form of the plan's pages: `read` turns its fields into the API's body against the plan as it
     * stands (a date shown unchanged is not sent again). Fields left empty come back as errors, unsaved.
     */
    async saveForm(
      db: Queryable,
      viewer: Viewer,
      id: string,
      read: FormReader,
      expectedVersion: number | undefined,
    ): Promise<{ errors: FieldError[] }> {
      const parts = await load(db, viewer, id, clock());
      authorize(viewer, 'useReleasePlanForms', factsOf(parts));
      const { body, errors } = read({ expectedReleaseDate: parts.phase.expectedReleaseDate });
      if (errors.length) return { errors };
      await change(db, viewer, parts, parseReleasePlanBody(body), expectedVersion);
      return { errors: [] };
    },

    /** Readiness of episodes the caller has already found visible (the caseload, the episode page). */
    readinessFor: (db: Queryable, episodeIds: readonly string[]) => readinessOf(db, episodeIds, sites.all(), clock()),
  };
}

export type ReleasePlanService = ReturnType<typeof createReleasePlanService>;
