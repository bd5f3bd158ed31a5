// Case studies for reflective practice (issue 15; seed 002: "Case study developed post-event to share learning
// wider"). A manager of the episode's site drafts one from the episode's record (draft.ts), edits it
// (If-Match), and approves it; only an approved one is downloaded. Each verb runs in the transaction it is
// given and writes its audit entry there; reads are audited too (a draft is drawn from a person's record).
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize, can } from '../access/policy.ts';
import { workScope } from '../access/scopes.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, StaleVersion, ValidationFailed, VersionRequired } from '../http/errors.ts';
import { addDaysIso, londonDate } from '../identifiers/dates.ts';
import { loadWorklistState } from '../worklist/repository.ts';
import * as repo from './repository.ts';
import { identifyingIn } from './anonymiser.ts';
import { draftCaseStudy, LESSON_PROMPT_MARK, type MissedItem } from './draft.ts';
import { caseFactsOf, caseStudyBody, caseStudyListItem, knownValuesOf, modelOf, sectionsOf } from './presenter.ts';
import { replayWorklist } from './rules.ts';
import { caseStudyPdf } from './pdf.ts';
import { SECTION_NAMES, type CaseStudyDraft, type CaseStudyEdit } from './schema.ts';

export interface CaseStudyDeps {
  clock: Clock;
  sites: Pick<SiteCatalogue, 'get' | 'all'>;
}

