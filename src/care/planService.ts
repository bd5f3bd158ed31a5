// The support plan (PRODUCT.md journey step 5: "goals with owners across agencies, reviews"): goals linked
// to assessed needs, actions with an owner (the person, a team member or a named agency), a due date and a
// status, and reviews on the site's schedule (rules.ts reviewDue).
//
// Decisions:
// - A goal's `needDomain` is a domain assessed as a need (low, medium or high) in the latest assessment
//   that rates it, completed or still in progress; or `strengths`, for a goal that builds on a strength.
//   Anything else is 400 on `needDomain` (rules.ts goalDomains).
// - A team member owning an action is an active practitioner or manager of the episode's site.
// - An action marked done gets today's date as `completedOn`; moving it back clears it.
// - A review needs at least one goal (409 otherwise), is dated today or earlier, and may agree the next
//   review's date (after the review); without one the site's interval applies.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import type { Viewer } from '../access/viewer.ts';
import { Conflict, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { isUuid } from '../http/ids.ts';
import { DEFAULT_PLAN_REVIEW_WEEKS, goalDomains, reviewDateErrors, reviewDue } from './rules.ts';
import * as repo from './repository.ts';
import * as planRepo from './planRepository.ts';
import {
  auditCareRecord,
  changeableEpisode,
  headerOf,
  policyAt,
  readableEpisode,
  timelineEntry,
  type CareEpisode,
} from './careRecord.ts';
import {
  domainsOf,
  presentAction,
  presentGoal,
  presentPlanPage,
  presentReview,
  type ActionView,
  type GoalView,
  type PlanView,
  type ReviewView,
} from './presenter.ts';
import type { ActionBody, ActionChangeBody, GoalBody, GoalChangeBody, Owner, ReviewBody } from './schema.ts';

export interface PlanDeps {
  sites: SiteCatalogue;
  clock: Clock;
  timeline: TimelineWriter;
}

const STATUS_WORDS: Record<string, string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  done: 'done',
  cancelled: 'cancelled',
};

const ownerColumns = (owner: Owner) => ({
  ownerKind: owner.kind,
  ownerUserId: owner.kind === 'team_member' ? owner.userId : null,
  ownerAgency: owner.kind === 'agency' ? owner.agency : null,
});

const needDomainsOf = async (db: Queryable, episodeId: string) =>
  goalDomains((await repo.assessmentsOf(db, episodeId)).map((a) => ({ number: a.number, domains: domainsOf(a) })));

