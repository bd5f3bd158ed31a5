// The care record (the support plan, plan and meeting actions, wellbeing measures) as FHIR R4 resources:
// CarePlan, Goal, Task, Observation and QuestionnaireResponse. docs/fhir.md maps each element to its source.
// Pure: the JSON API's own views in, resources out. No SWEMWBS or CORE-10 item wording is here or anywhere
// in the repository (outcomes/scoring.ts): items are named by number only.
import type { PlanView, GoalView, ActionView as PlanActionView } from '../care/presenter.ts';
import type { ActionView as MeetingActionView } from '../meetings/presenter.ts';
import type { EpisodeView } from '../episodes/presenter.ts';
import type { measureBody } from '../outcomes/presenter.ts';
import { SPECS } from '../outcomes/scoring.ts';
import { londonDate } from '../identifiers/dates.ts';
import type { Systems } from './systems.ts';
import type { Reference, Resource } from './resources.ts';

type MeasureBody = ReturnType<typeof measureBody>;
/** The episode a part of the care record belongs to: whose it is and which site holds it. */
export interface OfEpisode {
  id: string;
  personId: string;
  site: string;
}

const patient = (personId: string): Reference => ({ reference: `Patient/${personId}` });
const newest = (instants: string[]) => instants.reduce<string | undefined>((a, b) => (!a || b > a ? b : a), undefined);

/**
 * CarePlan.status: an episode's plan with no goal yet is a draft; closed, it is completed; otherwise active.
 * Its versionId counts every change to the plan (each goal's and action's version, and each review), so it
 * rises with each one; lastUpdated is the newest of them.
 */
export function presentCarePlan(episode: EpisodeView, plan: PlanView, systems: Systems): Resource {
  const actions = plan.goals.flatMap((g) => g.actions);
  const version =
    1 +
    plan.goals.reduce((n, g) => n + g.version, 0) +
    actions.reduce((n, a) => n + a.version, 0) +
    plan.reviews.length;
  const lastUpdated = newest([
    ...plan.goals.map((g) => g.updatedAt),
    ...actions.map((a) => a.updatedAt),
    ...plan.reviews.map((r) => r.recordedAt),
  ]);
  const startedOn = plan.goals
    .map((g) => londonDate(new Date(g.createdAt)))
    .sort()
    .at(0);
  return {
    resourceType: 'CarePlan',
    id: episode.id,
    meta: { versionId: String(version), ...(lastUpdated ? { lastUpdated } : {}) },
    status: plan.goals.length === 0 ? 'draft' : episode.status === 'closed' ? 'completed' : 'active',
    intent: 'plan',
    category: [{ coding: [{ system: systems.carePlanCategory, code: 'support-plan' }] }],
    title: 'Support plan',
    subject: patient(episode.personId),
    ...(startedOn ? { period: { start: startedOn } } : {}),
    goal: plan.goals.map((g) => ({ reference: `Goal/${g.id}` })),
    activity: actions.map((a) => ({ reference: { reference: `Task/${a.id}` } })),
    ...(plan.nextReview.dueOn ? { note: [{ text: `Next review due ${plan.nextReview.dueOn}` }] } : {}),
  };
}

/** Goal.achievementStatus (goal-achievement) for the outcome recorded at the end of service. */
export const GOAL_ACHIEVEMENT: Record<string, string> = {
  achieved: 'achieved',
  partly_achieved: 'improving',
  not_achieved: 'not-achieved',
};

export function presentGoal(goal: GoalView, episode: Pick<OfEpisode, 'personId'>, systems: Systems): Resource {
  const achievement = goal.outcome ? GOAL_ACHIEVEMENT[goal.outcome] : undefined;
  return {
    resourceType: 'Goal',
    id: goal.id,
    meta: { versionId: String(goal.version), lastUpdated: goal.updatedAt },
    lifecycleStatus: goal.outcome ? 'completed' : 'active',
    ...(achievement
      ? {
          achievementStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: achievement }],
          },
        }
      : {}),
    category: [{ coding: [{ system: systems.needDomain, code: goal.needDomain, display: goal.needLabel }] }],
    description: { text: goal.description },
    subject: patient(episode.personId),
    startDate: londonDate(new Date(goal.createdAt)),
    ...(goal.createdBy ? { expressedBy: { reference: `Practitioner/${goal.createdBy.id}` } } : {}),
  };
}

/** Task.status for a support plan action's status. */
export const PLAN_TASK_STATUS: Record<string, string> = {
  not_started: 'requested',
  in_progress: 'in-progress',
  done: 'completed',
  cancelled: 'cancelled',
};
/** Task.status for a meeting action's status. */
export const MEETING_TASK_STATUS: Record<string, string> = {
  open: 'requested',
  done: 'completed',
  cancelled: 'cancelled',
};

