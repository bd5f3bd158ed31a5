// The structured assessment (PRODUCT.md journey step 5; issue "Assessment, formulation and plan"): an
// episode may have several over time, numbered 1, 2, ...; one is in progress at a time. Each domain is
// saved on its own (If-Match on the assessment's version), and the assessment is completed once every
// domain is. A new assessment may start from the previous one's answers, each domain then marked
// incomplete so that the worker confirms it again (rules.ts carriedOver). Each verb takes the
// transaction it runs in; the routes and pages open it.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import type { Viewer } from '../access/viewer.ts';
import { Conflict, NotFound, StaleVersion } from '../http/errors.ts';
import type { DomainCode, DomainDefinition } from './domains.ts';
import { assessmentProgress, carriedOver, toDomainAnswer } from './rules.ts';
import * as repo from './repository.ts';
import {
  auditCareRecord,
  changeableEpisode,
  headerOf,
  readableEpisode,
  timelineEntry,
  type CareEpisode,
} from './careRecord.ts';
import {
  domainsOf,
  presentAssessment,
  presentAssessmentPage,
  presentAssessmentSummary,
  presentDomainPage,
  type AssessmentSummary,
  type AssessmentView,
} from './presenter.ts';
import type { DomainAnswerBody, StartAssessmentBody } from './schema.ts';

export interface AssessmentDeps {
  sites: SiteCatalogue;
  clock: Clock;
  timeline: TimelineWriter;
}

const number = (value: string): number | undefined => (/^[1-9]\d{0,5}$/.test(value) ? Number(value) : undefined);
const peopleOf = (row: repo.AssessmentRow) => [row.startedBy, row.completedBy];

