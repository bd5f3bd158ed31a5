// The end of an episode and what a manager may do about it (issue "Episode lifecycle"): closing with a
// coded reason, the end-of-service summary and each goal's outcome (written to plan_goals.outcome) as one
// `closed` event (closureRules.ts holds the rules); reopening with a reason; extending support beyond the
// window with a reason; the closure page and the letter to the referrer and GP. The handovers module
// closes the sending episode through `closeForHandover` when the receiving team accepts. Built in
// services.ts beside the episode service.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor, authorize } from '../access/policy.ts';
import { recordAudit, type AuditActor } from '../audit/auditLog.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import type { EpisodeEvent, EpisodePhase } from './phases.ts';
import { phaseAt, windowPolicy, type WindowPolicy } from './rules.ts';
import * as repo from './repository.ts';
import * as closureRepo from './closureRepository.ts';
import { presentEpisode, type EpisodeView } from './presenter.ts';
import { closureLetterFacts, presentClosurePage } from './closurePresenter.ts';
import { CLOSURE_REASON_TEXT, goalOutcomeProblems, goalTally } from './closureRules.ts';
import { closureLetterPdf } from './closureLetterPdf.ts';
import { recordEpisodeEvent, type EventActor, type EventChange } from './eventService.ts';
import type { ClosureBody, ClosureReason, ExtensionBody, ReopenBody } from './schema.ts';

export interface ClosureDeps {
  clock: Clock;
  sites: SiteCatalogue;
  timeline: TimelineWriter;
}

/** Someone acting for another module: a signed-in user, or an audit actor with the user's id. */
export type ClosingActor = Viewer | (AuditActor & { id: string });

