// The support plan (PRODUCT.md journey step 5: "goals with owners across agencies, reviews"): goals linked
// to assessed needs, actions with an owner (the person, a team member or a named agency), a due date and a
// status, and reviews on the site's schedule (domains.ts#reviewDue).
//
// Decisions:
// - A goal's `needDomain` is a domain assessed as a need (low, medium or high) in the latest assessment
//   that rates it, completed or still in progress; or `strengths`, for a goal that builds on a strength.
//   Anything else is 400 on `needDomain`.
// - A team member owning an action is an active practitioner or manager of the episode's site.
// - An action marked done gets today's date as `completedOn`; moving it back clears it.
// - A review needs at least one goal (409 otherwise), is dated today or earlier, and may agree the next
//   review's date (after the review); without one the site's interval applies.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { userNames } from '../episodes/episodeDisplay.ts';
import { isStaffOfSite, type EpisodeRow } from '../episodes/episodeRepository.ts';
import { isUuid } from '../http/ids.ts';
import { DEFAULT_PLAN_REVIEW_WEEKS, DOMAIN_CODES, STRENGTHS, reviewDue, type NeedLevel } from './domains.ts';
import * as repo from './careRepository.ts';
import type { CareGate } from './careGate.ts';
import {
  domainsOf,
  presentAction,
  presentGoal,
  presentReview,
  type ActionView,
  type GoalView,
  type PlanView,
  type ReviewView,
} from './presenter.ts';
import type { ActionBody, ActionChangeBody, GoalBody, GoalChangeBody, Owner, ReviewBody } from './schema.ts';

const STATUS_WORDS: Record<string, string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  done: 'done',
  cancelled: 'cancelled',
};

/** Domains a goal may be linked to: the latest rating of each domain across the assessments, if a need; and strengths. */
export function goalDomains(assessments: repo.AssessmentRow[]): string[] {
  const latest = new Map<string, NeedLevel>();
  for (const row of [...assessments].sort((a, b) => b.number - a.number)) {
    for (const [code, answer] of Object.entries(domainsOf(row))) {
      if (answer.level && !latest.has(code)) latest.set(code, answer.level);
    }
  }
  return DOMAIN_CODES.filter(
    (code) => code === STRENGTHS || ['low', 'medium', 'high'].includes(latest.get(code) ?? 'no_need'),
  );
}

