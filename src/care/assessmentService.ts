// The structured assessment (PRODUCT.md journey step 5; issue "Assessment, formulation and plan"): an
// episode may have several over time, numbered 1, 2, ...; one is in progress at a time. Each domain is
// saved on its own (If-Match on the assessment's version), and the assessment is completed once every
// domain is. A new assessment may start from the previous one's answers, each domain then marked
// incomplete so that the worker confirms it again rather than carrying old findings over unseen.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, StaleVersion } from '../http/errors.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { userNames } from '../episodes/episodeDisplay.ts';
import type { EpisodeRow } from '../episodes/episodeRepository.ts';
import {
  assessmentProgress,
  toDomainAnswer,
  type DomainAnswer,
  type DomainAnswerBody,
  type DomainCode,
} from './domains.ts';
import * as repo from './careRepository.ts';
import type { CareGate } from './careGate.ts';
import {
  domainsOf,
  presentAssessment,
  presentAssessmentSummary,
  type AssessmentSummary,
  type AssessmentView,
} from './presenter.ts';
import type { StartAssessmentBody } from './schema.ts';

const number = (value: string): number | undefined => (/^[1-9]\d{0,5}$/.test(value) ? Number(value) : undefined);

export function createAssessmentService({ clock }: Pick<Core, 'clock'>, gate: CareGate) {
  async function view(db: Queryable, row: repo.AssessmentRow): Promise<AssessmentView> {
    return presentAssessment(row, await userNames(db, [row.startedBy, ...(row.completedBy ? [row.completedBy] : [])]));
  }

  async function assessmentOrThrow(
    db: Queryable,
    episode: EpisodeRow,
    numberParam: string,
  ): Promise<repo.AssessmentRow> {
    const n = number(numberParam);
    const row = n === undefined ? undefined : await repo.findAssessment(db, episode.id, n);
    if (!row) throw new NotFound();
    return row;
  }

  function inProgressOrThrow(row: repo.AssessmentRow) {
    if (row.status !== 'in_progress')
      throw new Conflict(`Assessment ${row.number} is completed: start a new assessment to record what has changed.`);
  }

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

  return {
    async list(db: Queryable, viewer: Viewer, episodeId: string): Promise<AssessmentSummary[]> {
      const episode = await gate.readable(db, viewer, episodeId);
      const rows = await repo.assessmentsOf(db, episode.id);
      const names = await userNames(
        db,
        rows.flatMap((r) => [r.startedBy, ...(r.completedBy ? [r.completedBy] : [])]),
      );
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'care.assessments_listed', recordType: 'episode', recordId: episode.id },
        clock(),
      );
      return rows.map((r) => presentAssessmentSummary(r, names));
    },

    async read(db: Queryable, viewer: Viewer, episodeId: string, numberParam: string): Promise<AssessmentView> {
      const episode = await gate.readable(db, viewer, episodeId);
      const row = await assessmentOrThrow(db, episode, numberParam);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.assessment_viewed',
          recordType: 'episode',
          recordId: episode.id,
          details: { number: row.number },
        },
        clock(),
      );
      return view(db, row);
    },

    /** 409 while one is in progress: one assessment at a time. */
    async start(db: Queryable, viewer: Viewer, episodeId: string, body: StartAssessmentBody): Promise<AssessmentView> {
      const episode = await gate.writable(db, viewer, episodeId);
      const earlier = await repo.assessmentsOf(db, episode.id);
      const open = earlier.find((a) => a.status === 'in_progress');
      if (open)
        throw new Conflict(`Assessment ${open.number} is still in progress: complete it before starting another.`);
      const previous = earlier[0];
      if (body.startFrom === 'previous' && !previous)
        throw new Conflict('There is no earlier assessment to start from: start a blank one.');
      const carried: Record<string, DomainAnswer> =
        body.startFrom === 'previous' && previous
          ? Object.fromEntries(
              Object.entries(domainsOf(previous)).map(([code, answer]) => [
                code,
                { ...answer, status: 'incomplete' as const },
              ]),
            )
          : {};
      const now = clock();
      const nextNumber = (previous?.number ?? 0) + 1;
      const row = await repo.insertAssessment(db, {
        id: randomUUID(),
        episodeId: episode.id,
        number: nextNumber,
        status: 'in_progress',
        domains: carried,
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
      await timeline(db, viewer, episode, 'assessment.started', `Assessment ${row.number} started${from}.`, now);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.assessment_started',
          recordType: 'episode',
          recordId: episode.id,
          details: { number: row.number, startFrom: body.startFrom },
        },
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
      const episode = await gate.writable(db, viewer, episodeId);
      const row = await assessmentOrThrow(db, episode, numberParam);
      inProgressOrThrow(row);
      if (row.version !== expectedVersion) throw new StaleVersion();
      const now = clock();
      const answer = toDomainAnswer(body);
      const before = domainsOf(row)[domain] ?? null;
      const updated = await repo.updateAssessmentIfVersion(db, row.id, expectedVersion, {
        domains: { ...domainsOf(row), [domain]: answer },
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.assessment_domain_saved',
          recordType: 'episode',
          recordId: episode.id,
          details: { number: row.number, domain, before, after: answer, version: updated.version },
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
      const episode = await gate.writable(db, viewer, episodeId);
      const row = await assessmentOrThrow(db, episode, numberParam);
      inProgressOrThrow(row);
      if (expectedVersion !== undefined && row.version !== expectedVersion) throw new StaleVersion();
      const progress = assessmentProgress(domainsOf(row));
      if (!progress.canComplete) {
        const left = progress.items.filter((i) => i.status !== 'completed').map((i) => i.label);
        throw new Conflict(`Every domain must be completed first. Still to complete: ${left.join(', ')}.`);
      }
      const now = clock();
      const updated = await repo.updateAssessmentIfVersion(db, row.id, row.version, {
        status: 'completed',
        completedBy: viewer.id,
        completedAt: now,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      await timeline(db, viewer, episode, 'assessment.completed', `Assessment ${row.number} completed.`, now);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'care.assessment_completed',
          recordType: 'episode',
          recordId: episode.id,
          details: { number: row.number, version: updated.version },
        },
        now,
      );
      return view(db, updated);
    },
  };
}
