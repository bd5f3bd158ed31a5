// The care record through the facade: CarePlan and Goal (the support plan), Task (support plan and meeting
// actions), Observation and QuestionnaireResponse (SWEMWBS and CORE-10). Every read is the JSON API's own
// service call (care/planService, meetings/actionService, outcomes/service, episodes/service), with its
// scope, its `authorize(...)` and its audit; a Task update is the JSON API's own update of the action, with
// its If-Match. Nothing here reads the database itself.
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import type { PlanService } from '../care/planService.ts';
import type { ActionService } from '../meetings/actionService.ts';
import type { OutcomeService } from '../outcomes/service.ts';
import type { EpisodeService } from '../episodes/service.ts';
import type { EpisodeView } from '../episodes/presenter.ts';
import type { FieldError } from '../http/errors.ts';
import { StaleVersion, ValidationFailed } from '../http/errors.ts';
import { actionChangeSchema } from '../care/schema.ts';
import { actionUpdateSchema } from '../meetings/schema.ts';
import { fieldErrors } from '../http/validation.ts';
import { isUuid } from '../http/ids.ts';
import type { Systems } from './systems.ts';
import type { Resource } from './resources.ts';
import { invalid, unlessHidden } from './outcome.ts';
import { referenceId, type SearchRequest } from './rules.ts';
import {
  MEETING_TASK_STATUS,
  PLAN_TASK_STATUS,
  presentCarePlan,
  presentGoal,
  presentMeetingTask,
  presentObservation,
  presentPlanTask,
  presentQuestionnaireResponse,
  type OfEpisode,
} from './carePresenter.ts';

export interface FhirCareDeps {
  supportPlans: Pick<PlanService, 'read' | 'goalById' | 'actionById' | 'isPlanAction' | 'changeAction'>;
  actions: Pick<ActionService, 'read' | 'ofEpisode' | 'update'>;
  outcomes: Pick<OutcomeService, 'listMeasures' | 'measureById'>;
  episodes: Pick<EpisodeService, 'read' | 'list'>;
}

export type CareType = 'CarePlan' | 'Goal' | 'Task' | 'Observation' | 'QuestionnaireResponse';

const ofEpisode = (e: { id: string; personId: string; siteCode?: string; site?: string }): OfEpisode => ({
  id: e.id,
  personId: e.personId,
  site: e.site ?? e.siteCode ?? '',
});

const reverse = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k]));
const PLAN_STATUS_OF_TASK = reverse(PLAN_TASK_STATUS);
const MEETING_STATUS_OF_TASK = reverse(MEETING_TASK_STATUS);