export function createClosureService({ clock, sites, timeline }: ClosureDeps) {
  function policyOf(siteCode: string, now: Date): WindowPolicy {
    const site = sites.get(siteCode);
    if (!site) throw new Error(`Unknown site ${siteCode}`);
    return windowPolicy(site, now);
  }
  const phaseOf = (row: repo.EpisodeRow, events: EpisodeEvent[], now: Date): EpisodePhase =>
    phaseAt(row, events, policyOf(row.siteCode, now), now);
  const storedEvents = async (db: Queryable, id: string) => (await repo.eventsOf(db, [id])).map(repo.toEpisodeEvent);
  const actor = (viewer: Viewer): EventActor => ({ id: viewer.id, audit: actorOf(viewer) });

  async function visible(db: Queryable, viewer: Viewer, id: string): Promise<repo.EpisodeRow> {
    const row = await repo.findVisibleEpisode(db, viewer, id);
    if (!row) throw new NotFound();
    return row;
  }

  function record(
    db: Queryable,
    row: repo.EpisodeRow,
    by: EventActor,
    version: number | undefined,
    change: EventChange,
  ) {
    const now = clock();
    return recordEpisodeEvent(db, timeline, row, by, policyOf(row.siteCode, now), version, change, now);
  }

  /**
   * Closes the episode: 400 (nothing stored) when the goal outcomes are incomplete or name another
   * episode's goal, 409 when phases.ts refuses (already closed), 412 when stale.
   */
  async function closeEpisode(
    db: Queryable,
    row: repo.EpisodeRow,
    by: EventActor,
    body: ClosureBody,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<{ updated: repo.EpisodeRow; phase: EpisodePhase }> {
    const goals = await closureRepo.goalsOf(db, row.id);
    const given = body.goalOutcomes ?? [];
    const problems = goalOutcomeProblems(body.reason, goals, given);
    if (problems.length) throw new ValidationFailed(problems);
    const tally = goalTally(given.map((g) => g.outcome));
    const result = await recordEpisodeEvent(
      db,
      timeline,
      row,
      by,
      policyOf(row.siteCode, now),
      expectedVersion,
      {
        event: { kind: 'closed', on: londonDate(now), reason: body.reason },
        field: 'reason',
        details: { summary: body.summary, goalOutcomes: given },
        columns: { closedReason: body.reason, closureSummary: body.summary },
        summary: `Episode of care closed: ${CLOSURE_REASON_TEXT[body.reason].toLowerCase()}.${tally ? ` Goals: ${tally}.` : ''}`,
        action: 'episode.closed',
      },
      now,
    );
    await closureRepo.setGoalOutcomes(db, row.id, given, now);
    return result;
  }

  return {
    /** Any worker of the site may close; the goal outcomes are written to the support plan. */
    async close(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ClosureBody,
      expectedVersion?: number,
    ): Promise<EpisodeView> {
      const row = await visible(db, viewer, id);
      authorize(viewer, 'workOnEpisode', row);
      const { updated, phase } = await closeEpisode(db, row, actor(viewer), body, expectedVersion, clock());
      return presentEpisode(updated, phase);
    },

    /** A manager of the site reopens a closed episode, with a reason (403 for anyone else, 409 unless closed). */
    async reopen(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ReopenBody,
      expectedVersion?: number,
    ): Promise<EpisodeView> {
      const row = await visible(db, viewer, id);
      authorize(viewer, 'reopenEpisode', row);
      const { updated, phase } = await record(db, row, actor(viewer), expectedVersion, {
        event: { kind: 'reopened', on: londonDate(clock()), reason: body.reason },
        field: 'reason',
        details: { closedReason: row.closedReason },
        columns: { closedReason: null, closureSummary: null },
        summary: `Episode of care reopened. Reason: ${body.reason}`,
        action: 'episode.reopened',
      });
      return presentEpisode(updated, phase);
    },

    /**
     * Support beyond the window, approved by a manager of the site with a reason (phases.ts
     * `extension_approved`). `until` must be after the current end of support (400 on `until`); before
     * release or while recalled there is no window to extend (409).
     */
    async extend(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ExtensionBody,
      expectedVersion?: number,
    ): Promise<EpisodeView> {
      const row = await visible(db, viewer, id);
      authorize(viewer, 'extendSupport', row);
      const now = clock();
      const events = await storedEvents(db, row.id);
      const current = phaseOf(row, events, now);
      if (current.status === 'post_release' && current.supportEndsOn !== null && body.until <= current.supportEndsOn) {
        throw new ValidationFailed([
          {
            field: 'until',
            message: `Must be after the current end of support, ${formatIsoDateLong(current.supportEndsOn)}`,
          },
        ]);
      }
      const was = current.supportEndsOn ? ` (was ${formatIsoDateLong(current.supportEndsOn)})` : '';
      const { updated, phase } = await recordEpisodeEvent(
        db,
        timeline,
        row,
        actor(viewer),
        policyOf(row.siteCode, now),
        expectedVersion,
        {
          event: {
            kind: 'extension_approved',
            on: londonDate(now),
            until: body.until,
            reason: body.reason,
            approvedBy: viewer.name,
          },
          field: 'until',
          details: { was: current.supportEndsOn },
          summary: `Support extended to ${formatIsoDateLong(body.until)}${was}, approved by ${viewer.name}. Reason: ${body.reason}`,
          action: 'episode.extension_approved',
        },
        now,
        events,
      );
      return presentEpisode(updated, phase);
    },

    /** The closure page, read once (closureRepository.ts findClosurePage) and audited as a read of the episode. */
    async closurePage(db: Queryable, viewer: Viewer, id: string) {
      const row = await closureRepo.findClosurePage(db, viewer, id);
      if (!row) throw new NotFound();
      const now = clock();
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.viewed', recordType: 'episode', recordId: row.episode.id },
        now,
      );
      const view = presentEpisode(row.episode, phaseOf(row.episode, row.events.map(repo.toEpisodeEvent), now));
      const abilities = abilitiesFor(viewer, ['workOnEpisode', 'reopenEpisode'] as const, row.episode);
      return presentClosurePage({ view, row, abilities });
    },

    /** The support plan's goals, for the closure form. */
    async closureGoals(db: Queryable, viewer: Viewer, id: string) {
      const row = await visible(db, viewer, id);
      return closureRepo.goalsOf(db, row.id);
    },

    /**
     * The closure letter to the referrer and GP as a PDF, only once closed (409 before). It holds the
     * person's details, so reading it is audited like any read of the record.
     */
    async closureLetter(db: Queryable, viewer: Viewer, id: string): Promise<Buffer> {
      const row = await closureRepo.findClosureLetter(db, viewer, id);
      if (!row) throw new NotFound();
      const now = clock();
      const phase = phaseOf(row.episode, row.events.map(repo.toEpisodeEvent), now);
      if (phase.status !== 'closed')
        throw new Conflict('The closure letter is written once the episode of care is closed.');
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.closure_letter_viewed',
          recordType: 'episode',
          recordId: row.episode.id,
        },
        now,
      );
      return closureLetterPdf(closureLetterFacts(row, phase, sites.get(row.episode.siteCode), now));
    },

    /**
     * Closes the sending episode of a handover on behalf of the receiving team, who cannot see it: no
     * visibility or site check (the handover already authorised it), but the same event, timeline entry and
     * audit. Goals may stay open with the handover reasons (closureRules.ts). An episode already closed is
     * left as it is ('already_closed'): the sending team may have closed it first. `now` is the handover's.
     */
    async closeForHandover(
      db: Queryable,
      by: ClosingActor,
      episodeId: string,
      reason: ClosureReason,
      summary: string,
      now: Date,
    ): Promise<'closed' | 'already_closed'> {
      const row = await closureRepo.findEpisodeForHandover(db, episodeId);
      if (!row) throw new Error(`No episode ${episodeId}`);
      if (phaseOf(row, await storedEvents(db, row.id), now).status === 'closed') return 'already_closed';
      const audit = 'label' in by ? { id: by.id, label: by.label } : actorOf(by);
      await closeEpisode(db, row, { id: by.id, audit }, { reason, summary }, undefined, now);
      return 'closed';
    },
  };
}

export type ClosureService = ReturnType<typeof createClosureService>;
