// The support plan (PRODUCT.md journey step 5: "goals with owners across agencies, reviews"): goals linked
// to assessed needs and their actions (goalService.ts), and reviews on the site's schedule (rules.ts reviewDue).
//
// Decisions:
// - A review needs at least one goal (409 otherwise), is dated today or earlier, and may agree the next
//   review's date (after the review); without one the site's interval applies.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { isUuid } from '../http/ids.ts';
import { DEFAULT_PLAN_REVIEW_WEEKS, reviewDateErrors, reviewDue } from './rules.ts';
import * as repo from './repository.ts';
import * as planRepo from './planRepository.ts';
import {
  auditCareRecord,
  changeableEpisode,
  headerOf,
  policyAt,
  readableEpisode,
  timelineEntry,
} from './careRecord.ts';
import {
  presentAction,
  presentGoal,
  presentPlanPage,
  presentReview,
  type PlanView,
  type ReviewView,
} from './presenter.ts';
import { goalVerbs, needDomainsOf, type PlanDeps } from './goalService.ts';
import type { ReviewBody } from './schema.ts';

export type { PlanDeps } from './goalService.ts';

export function createPlanService({ sites, clock, timeline }: PlanDeps) {
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
    ...goalVerbs({ sites, clock, timeline }),

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