/** The FHIRPath of each field of an action change, for a refusal. */
const TASK_PATHS: Record<string, string> = {
  description: 'Task.description',
  dueOn: 'Task.restriction.period.end',
  status: 'Task.status',
  note: 'Task.note',
  owner: 'Task.owner',
  'owner.userId': 'Task.owner',
};
const asTaskErrors = (errors: readonly FieldError[]): FieldError[] =>
  errors.map((e) => ({ field: TASK_PATHS[e.field] ?? 'Task', message: e.message }));

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function createFhirCareService({ supportPlans, actions, outcomes, episodes }: FhirCareDeps, systems: Systems) {
  /** The person's episodes the viewer may see (the JSON API's episode list, audited as it is). */
  async function episodesOf(db: Queryable, viewer: Viewer, patient: string | undefined): Promise<EpisodeView[]> {
    const personId = patient === undefined ? undefined : referenceId(patient, 'Patient');
    if (!personId || !isUuid(personId)) return [];
    return (await episodes.list(db, viewer, {})).filter((v) => v.personId === personId);
  }

  async function readCarePlan(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
    const episode = await episodes.read(db, viewer, id);
    return presentCarePlan(episode, await supportPlans.read(db, viewer, id), systems);
  }

  async function readGoal(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
    const { episode, goal } = await supportPlans.goalById(db, viewer, id);
    return presentGoal(goal, episode, systems);
  }

  async function readTask(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
    if (await supportPlans.isPlanAction(db, id)) {
      const { episode, action } = await supportPlans.actionById(db, viewer, id);
      return presentPlanTask(action, ofEpisode(episode), systems);
    }
    const action = await actions.read(db, viewer, id);
    return presentMeetingTask(action, ofEpisode(await episodes.read(db, viewer, action.episodeId)), systems);
  }

  async function readObservation(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
    const { episode, measure } = await outcomes.measureById(db, viewer, id);
    return presentObservation(measure, episode, systems);
  }

  async function readQuestionnaireResponse(db: Queryable, viewer: Viewer, id: string): Promise<Resource> {
    const { episode, measure } = await outcomes.measureById(db, viewer, id);
    return presentQuestionnaireResponse(measure, episode, systems);
  }

  const reads: Record<CareType, (db: Queryable, viewer: Viewer, id: string) => Promise<Resource>> = {
    CarePlan: readCarePlan,
    Goal: readGoal,
    Task: readTask,
    Observation: readObservation,
    QuestionnaireResponse: readQuestionnaireResponse,
  };

  /** Everything of the type on the person's episodes the viewer may see, oldest episode first. */
  async function ofPatient(db: Queryable, viewer: Viewer, type: CareType, patient: string): Promise<Resource[]> {
    const found: Resource[] = [];
    for (const episode of await episodesOf(db, viewer, patient)) {
      const on = ofEpisode(episode);
      if (type === 'CarePlan' || type === 'Goal' || type === 'Task') {
        const plan = await unlessHidden(supportPlans.read(db, viewer, episode.id));
        if (plan && type === 'CarePlan') found.push(presentCarePlan(episode, plan, systems));
        if (plan && type === 'Goal') found.push(...plan.goals.map((g) => presentGoal(g, on, systems)));
        if (plan && type === 'Task')
          found.push(...plan.goals.flatMap((g) => g.actions).map((a) => presentPlanTask(a, on, systems)));
        if (type === 'Task') {
          const agreed = await unlessHidden(actions.ofEpisode(db, viewer, episode.id, 'all'));
          found.push(...(agreed ?? []).map((a) => presentMeetingTask(a, on, systems)));
        }
      } else {
        const measures = await unlessHidden(outcomes.listMeasures(db, viewer, episode.id));
        const present = type === 'Observation' ? presentObservation : presentQuestionnaireResponse;
        found.push(...(measures ?? []).map((m) => present(m, on, systems)));
      }
    }
    return found;
  }

  return {
    reads,

    /**
     * A search of a care type: by `patient` (every one on the person's episodes the viewer may see), or by
     * `_id` alone (a read that finds nothing is no match). One or the other is needed: a search of every
     * person's care record at once is not offered.
     */
    async search(db: Queryable, viewer: Viewer, type: CareType, s: SearchRequest): Promise<Resource[]> {
      const patient = s.params.get('patient');
      const id = s.params.get('_id');
      if (patient !== undefined) return ofPatient(db, viewer, type, patient);
      if (id !== undefined) {
        const found = isUuid(id) ? await unlessHidden(reads[type](db, viewer, id)) : undefined;
        return found ? [found] : [];
      }
      throw invalid(400, [{ field: type, message: `Search for ${type} by patient or _id` }]);
    },

    /**
     * `PUT Task/{id}` with If-Match: a support plan action's status, description and due date
     * (`restriction.period.end`) through the plan's own `changeAction`; a meeting action's status and closing
     * note (the last `note`) through the meeting actions' own `update`. What the JSON API does not let a
     * caller change is refused (422) rather than silently kept.
     */
    async updateTask(db: Queryable, viewer: Viewer, id: string, resource: unknown, version: number) {
      const task = asRecord(resource);
      if (task.resourceType !== 'Task')
        throw invalid(400, [{ field: 'Task.resourceType', message: 'Send a Task resource' }]);
      if (task.id !== id)
        throw invalid(400, [{ field: 'Task.id', message: 'The Task’s id must be the id in the address' }]);
      const due = asRecord(asRecord(asRecord(task.restriction).period)).end;
      const notes = Array.isArray(task.note) ? (task.note as unknown[]).map(asRecord) : [];
      const note = notes.at(-1)?.text;
      if (await supportPlans.isPlanAction(db, id)) {
        const { episode, action } = await supportPlans.actionById(db, viewer, id);
        const status = typeof task.status === 'string' ? PLAN_STATUS_OF_TASK[task.status] : undefined;
        if (!status)
          throw invalid(422, [
            { field: 'Task.status', message: 'Must be requested, in-progress, completed or cancelled' },
          ]);
        const asked = { status, description: task.description, dueOn: due ?? null };
        const changes = Object.fromEntries(
          Object.entries(asked).filter(([k, v]) => v !== action[k as keyof typeof asked]),
        );
        if (Object.keys(changes).length === 0) {
          if (action.version !== version) throw new StaleVersion();
          return presentPlanTask(action, ofEpisode(episode), systems);
        }
        const parsed = actionChangeSchema.safeParse(changes);
        if (!parsed.success) throw invalid(422, asTaskErrors(fieldErrors(parsed.error)));
        try {
          const changed = await supportPlans.changeAction(db, viewer, episode.id, id, parsed.data, version);
          return presentPlanTask(changed, ofEpisode(episode), systems);
        } catch (e) {
          if (e instanceof ValidationFailed) throw invalid(422, asTaskErrors(e.errors));
          throw e;
        }
      }
      const current = await actions.read(db, viewer, id);
      const status = typeof task.status === 'string' ? MEETING_STATUS_OF_TASK[task.status] : undefined;
      const errors: FieldError[] = [];
      if (!status) errors.push({ field: 'Task.status', message: 'Must be requested, completed or cancelled' });
      if (task.description !== current.description)
        errors.push({ field: 'Task.description', message: 'A meeting’s action keeps the words it was agreed in' });
      if (due !== current.dueOn)
        errors.push({ field: 'Task.restriction.period.end', message: 'A meeting’s action keeps its agreed due date' });
      if (errors.length) throw invalid(422, errors);
      const closingNote = status === 'open' ? null : (note ?? null);
      if (status === current.status && (status === 'open' || closingNote === current.closedNote)) {
        if (current.version !== version) throw new StaleVersion();
        return presentMeetingTask(current, ofEpisode(await episodes.read(db, viewer, current.episodeId)), systems);
      }
      const parsed = actionUpdateSchema.safeParse({ status, note: status === 'open' ? undefined : note });
      if (!parsed.success) throw invalid(422, asTaskErrors(fieldErrors(parsed.error)));
      const changed = await actions.update(db, viewer, id, parsed.data, version);
      return presentMeetingTask(changed, ofEpisode(await episodes.read(db, viewer, changed.episodeId)), systems);
    },
  };
}

export type FhirCareService = ReturnType<typeof createFhirCareService>;