export function createPlanService({ sites, clock, timeline }: PlanDeps) {
  const today = () => londonDate(clock());

  async function checkNeedDomain(db: Queryable, episode: CareEpisode, needDomain: string) {
    if (!(await needDomainsOf(db, episode.id)).includes(needDomain)) {
      throw new ValidationFailed([
        {
          field: 'needDomain',
          message: 'Must be a domain assessed as a need (low, medium or high) in the latest assessment, or strengths',
        },
      ]);
    }
  }

  async function checkOwner(db: Queryable, episode: CareEpisode, owner: Owner, field: string) {
    if (owner.kind === 'team_member' && !(await repo.isInTeamOf(db, owner.userId, episode.siteCode))) {
      throw new ValidationFailed([
        { field: `${field}.userId`, message: 'Must be a practitioner or manager of the site' },
      ]);
    }
  }

  async function goalOrThrow(db: Queryable, episode: CareEpisode, goalId: string) {
    const goal = isUuid(goalId) ? await planRepo.findGoal(db, episode.id, goalId) : undefined;
    if (!goal) throw new NotFound();
    return goal;
  }

  async function actionView(db: Queryable, row: planRepo.ActionRow): Promise<ActionView> {
    return presentAction(row, await repo.userNames(db, [row.ownerUserId]), today());
  }

  async function goalView(db: Queryable, row: planRepo.GoalRow): Promise<GoalView> {
    const actions = (await planRepo.actionsOf(db, row.episodeId)).filter((a) => a.goalId === row.id);
    const names = await repo.userNames(db, [row.createdBy, ...actions.map((a) => a.ownerUserId)]);
    return presentGoal(
      row,
      actions.map((a) => presentAction(a, names, today())),
      names,
    );
  }

  /** The plan of a readable episode, as the API shows it; the read is audited. */
  async function planOf(db: Queryable, viewer: Viewer, episodeId: string) {
    const episode = await readableEpisode(db, viewer, episodeId);
    const now = clock();
    const goals = await planRepo.goalsOf(db, episode.id);
    const actions = await planRepo.actionsOf(db, episode.id);
    const reviews = await planRepo.reviewsOf(db, episode.id);
    const needDomains = await needDomainsOf(db, episode.id);
    const names = await repo.userNames(db, [
      ...goals.map((g) => g.createdBy),
      ...actions.map((a) => a.ownerUserId),
      ...reviews.map((r) => r.reviewedBy),
    ]);
    const on = londonDate(now);
    const policy = policyAt(sites, episode.siteCode, now);
    const startedOn = goals.map((g) => londonDate(g.createdAt)).sort()[0] ?? null;
    await auditCareRecord(db, viewer, episode, 'care.plan_viewed', now);
    const plan: PlanView = {
      goals: goals.map((g) =>
        presentGoal(
          g,
          actions.filter((a) => a.goalId === g.id).map((a) => presentAction(a, names, on)),
          names,
        ),
      ),
      reviews: reviews.map((r) => presentReview(r, names)),
      nextReview: reviewDue({ startedOn }, reviews, policy, on),
      reviewEveryWeeks: policy.planReviewWeeks ?? DEFAULT_PLAN_REVIEW_WEEKS,
      needDomains,
    };
    return { episode, plan, now };
  }

  /** The episode a goal or action belongs to, by the goal's or action's own id: 404 when there is none. */
  async function episodeOf(db: Queryable, id: string, kind: 'goal' | 'action'): Promise<string> {
    const episodeId = !isUuid(id)
      ? undefined
      : kind === 'goal'
        ? await planRepo.episodeOfGoal(db, id)
        : await planRepo.episodeOfAction(db, id);
    if (!episodeId) throw new NotFound();
    return episodeId;
  }

  return {
    read: async (db: Queryable, viewer: Viewer, episodeId: string): Promise<PlanView> =>
      (await planOf(db, viewer, episodeId)).plan,

    /** A goal by its own id, read (and audited) as its episode's plan is read. */
    async goalById(db: Queryable, viewer: Viewer, goalId: string) {
      const { episode, plan } = await planOf(db, viewer, await episodeOf(db, goalId, 'goal'));
      const goal = plan.goals.find((g) => g.id === goalId);
      if (!goal) throw new NotFound();
      return { episode, goal };
    },

    /** An action by its own id, read (and audited) as its episode's plan is read. */
    async actionById(db: Queryable, viewer: Viewer, actionId: string) {
      const { episode, plan } = await planOf(db, viewer, await episodeOf(db, actionId, 'action'));
      const action = plan.goals.flatMap((g) => g.actions).find((a) => a.id === actionId);
      if (!action) throw new NotFound();
      return { episode, action };
    },

    /** Whether an id is one of the support plans' actions at all (to tell it from a meeting's action). */
    isPlanAction: async (db: Queryable, actionId: string): Promise<boolean> =>
      isUuid(actionId) && (await planRepo.episodeOfAction(db, actionId)) !== undefined,

    /** The plan page: the plan, and the site's team to own actions when the viewer may change it. */
    async page(db: Queryable, viewer: Viewer, episodeId: string) {
      const { episode, plan, now } = await planOf(db, viewer, episodeId);
      const header = await headerOf(db, sites, viewer, episode, now);
      return presentPlanPage(header, plan, header.canChange ? await repo.teamOf(db, episode.siteCode) : []);
    },

    async addGoal(db: Queryable, viewer: Viewer, episodeId: string, body: GoalBody): Promise<GoalView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      await checkNeedDomain(db, episode, body.needDomain);
      const row = await planRepo.insertGoal(db, {
        id: randomUUID(),
        episodeId: episode.id,
        needDomain: body.needDomain,
        description: body.description,
        createdBy: viewer.id,
        createdAt: now,
        version: 1,
        updatedAt: now,
      });
      await timeline.record(
        db,
        timelineEntry(viewer, episode, 'plan.goal_added', 'Support plan: a goal was added.', now),
      );
      await auditCareRecord(db, viewer, episode, 'care.goal_added', now, {
        goalId: row.id,
        needDomain: row.needDomain,
      });
      return goalView(db, row);
    },

    async changeGoal(
      db: Queryable,
      viewer: Viewer,
      episodeId: string,
      goalId: string,
      body: GoalChangeBody,
      expectedVersion: number,
    ): Promise<GoalView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      const goal = await goalOrThrow(db, episode, goalId);
      if (goal.version !== expectedVersion) throw new StaleVersion();
      if (body.needDomain !== undefined && body.needDomain !== goal.needDomain)
        await checkNeedDomain(db, episode, body.needDomain);
      const changes = {
        ...(body.needDomain !== undefined ? { needDomain: body.needDomain } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.outcome !== undefined ? { outcome: body.outcome } : {}),
      };
      const updated = await planRepo.updateGoalIfVersion(db, goal.id, expectedVersion, { ...changes, updatedAt: now });
      if (!updated) throw new StaleVersion();
      await timeline.record(
        db,
        timelineEntry(viewer, episode, 'plan.goal_changed', 'Support plan: a goal was changed.', now),
      );
      await auditCareRecord(db, viewer, episode, 'care.goal_changed', now, {
        goalId: goal.id,
        before: {
          needDomain: goal.needDomain,
          description: goal.description,
          outcome: goal.outcome,
          version: goal.version,
        },
        after: { ...changes, version: updated.version },
      });
      return goalView(db, updated);
    },

    async addAction(
      db: Queryable,
      viewer: Viewer,
      episodeId: string,
      goalId: string,
      body: ActionBody,
    ): Promise<ActionView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      const goal = await goalOrThrow(db, episode, goalId);
      await checkOwner(db, episode, body.owner, 'owner');
      const row = await planRepo.insertAction(db, {
        id: randomUUID(),
        goalId: goal.id,
        episodeId: episode.id,
        description: body.description,
        ...ownerColumns(body.owner),
        dueOn: body.dueOn,
        status: body.status,
        completedOn: body.status === 'done' ? today() : null,
        createdBy: viewer.id,
        createdAt: now,
        version: 1,
        updatedAt: now,
      });
      const summary = `Support plan: an action was added, due ${formatIsoDateLong(body.dueOn)}.`;
      await timeline.record(db, timelineEntry(viewer, episode, 'plan.action_added', summary, now));
      await auditCareRecord(db, viewer, episode, 'care.action_added', now, {
        goalId: goal.id,
        actionId: row.id,
        ownerKind: row.ownerKind,
        dueOn: row.dueOn,
        status: row.status,
      });
      return actionView(db, row);
    },

    async changeAction(
      db: Queryable,
      viewer: Viewer,
      episodeId: string,
      actionId: string,
      body: ActionChangeBody,
      expectedVersion: number,
    ): Promise<ActionView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      const action = isUuid(actionId) ? await planRepo.findAction(db, episode.id, actionId) : undefined;
      if (!action) throw new NotFound();
      if (action.version !== expectedVersion) throw new StaleVersion();
      if (body.owner) await checkOwner(db, episode, body.owner, 'owner');
      const statusChanged = body.status !== undefined && body.status !== action.status;
      const changes = {
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.dueOn !== undefined ? { dueOn: body.dueOn } : {}),
        ...(body.owner ? ownerColumns(body.owner) : {}),
        ...(statusChanged ? { status: body.status, completedOn: body.status === 'done' ? today() : null } : {}),
      };
      const updated = await planRepo.updateActionIfVersion(db, action.id, expectedVersion, {
        ...changes,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      const summary = statusChanged
        ? `Support plan: an action is now ${STATUS_WORDS[updated.status] ?? updated.status}.`
        : 'Support plan: an action was changed.';
      await timeline.record(db, timelineEntry(viewer, episode, 'plan.action_changed', summary, now));
      await auditCareRecord(db, viewer, episode, 'care.action_changed', now, {
        actionId: action.id,
        before: { status: action.status, dueOn: action.dueOn, ownerKind: action.ownerKind, version: action.version },
        after: { ...changes, version: updated.version },
      });
      return actionView(db, updated);
    },

    async addReview(db: Queryable, viewer: Viewer, episodeId: string, body: ReviewBody): Promise<ReviewView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      const errors = reviewDateErrors(body, londonDate(now));
      if (errors.length) throw new ValidationFailed(errors);
      if (!(await planRepo.goalsOf(db, episode.id)).length)
        throw new Conflict('The support plan has no goals yet: add a goal before recording a review.');
      const row = await planRepo.insertReview(db, {
        id: randomUUID(),
        episodeId: episode.id,
        reviewedOn: body.reviewedOn,
        notes: body.notes,
        withPerson: body.withPerson,
        nextReviewOn: body.nextReviewOn ?? null,
        reviewedBy: viewer.id,
        recordedAt: now,
      });
      const next = body.nextReviewOn ? ` Next review ${formatIsoDateLong(body.nextReviewOn)}.` : '';
      const summary = `Support plan reviewed on ${formatIsoDateLong(body.reviewedOn)}${body.withPerson ? ' with the person' : ''}.${next}`;
      await timeline.record(db, timelineEntry(viewer, episode, 'plan.reviewed', summary, now));
      await auditCareRecord(db, viewer, episode, 'care.plan_reviewed', now, {
        reviewId: row.id,
        reviewedOn: row.reviewedOn,
        withPerson: row.withPerson,
        nextReviewOn: row.nextReviewOn,
      });
      return presentReview(row, new Map([[viewer.id, viewer.name]]));
    },

    /** The next open action of each episode, for the caseload (ids it has already found visible). */
    nextActionsFor: (db: Queryable, episodeIds: string[]) => planRepo.nextActionsFor(db, episodeIds),
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