export function createAssessmentService({ sites, clock, timeline }: AssessmentDeps) {
  async function view(db: Queryable, row: repo.AssessmentRow): Promise<AssessmentView> {
    return presentAssessment(row, await repo.userNames(db, peopleOf(row)));
  }

  async function assessmentOrThrow(db: Queryable, episode: CareEpisode, numberParam: string) {
    const n = number(numberParam);
    const row = n === undefined ? undefined : await repo.findAssessment(db, episode.id, n);
    if (!row) throw new NotFound();
    return row;
  }

  function inProgressOrThrow(row: repo.AssessmentRow) {
    if (row.status !== 'in_progress')
      throw new Conflict(`Assessment ${row.number} is completed: start a new assessment to record what has changed.`);
  }

  const audit = (
    db: Queryable,
    viewer: Viewer,
    episode: CareEpisode,
    action: string,
    details?: Record<string, unknown>,
    at: Date = clock(),
  ) => auditCareRecord(db, viewer, episode, action, at, details);

  /** Every assessment of a readable episode, newest first, with the names behind them; the list is audited. */
  async function listed(db: Queryable, viewer: Viewer, episodeId: string) {
    const episode = await readableEpisode(db, viewer, episodeId);
    const rows = await repo.assessmentsOf(db, episode.id);
    await audit(db, viewer, episode, 'care.assessments_listed');
    return { episode, rows, names: await repo.userNames(db, rows.flatMap(peopleOf)) };
  }

  const viewed = (db: Queryable, viewer: Viewer, episode: CareEpisode, row: repo.AssessmentRow) =>
    audit(db, viewer, episode, 'care.assessment_viewed', { number: row.number });

  return {
    async list(db: Queryable, viewer: Viewer, episodeId: string): Promise<AssessmentSummary[]> {
      const { rows, names } = await listed(db, viewer, episodeId);
      return rows.map((r) => presentAssessmentSummary(r, names));
    },

    async read(db: Queryable, viewer: Viewer, episodeId: string, numberParam: string): Promise<AssessmentView> {
      const episode = await readableEpisode(db, viewer, episodeId);
      const row = await assessmentOrThrow(db, episode, numberParam);
      await viewed(db, viewer, episode, row);
      return view(db, row);
    },

    /** The assessment page: the one asked for (else the one in progress, else the latest), and the others. */
    async page(db: Queryable, viewer: Viewer, episodeId: string, asked: string | undefined) {
      const { episode, rows, names } = await listed(db, viewer, episodeId);
      const current =
        rows.find((r) => String(r.number) === asked) ?? rows.find((r) => r.status === 'in_progress') ?? rows[0];
      if (current) await viewed(db, viewer, episode, current);
      const header = await headerOf(db, sites, viewer, episode, clock());
      return presentAssessmentPage(
        header,
        rows.map((r) => presentAssessmentSummary(r, names)),
        current && presentAssessment(current, names),
      );
    },

    /** One domain's form of the assessment in progress; undefined when there is none the viewer may change. */
    async domainPage(db: Queryable, viewer: Viewer, episodeId: string, domain: DomainDefinition) {
      const { episode, rows, names } = await listed(db, viewer, episodeId);
      const header = await headerOf(db, sites, viewer, episode, clock());
      const open = rows.find((r) => r.status === 'in_progress');
      if (!open || !header.canChange) return undefined;
      await viewed(db, viewer, episode, open);
      return presentDomainPage(header, presentAssessment(open, names), domain);
    },

    /** 409 while one is in progress: one assessment at a time. */
    async start(db: Queryable, viewer: Viewer, episodeId: string, body: StartAssessmentBody): Promise<AssessmentView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      const earlier = await repo.assessmentsOf(db, episode.id);
      const open = earlier.find((a) => a.status === 'in_progress');
      if (open)
        throw new Conflict(`Assessment ${open.number} is still in progress: complete it before starting another.`);
      const previous = earlier[0];
      if (body.startFrom === 'previous' && !previous)
        throw new Conflict('There is no earlier assessment to start from: start a blank one.');
      const row = await repo.insertAssessment(db, {
        id: randomUUID(),
        episodeId: episode.id,
        number: (previous?.number ?? 0) + 1,
        status: 'in_progress',
        domains: body.startFrom === 'previous' && previous ? carriedOver(domainsOf(previous)) : {},
        startedBy: viewer.id,
        startedAt: now,
        version: 1,
        updatedAt: now,
      });
      if (!row)
        throw new Conflict(
          'Someone else started an assessment at the same moment: open the assessment page to continue it.',
        );
      const from =
        previous && body.startFrom === 'previous' ? `, starting from the answers of assessment ${previous.number}` : '';
      await timeline.record(
        db,
        timelineEntry(viewer, episode, 'assessment.started', `Assessment ${row.number} started${from}.`, now),
      );
      await audit(
        db,
        viewer,
        episode,
        'care.assessment_started',
        { number: row.number, startFrom: body.startFrom },
        now,
      );
      return view(db, row);
    },

    async saveDomain(
      db: Queryable,
      viewer: Viewer,
      episodeId: string,
      numberParam: string,
      domain: DomainCode,
      body: DomainAnswerBody,
      expectedVersion: number,
    ): Promise<AssessmentView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      const row = await assessmentOrThrow(db, episode, numberParam);
      inProgressOrThrow(row);
      if (row.version !== expectedVersion) throw new StaleVersion();
      const answer = toDomainAnswer(body);
      const before = domainsOf(row)[domain] ?? null;
      const updated = await repo.updateAssessmentIfVersion(db, row.id, expectedVersion, {
        domains: { ...domainsOf(row), [domain]: answer },
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      await audit(
        db,
        viewer,
        episode,
        'care.assessment_domain_saved',
        {
          number: row.number,
          domain,
          before,
          after: answer,
          version: updated.version,
        },
        now,
      );
      return view(db, updated);
    },

    /** 409 until every domain is completed; If-Match optional but honoured. */
    async complete(
      db: Queryable,
      viewer: Viewer,
      episodeId: string,
      numberParam: string,
      expectedVersion?: number,
    ): Promise<AssessmentView> {
      const now = clock();
      const episode = await changeableEpisode(db, sites, viewer, episodeId, now);
      const row = await assessmentOrThrow(db, episode, numberParam);
      inProgressOrThrow(row);
      if (expectedVersion !== undefined && row.version !== expectedVersion) throw new StaleVersion();
      const progress = assessmentProgress(domainsOf(row));
      if (!progress.canComplete) {
        const left = progress.items.filter((i) => i.status !== 'completed').map((i) => i.label);
        throw new Conflict(`Every domain must be completed first. Still to complete: ${left.join(', ')}.`);
      }
      const updated = await repo.updateAssessmentIfVersion(db, row.id, row.version, {
        status: 'completed',
        completedBy: viewer.id,
        completedAt: now,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      await timeline.record(
        db,
        timelineEntry(viewer, episode, 'assessment.completed', `Assessment ${row.number} completed.`, now),
      );
      await audit(
        db,
        viewer,
        episode,
        'care.assessment_completed',
        { number: row.number, version: updated.version },
        now,
      );
      return view(db, updated);
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