export function createCaseStudyService({ clock, sites }: CaseStudyDeps) {
  async function audit(db: Queryable, viewer: Viewer, action: string, id: string, details: object) {
    await recordAudit(
      db,
      { actor: actorOf(viewer), action, recordType: 'case_study', recordId: id, details: { ...details } },
      clock(),
    );
  }

  async function episodeFor(db: Queryable, viewer: Viewer, episodeId: string) {
    const episode = await repo.visibleEpisode(db, viewer, episodeId);
    if (!episode) throw new NotFound();
    authorize(viewer, 'writeCaseStudy', episode);
    return episode;
  }

  async function caseStudyFor(db: Queryable, viewer: Viewer, id: string) {
    const found = await repo.visibleCaseStudy(db, viewer, id);
    if (!found) throw new NotFound();
    authorize(viewer, 'writeCaseStudy', found.row);
    return found.row;
  }

  /** An approved case study is for the site's staff to read; a draft is its managers'. */
  async function readableFor(db: Queryable, viewer: Viewer, id: string) {
    const found = await repo.visibleCaseStudy(db, viewer, id);
    if (!found) throw new NotFound();
    authorize(viewer, found.row.status === 'approved' ? 'readCaseStudies' : 'writeCaseStudy', found.row);
    return found.row;
  }

  /** The safety net replayed over the episode, from its opening to today or the day before it closed. */
  async function missedOf(db: Queryable, viewer: Viewer, episode: repo.CaseEpisode, rows: repo.EpisodeFactRows) {
    const site = sites.get(episode.siteCode);
    if (!site) return [] as MissedItem[];
    const state = await loadWorklistState(db, sites.all(), {
      siteCodes: [episode.siteCode],
      scope: workScope(viewer),
      episodeId: episode.id,
    });
    const c = state.episodes[0];
    if (!c) return [];
    const closedOn = rows.events.filter((e) => e.kind === 'closed').at(-1)?.on ?? null;
    const reopened = rows.events.some((e) => e.kind === 'reopened' && closedOn !== null && e.on >= closedOn);
    const last = closedOn && !reopened ? addDaysIso(closedOn, -1) : londonDate(clock());
    return replayWorklist({
      episode: c,
      site,
      allSites: sites.all(),
      attendedContacts: rows.contacts.filter((x) => x.outcome === 'attended').map((x) => x.at),
      from: episode.openedOn,
      to: last,
      closedOn: closedOn && !reopened ? closedOn : null,
    });
  }

  async function knownOf(db: Queryable, id: string, viewer: Viewer) {
    const found = await repo.visibleCaseStudy(db, viewer, id);
    if (!found) throw new NotFound();
    const episode = await repo.visibleEpisode(db, viewer, found.episodeId);
    if (!episode) throw new NotFound();
    return knownValuesOf(episode, await repo.factsOf(db, episode.id));
  }

  return {
    /** API.md `POST /api/v1/episodes/{id}/case-study` → 201 `{"id","status":"draft","text"}`. */
    async generate(db: Queryable, viewer: Viewer, episodeId: string, options: CaseStudyDraft = {}) {
      const episode = await episodeFor(db, viewer, episodeId);
      const rows = await repo.factsOf(db, episode.id);
      const missed = await missedOf(db, viewer, episode, rows);
      const facts = {
        ...caseFactsOf(episode, rows, missed, modelOf(sites.get(episode.siteCode))),
        gender: options.gender ?? null,
      };
      const sections = draftCaseStudy(facts, knownValuesOf(episode, rows));
      const now = clock();
      const row = await repo.insertCaseStudy(db, {
        id: randomUUID(),
        episodeId: episode.id,
        siteCode: episode.siteCode,
        status: 'draft',
        ...sections,
        createdBy: viewer.id,
        createdAt: now,
        updatedBy: viewer.id,
        updatedAt: now,
      });
      await audit(db, viewer, 'case_study.drafted', row.id, { episodeId: episode.id, missedItems: missed.length });
      return caseStudyBody(row);
    },

    /** `GET /api/v1/case-studies/{id}`: the case study as stored, draft or approved. */
    async read(db: Queryable, viewer: Viewer, id: string) {
      const row = await readableFor(db, viewer, id);
      await audit(db, viewer, 'case_study.viewed', row.id, { status: row.status });
      return { ...caseStudyBody(row), allowed: { edit: can(viewer, 'writeCaseStudy', row) } };
    },

    /** The case studies of an episode, newest first, for its page. */
    async listForEpisode(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await repo.visibleEpisode(db, viewer, episodeId);
      if (!episode) throw new NotFound();
      authorize(viewer, 'readCaseStudies', episode);
      // The staff see the approved ones; drafts are the managers'.
      const draft = can(viewer, 'writeCaseStudy', episode);
      const rows = (await repo.caseStudiesOf(db, episode.id)).filter((r) => draft || r.status === 'approved');
      await audit(db, viewer, 'case_studies.listed', episode.id, { count: rows.length });
      return {
        episode: {
          id: episode.id,
          siteCode: episode.siteCode,
          reference: episode.reference,
          referralId: episode.referralId,
          // The episode's own page heads with the person as the referral names them, as its other parts do.
          personName: `${episode.givenName} ${episode.familyName}`,
        },
        items: rows.map(caseStudyListItem),
        allowed: { draft },
      };
    },

    /** `PUT /api/v1/case-studies/{id}`: a draft's sections, If-Match its version; an approved one is final. */
    async update(db: Queryable, viewer: Viewer, id: string, edit: CaseStudyEdit, expectedVersion: number | undefined) {
      const row = await caseStudyFor(db, viewer, id);
      if (expectedVersion === undefined) throw new VersionRequired();
      if (row.status !== 'draft') throw new Conflict('This case study is approved, so it can no longer be changed');
      if (row.version !== expectedVersion) throw new StaleVersion();
      const changes = Object.fromEntries(SECTION_NAMES.flatMap((k) => (edit[k] === undefined ? [] : [[k, edit[k]]])));
      const saved = await repo.updateDraftIfVersion(db, id, expectedVersion, {
        ...changes,
        updatedBy: viewer.id,
        updatedAt: clock(),
      });
      if (!saved) throw new StaleVersion();
      await audit(db, viewer, 'case_study.edited', id, { sections: Object.keys(changes), version: saved.version });
      return caseStudyBody(saved);
    },

    /**
     * API.md `POST /api/v1/case-studies/{id}/approve` → 200. Refused (400) while the lessons are still prompts or
     * while any section holds one of the person's own names, identifiers or dates, or anything shaped like one.
     */
    async approve(db: Queryable, viewer: Viewer, id: string, expectedVersion: number | undefined) {
      const row = await caseStudyFor(db, viewer, id);
      if (row.status === 'approved') throw new Conflict('This case study is already approved');
      if (expectedVersion !== undefined && row.version !== expectedVersion) throw new StaleVersion();
      const known = await knownOf(db, id, viewer);
      const sections = sectionsOf(row);
      const problems = SECTION_NAMES.flatMap((name) => {
        const found = identifyingIn(sections[name], known);
        return found.length
          ? [{ field: name, message: `Remove what could identify the person: “${found[0] ?? ''}”` }]
          : [];
      });
      if (sections.lessons.includes(LESSON_PROMPT_MARK))
        problems.push({ field: 'lessons', message: `Write the lessons in place of each “${LESSON_PROMPT_MARK}”` });
      if (problems.length) throw new ValidationFailed(problems);
      const now = clock();
      const saved = await repo.updateDraftIfVersion(db, id, row.version, {
        status: 'approved',
        approvedBy: viewer.id,
        approvedAt: now,
        updatedBy: viewer.id,
        updatedAt: now,
      });
      if (!saved) throw new StaleVersion();
      await audit(db, viewer, 'case_study.approved', id, { version: saved.version });
      return caseStudyBody(saved);
    },

    /** `GET /api/v1/case-studies/{id}?format=pdf`: only an approved case study (409 for a draft). */
    async pdf(db: Queryable, viewer: Viewer, id: string): Promise<Buffer> {
      const row = await readableFor(db, viewer, id);
      if (row.status !== 'approved')
        throw new Conflict('Only an approved case study can be downloaded: approve it first');
      await audit(db, viewer, 'case_study.downloaded', id, { version: row.version });
      return caseStudyPdf(sectionsOf(row), sites.get(row.siteCode)?.name ?? 'RECONNECT');
    },
  };
}

export type CaseStudyService = ReturnType<typeof createCaseStudyService>;
