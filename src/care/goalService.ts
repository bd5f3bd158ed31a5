// The goals and actions of the support plan (PRODUCT.md journey step 5: "goals with owners across agencies"):
// goals linked to assessed needs, and actions with an owner (the person, a team member or a named agency), a
// due date and a status. Part of the plan service (planService.ts spreads these verbs into it), with the
// dependencies services.ts hands that service.
//
// Decisions:
// - A goal's `needDomain` is a domain assessed as a need (low, medium or high) in the latest assessment
//   that rates it, completed or still in progress; or `strengths`, for a goal that builds on a strength.
//   Anything else is 400 on `needDomain` (rules.ts goalDomains).
// - A team member owning an action is an active practitioner or manager of the episode's site.
// - An action marked done gets today's date as `completedOn`; moving it back clears it.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import type { Viewer } from '../access/viewer.ts';
import { NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { isUuid } from '../http/ids.ts';
import { goalDomains } from './rules.ts';
import * as repo from './repository.ts';
import * as planRepo from './planRepository.ts';
import { auditCareRecord, changeableEpisode, timelineEntry, type CareEpisode } from './careRecord.ts';
import { domainsOf, presentAction, presentGoal, type ActionView, type GoalView } from './presenter.ts';
import type { ActionBody, ActionChangeBody, GoalBody, GoalChangeBody, Owner } from './schema.ts';

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

/** The domains a goal may link to: those assessed as a need in the latest assessment that rates them, or strengths. */
export const needDomainsOf = async (db: Queryable, episodeId: string) =>
  goalDomains((await repo.assessmentsOf(db, episodeId)).map((a) => ({ number: a.number, domains: domainsOf(a) })));

export function goalVerbs({ sites, clock, timeline }: PlanDeps) {
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
  return {
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
  };
}
