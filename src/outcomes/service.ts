// Outcomes for each person (issue 15): wellbeing measures over time (SWEMWBS, CORE-10), the links made after
// release, and engagement. Each verb takes the transaction it runs in; every read and write is audited.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor, authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound, StaleVersion, ValidationFailed, VersionRequired } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import * as repo from './repository.ts';
import { instrumentSummaries, linkageView, measureBody, presentMeasures } from './presenter.ts';
import { CORE10_BAND_TEXT, score, SPECS, SCORING_VERSION } from './scoring.ts';
import { engagementOf, futureDateProblems, goalOutcomesOf, linkageFacts, linkageOf } from './rules.ts';
import type { MeasureBody, OutcomesUpdate } from './schema.ts';

export interface OutcomeDeps {
  clock: Clock;
  timeline: TimelineWriter;
}

export function createOutcomeService({ clock, timeline }: OutcomeDeps) {
  async function readable(db: Queryable, viewer: Viewer, episodeId: string) {
    const episode = await repo.visibleEpisode(db, viewer, episodeId);
    if (!episode) throw new NotFound();
    authorize(viewer, 'readOutcomes');
    return episode;
  }

  async function workable(db: Queryable, viewer: Viewer, episodeId: string) {
    const episode = await readable(db, viewer, episodeId);
    authorize(viewer, 'recordOutcomes', episode);
    return episode;
  }

  async function audit(db: Queryable, viewer: Viewer, action: string, episodeId: string, details?: object) {
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action,
        recordType: 'episode',
        recordId: episodeId,
        ...(details ? { details: { ...details } } : {}),
      },
      clock(),
    );
  }

  async function outcomesOf(db: Queryable, episode: repo.OutcomeEpisode) {
    const [rows, recorded, measureRows] = [
      await repo.linkageRows(db, episode.id),
      await repo.outcomeOf(db, episode.id),
      await repo.measuresOf(db, episode.id),
    ];
    const facts = linkageFacts(rows, recorded);
    const today = londonDate(clock());
    const linkage = linkageOf(facts, today);
    return {
      releasedOn: facts.releasedOn,
      linkage,
      engagement: engagementOf(facts),
      endOfService: goalOutcomesOf(await repo.goalOutcomesOf(db, episode.id)),
      measures: presentMeasures(measureRows).map(measureBody),
      recalled: facts.recalled,
      version: recorded?.version ?? 0,
    };
  }

  return {
    /** API.md `POST /api/v1/episodes/{id}/measures`: the raw answers stored, the score computed here. */
    async recordMeasure(db: Queryable, viewer: Viewer, episodeId: string, body: MeasureBody) {
      const episode = await workable(db, viewer, episodeId);
      const now = clock();
      if (body.administeredOn > londonDate(now))
        throw new ValidationFailed([{ field: 'administeredOn', message: 'Must be today or in the past' }]);
      const s = score(body.instrument, body.answers);
      const row = await repo.insertMeasure(db, {
        id: randomUUID(),
        episodeId: episode.id,
        instrument: body.instrument,
        administeredOn: body.administeredOn,
        answers: body.answers,
        score: s,
        scoringVersion: SCORING_VERSION,
        recordedBy: viewer.id,
        recordedAt: now,
      });
      const spec = SPECS[body.instrument];
      const summary =
        s.metric !== undefined
          ? `${spec.name} completed on ${formatIsoDateLong(body.administeredOn)}: metric score ${String(s.metric)}.`
          : `${spec.name} completed on ${formatIsoDateLong(body.administeredOn)}: clinical score ${String(s.raw)}${s.band ? `, ${CORE10_BAND_TEXT[s.band].toLowerCase()}` : ''}.`;
      await timeline.record(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'measure.recorded',
        summary,
      });
      await audit(db, viewer, 'measure.recorded', episode.id, { measureId: row.id, instrument: body.instrument });
      const all = presentMeasures(await repo.measuresOf(db, episode.id));
      const view = all.find((m) => m.id === row.id);
      if (!view) throw new Error('The measure was not read back');
      return measureBody(view);
    },

    /** API.md `GET /api/v1/episodes/{id}/measures`: oldest first. */
    async listMeasures(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await readable(db, viewer, episodeId);
      const items = presentMeasures(await repo.measuresOf(db, episode.id)).map(measureBody);
      await audit(db, viewer, 'measures.viewed', episode.id);
      return items;
    },

    /** One measure by its own id (the FHIR Observation and QuestionnaireResponse), with its episode; audited. */
    async measureById(db: Queryable, viewer: Viewer, measureId: string) {
      const episodeId = await repo.episodeOfMeasure(db, measureId);
      if (!episodeId) throw new NotFound();
      const episode = await readable(db, viewer, episodeId);
      const measure = presentMeasures(await repo.measuresOf(db, episode.id)).find((m) => m.id === measureId);
      if (!measure) throw new NotFound();
      await audit(db, viewer, 'measures.viewed', episode.id, { measureId });
      return { episode, measure: measureBody(measure) };
    },

    /** API.md `GET /api/v1/episodes/{id}/outcomes`. */
    async read(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await readable(db, viewer, episodeId);
      const view = await outcomesOf(db, episode);
      await audit(db, viewer, 'outcomes.viewed', episode.id);
      return view;
    },

    /**
     * API.md `PUT /api/v1/episodes/{id}/outcomes`: the dates links were actually made. The first PUT may go
     * without If-Match (nothing to be stale against); after that it is 428 without, 412 when stale. Fields
     * left out keep their value; `null` clears one.
     */
    async update(db: Queryable, viewer: Viewer, episodeId: string, body: OutcomesUpdate, expectedVersion?: number) {
      const episode = await workable(db, viewer, episodeId);
      const now = clock();
      const problems = futureDateProblems(body, londonDate(now));
      if (problems.length) throw new ValidationFailed(problems);
      const current = await repo.outcomeOf(db, episode.id);
      if (current && expectedVersion === undefined) throw new VersionRequired();
      if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) throw new StaleVersion();
      const changes: OutcomesUpdate = {};
      if (body.gpRegisteredOn !== undefined) changes.gpRegisteredOn = body.gpRegisteredOn;
      if (body.substanceMisuseEngagedOn !== undefined) changes.substanceMisuseEngagedOn = body.substanceMisuseEngagedOn;
      if (body.mentalHealthHandoverOn !== undefined) changes.mentalHealthHandoverOn = body.mentalHealthHandoverOn;
      if (body.accommodationNow !== undefined) changes.accommodationNow = body.accommodationNow;
      const saved = current
        ? await repo.updateOutcomeIfVersion(db, episode.id, current.version, {
            ...changes,
            updatedBy: viewer.id,
            updatedAt: now,
          })
        : await repo.insertOutcome(db, {
            episodeId: episode.id,
            ...changes,
            version: 1,
            updatedBy: viewer.id,
            updatedAt: now,
          });
      if (!saved) throw new StaleVersion();
      await audit(db, viewer, 'outcomes.updated', episode.id, {
        changed: Object.keys(changes),
        before: { version: current?.version ?? 0 },
        after: { version: saved.version },
      });
      if (Object.keys(changes).length)
        await timeline.record(db, {
          at: now,
          personId: episode.personId,
          referralId: episode.referralId,
          actorId: viewer.id,
          kind: 'outcomes.recorded',
          summary: 'Outcomes after release updated.',
        });
      return outcomesOf(db, episode);
    },

    /** The measures and outcomes page: a chart and a table per instrument, the linkage, and what the viewer may do. */
    async outcomesPage(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await readable(db, viewer, episodeId);
      const view = await outcomesOf(db, episode);
      await audit(db, viewer, 'outcomes.viewed', episode.id);
      const measures = presentMeasures(await repo.measuresOf(db, episode.id));
      return {
        episode,
        outcomes: view,
        instruments: instrumentSummaries(measures),
        linkage: linkageView(view, londonDate(clock())),
        allowed: abilitiesFor(viewer, ['recordOutcomes'] as const, episode),
      };
    },

    /** The form to record a measure: the episode, if the viewer may record on it. */
    async measureForm(db: Queryable, viewer: Viewer, episodeId: string) {
      return { episode: await workable(db, viewer, episodeId) };
    },
  };
}

export type OutcomeService = ReturnType<typeof createOutcomeService>;