export function createPlanService({ clock }: Pick<Core, 'clock'>, gate: CareGate) {
  const today = () => londonDate(clock());

  async function timeline(
    db: Queryable,
    viewer: Viewer,
    episode: EpisodeRow,
    kind: string,
    summary: string,
    now: Date,
  ) {
    await addTimelineEvent(db, {
      at: now,
      personId: episode.personId,
      referralId: episode.referralId,
      actorId: viewer.id,
      kind,
      summary,
    });
  }

  async function checkNeedDomain(db: Queryable, episode: EpisodeRow, needDomain: string) {
    if (!goalDomains(await repo.assessmentsOf(db, episode.id)).includes(needDomain)) {
      throw new ValidationFailed([
        {
          field: 'needDomain',
          message: 'Must be a domain assessed as a need (low, medium or high) in the latest assessment, or strengths',
        },
      ]);
    }
  }

  async function checkOwner(db: Queryable, episode: EpisodeRow, owner: Owner, field: string) {
    if (owner.kind === 'team_member' && !(await isStaffOfSite(db, owner.userId, episode.siteCode))) {
      throw new ValidationFailed([
        { field: `${field}.userId`, message: 'Must be a practitioner or manager of the site' },
      ]);
    }
  }

  const ownerColumns = (owner: Owner) => ({
    ownerKind: owner.kind,
    ownerUserId: owner.kind === 'team_member' ? owner.userId : null,
    ownerAgency: owner.kind === 'agency' ? owner.agency : null,
  });

  async function goalOrThrow(db: Queryable, episode: EpisodeRow, goalId: string) {
    const goal = isUuid(goalId) ? await repo.findGoal(db, episode.id, goalId) : undefined;
    if (!goal) throw new NotFound();
    return goal;
  }

  async function actionView(db: Queryable, row: repo.ActionRow): Promise<ActionView> {
    return presentAction(row, await userNames(db, row.ownerUserId ? [row.ownerUserId] : []), today());
  }

  async function goalView(db: Queryable, row: repo.GoalRow): Promise<GoalView> {
    const actions = (await repo.actionsOf(db, row.episodeId)).filter((a) => a.goalId === row.id);
    const names = await userNames(db, [
      row.createdBy,
      ...actions.flatMap((a) => (a.ownerUserId ? [a.ownerUserId] : [])),
    ]);
    return presentGoal(
      row,
      actions.map((a) => presentAction(a, names, today())),
      names,
    );
  }

  return {
    async read(db: Queryable, viewer: Viewer, episodeId: string): Promise<PlanView> {
      const episode = await gate.readable(db, viewer, episodeId);
      const now = clock();
      const [goals, actions, reviews, assessments] = [
        await repo.goalsOf(db, episode.id),
        await repo.actionsOf(db, episode.id),
        await repo.reviewsOf(db, episode.id),
        await repo.assessmentsOf(db, episode.id),
      ];
      const names = await userNames(db, [
        ...goals.map((g) => g.createdBy),
        ...actions.flatMap((a) => (a.ownerUserId ? [a.ownerUserId] : [])),
        ...reviews.map((r) => r.reviewedBy),
      ]);
      const on = londonDate(now);
      const policy = gate.policyOf(episode.siteCode, now);
      const startedOn = goals.length ? goals.map((g) => londonDate(g.createdAt)).sort()[0]! : null;
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'care.plan_viewed', recordType: 'episode', recordId: episode.id },
        now,
      );
      return {
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
        needDomains: goalDomains(assessments),
      };
    },

    async addGoal(db: Queryable, viewer: Viewer, episodeId: string, body: GoalBody): Promise<GoalView> {
      const episode = await gate.writable(db, viewer, episodeId);
      await checkNeedDomain(db, episode, body.needDomain);
      const now = clock();
      const row = await repo.insertGoal(db, {
        id: randomUUID(),
        episodeId: episode.id,
        needDomain: body.needDomain,
        description: body.description,
        createdBy: viewer.id,
        createdAt: now,
        version: 1,
        updatedAt: now,
      });
      await timeline(db, viewer, episode, 'plan.goal_added', 'Support plan: a goal was added.', now);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.goal_added',
          recordType: 'episode',
          recordId: episode.id,
          details: { goalId: row.id, needDomain: row.needDomain },
        },
        now,
      );
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
      const episode = await gate.writable(db, viewer, episodeId);
      const goal = await goalOrThrow(db, episode, goalId);
      if (goal.version !== expectedVersion) throw new StaleVersion();
      if (body.needDomain !== undefined && body.needDomain !== goal.needDomain)
        await checkNeedDomain(db, episode, body.needDomain);
      const now = clock();
      const changes = {
        ...(body.needDomain !== undefined ? { needDomain: body.needDomain } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.outcome !== undefined ? { outcome: body.outcome } : {}),
      };
      const updated = await repo.updateGoalIfVersion(db, goal.id, expectedVersion, { ...changes, updatedAt: now });
      if (!updated) throw new StaleVersion();
      await timeline(db, viewer, episode, 'plan.goal_changed', 'Support plan: a goal was changed.', now);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.goal_changed',
          recordType: 'episode',
          recordId: episode.id,
          details: {
            goalId: goal.id,
            before: {
              needDomain: goal.needDomain,
              description: goal.description,
              outcome: goal.outcome,
              version: goal.version,
            },
            after: { ...changes, version: updated.version },
          },
        },
        now,
      );
      return goalView(db, updated);
    },

    async addAction(
      db: Queryable,
      viewer: Viewer,
      episodeId: string,
      goalId: string,
      body: ActionBody,
    ): Promise<ActionView> {
      const episode = await gate.writable(db, viewer, episodeId);
      const goal = await goalOrThrow(db, episode, goalId);
      await checkOwner(db, episode, body.owner, 'owner');
      const now = clock();
      const row = await repo.insertAction(db, {
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
      await timeline(
        db,
        viewer,
        episode,
        'plan.action_added',
        `Support plan: an action was added, due ${formatIsoDateLong(body.dueOn)}.`,
        now,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.action_added',
          recordType: 'episode',
          recordId: episode.id,
          details: {
            goalId: goal.id,
            actionId: row.id,
            ownerKind: row.ownerKind,
            dueOn: row.dueOn,
            status: row.status,
          },
        },
        now,
      );
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
      const episode = await gate.writable(db, viewer, episodeId);
      const action = isUuid(actionId) ? await repo.findAction(db, episode.id, actionId) : undefined;
      if (!action) throw new NotFound();
      if (action.version !== expectedVersion) throw new StaleVersion();
      if (body.owner) await checkOwner(db, episode, body.owner, 'owner');
      const now = clock();
      const statusChanged = body.status !== undefined && body.status !== action.status;
      const changes = {
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.dueOn !== undefined ? { dueOn: body.dueOn } : {}),
        ...(body.owner ? ownerColumns(body.owner) : {}),
        ...(statusChanged ? { status: body.status, completedOn: body.status === 'done' ? today() : null } : {}),
      };
      const updated = await repo.updateActionIfVersion(db, action.id, expectedVersion, { ...changes, updatedAt: now });
      if (!updated) throw new StaleVersion();
      await timeline(
        db,
        viewer,
        episode,
        'plan.action_changed',
        statusChanged
          ? `Support plan: an action is now ${STATUS_WORDS[updated.status] ?? updated.status}.`
          : 'Support plan: an action was changed.',
        now,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.action_changed',
          recordType: 'episode',
          recordId: episode.id,
          details: {
            actionId: action.id,
            before: {
              status: action.status,
              dueOn: action.dueOn,
              ownerKind: action.ownerKind,
              version: action.version,
            },
            after: { ...changes, version: updated.version },
          },
        },
        now,
      );
      return actionView(db, updated);
    },

    async addReview(db: Queryable, viewer: Viewer, episodeId: string, body: ReviewBody): Promise<ReviewView> {
      const episode = await gate.writable(db, viewer, episodeId);
      const on = today();
      const errors = [];
      if (body.reviewedOn > on) errors.push({ field: 'reviewedOn', message: 'Must be today or in the past' });
      if (body.nextReviewOn !== undefined && body.nextReviewOn <= body.reviewedOn)
        errors.push({ field: 'nextReviewOn', message: 'Must be after the date of the review' });
      if (errors.length) throw new ValidationFailed(errors);
      if (!(await repo.goalsOf(db, episode.id)).length)
        throw new Conflict('The support plan has no goals yet: add a goal before recording a review.');
      const now = clock();
      const row = await repo.insertReview(db, {
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
      await timeline(
        db,
        viewer,
        episode,
        'plan.reviewed',
        `Support plan reviewed on ${formatIsoDateLong(body.reviewedOn)}${body.withPerson ? ' with the person' : ''}.${next}`,
        now,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.plan_reviewed',
          recordType: 'episode',
          recordId: episode.id,
          details: {
            reviewId: row.id,
            reviewedOn: row.reviewedOn,
            withPerson: row.withPerson,
            nextReviewOn: row.nextReviewOn,
          },
        },
        now,
      );
      return presentReview(row, await userNames(db, [viewer.id]));
    },
  };
}