const taskOf = (
  systems: Systems,
  source: 'support-plan' | 'meeting',
  a: { id: string; version: number; updatedAt: string; description: string; status: string; dueOn: string | null },
  status: string,
  personId: string,
): Resource => ({
  resourceType: 'Task',
  id: a.id,
  meta: { versionId: String(a.version), lastUpdated: a.updatedAt },
  status,
  businessStatus: { coding: [{ system: systems.actionStatus, code: a.status }] },
  intent: 'plan',
  code: { coding: [{ system: systems.taskSource, code: source }] },
  description: a.description,
  for: patient(personId),
  lastModified: a.updatedAt,
  ...(a.dueOn ? { restriction: { period: { end: a.dueOn } } } : {}),
});

export function presentPlanTask(action: PlanActionView, episode: OfEpisode, systems: Systems): Resource {
  const { owner } = action;
  const ownerRef: Reference =
    owner.kind === 'team_member'
      ? { reference: `Practitioner/${owner.userId ?? ''}`, ...(owner.name ? { display: owner.name } : {}) }
      : owner.kind === 'agency'
        ? { display: owner.agency ?? 'Another agency' }
        : patient(episode.personId);
  return {
    ...taskOf(systems, 'support-plan', action, PLAN_TASK_STATUS[action.status] ?? 'requested', episode.personId),
    basedOn: [{ reference: `CarePlan/${episode.id}` }],
    focus: { reference: `Goal/${action.goalId}` },
    owner: ownerRef,
    ...(action.completedOn ? { executionPeriod: { end: action.completedOn } } : {}),
  };
}

export function presentMeetingTask(action: MeetingActionView, episode: OfEpisode, systems: Systems): Resource {
  const ownerRef: Reference = action.ownerUserId
    ? { reference: `Practitioner/${action.ownerUserId}`, display: action.ownerName }
    : action.ownerPartnerId
      ? { reference: `Organization/${action.ownerPartnerId}`, display: action.ownerOrganisation }
      : action.ownedByTeam
        ? { reference: `Organization/${episode.site}`, display: action.ownerOrganisation }
        : { display: [action.ownerName, action.ownerOrganisation].filter(Boolean).join(', ') };
  return {
    ...taskOf(systems, 'meeting', action, MEETING_TASK_STATUS[action.status] ?? 'requested', episode.personId),
    owner: ownerRef,
    ...(action.closedAt ? { executionPeriod: { end: action.closedAt } } : {}),
    ...(action.closedNote ? { note: [{ text: action.closedNote }] } : {}),
  };
}

const UCUM = 'http://unitsofmeasure.org';
const score = (value: number) => ({ value, unit: 'score', system: UCUM, code: '{score}' });

/** A wellbeing measure's score: SWEMWBS's metric score, CORE-10's clinical score, the rest as components. */
export function presentObservation(m: MeasureBody, episode: Pick<OfEpisode, 'personId'>, systems: Systems): Resource {
  const spec = SPECS[m.instrument];
  const component = (code: string, value: Record<string, unknown>) => ({
    code: { coding: [{ system: systems.measureComponent, code }] },
    ...value,
  });
  const s = m.score;
  const components = [
    component('raw-score', { valueInteger: s.raw }),
    ...(s.band
      ? [component('band', { valueCodeableConcept: { coding: [{ system: systems.core10Band, code: s.band }] } })]
      : []),
    ...(s.clinical !== undefined ? [component('clinical-range', { valueBoolean: s.clinical })] : []),
    ...(s.risk !== undefined ? [component('risk-item', { valueInteger: s.risk })] : []),
    ...(m.change
      ? [
          component('change-since-first', { valueQuantity: score(m.change.sinceFirst) }),
          component('reliable-change', { valueBoolean: m.change.reliable }),
        ]
      : []),
  ];
  return {
    resourceType: 'Observation',
    id: m.id,
    meta: { versionId: '1', lastUpdated: m.recordedAt },
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
    code: {
      coding: [{ system: systems.instrument, code: m.instrument, display: spec.name }],
      text: `${spec.name} ${m.instrument === 'swemwbs' ? 'metric score' : 'clinical score'}`,
    },
    subject: patient(episode.personId),
    effectiveDateTime: m.administeredOn,
    issued: m.recordedAt,
    performer: [{ reference: `Practitioner/${m.recordedBy}` }],
    ...(s.metric !== undefined ? { valueQuantity: score(s.metric) } : { valueInteger: s.raw }),
    derivedFrom: [{ reference: `QuestionnaireResponse/${m.id}` }],
    component: components,
  };
}

/** The raw answers, item by number (the wording is licensed and not held here). */
export function presentQuestionnaireResponse(
  m: MeasureBody,
  episode: Pick<OfEpisode, 'personId'>,
  systems: Systems,
): Resource {
  return {
    resourceType: 'QuestionnaireResponse',
    id: m.id,
    meta: { versionId: '1', lastUpdated: m.recordedAt },
    questionnaire: systems.questionnaire(m.instrument),
    status: 'completed',
    subject: patient(episode.personId),
    authored: m.administeredOn,
    author: { reference: `Practitioner/${m.recordedBy}` },
    item: m.answers.map((answer, i) => ({
      linkId: String(i + 1),
      text: `Item ${String(i + 1)}`,
      answer: [{ valueInteger: answer }],
    })),
  };
}
