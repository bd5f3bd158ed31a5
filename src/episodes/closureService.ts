// The end of an episode and what a manager may do about it (issue "Episode lifecycle"): closing with a
// coded reason, summary and goal outcomes; reopening with a reason; extending support beyond the window
// with a reason; and the closure letter to the referrer and GP. Part of the episode service.
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import type { EpisodeEvent, EpisodePhase } from './phases.ts';
import type { EpisodeRow } from './episodeRepository.ts';
import { presentEpisode, type EpisodeView } from './presenter.ts';
import { managedOrThrow, visibleOrThrow, workableOrThrow } from './episodeAccess.ts';
import { recordEpisodeEvent, storedEvents, type WindowPolicy } from './episodeLifecycle.ts';
import { closeEpisode, goalsOf } from './closure.ts';
import { closureLetterFacts } from './closureLetterFacts.ts';
import { closureLetterPdf } from './closureLetterPdf.ts';
import type { ClosureBody, ExtensionBody, ReopenBody } from './schema.ts';

interface Helpers {
  clock: Clock;
  policyOf(siteCode: string, now: Date): WindowPolicy;
  phaseOf(row: EpisodeRow, events: EpisodeEvent[], now: Date): EpisodePhase;
}

export function createClosureService({ clock, policyOf, phaseOf }: Helpers) {
  const actor = (viewer: Viewer) => ({ id: viewer.id, audit: actorOf(viewer) });

  return {
    /** Any worker of the site may close; the goal outcomes are written to the support plan (closure.ts). */
    async close(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ClosureBody,
      expectedVersion?: number,
    ): Promise<EpisodeView> {
      const row = await workableOrThrow(db, viewer, id);
      const now = clock();
      const { updated, phase } = await closeEpisode(
        db,
        row,
        actor(viewer),
        policyOf(row.siteCode, now),
        body,
        expectedVersion,
        now,
      );
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
      const row = await managedOrThrow(db, viewer, id, 'reopen an episode of care');
      const now = clock();
      const { updated, phase } = await recordEpisodeEvent(
        db,
        row,
        actor(viewer),
        policyOf(row.siteCode, now),
        expectedVersion,
        {
          event: { kind: 'reopened', on: londonDate(now), reason: body.reason },
          field: 'reason',
          details: { closedReason: row.closedReason },
          columns: { closedReason: null, closureSummary: null },
          summary: `Episode of care reopened. Reason: ${body.reason}`,
          action: 'episode.reopened',
        },
        now,
      );
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
      const row = await managedOrThrow(db, viewer, id, 'extend support beyond the support window');
      const now = clock();
      const current = phaseOf(row, await storedEvents(db, row.id), now);
      if (current.status === 'post_release' && current.supportEndsOn !== null && body.until <= current.supportEndsOn) {
        throw new ValidationFailed([
          {
            field: 'until',
            message: `Must be after the current end of support, ${formatIsoDateLong(current.supportEndsOn)}`,
          },
        ]);
      }
      const on = londonDate(now);
      const { updated, phase } = await recordEpisodeEvent(
        db,
        row,
        actor(viewer),
        policyOf(row.siteCode, now),
        expectedVersion,
        {
          event: { kind: 'extension_approved', on, until: body.until, reason: body.reason, approvedBy: viewer.name },
          field: 'until',
          details: { was: current.supportEndsOn },
          summary: `Support extended to ${formatIsoDateLong(body.until)}${current.supportEndsOn ? ` (was ${formatIsoDateLong(current.supportEndsOn)})` : ''}, approved by ${viewer.name}. Reason: ${body.reason}`,
          action: 'episode.extension_approved',
        },
        now,
      );
      return presentEpisode(updated, phase);
    },

    /** The support plan's goals, for the closure form. */
    async closureGoals(db: Queryable, viewer: Viewer, id: string) {
      const row = await visibleOrThrow(db, viewer, id);
      return goalsOf(db, row.id);
    },

    /**
     * The closure letter to the referrer and GP as a PDF, only once closed (409 before). It holds the
     * person's details, so reading it is audited like any read of the record.
     */
    async closureLetter(db: Queryable, viewer: Viewer, id: string): Promise<Buffer> {
      const row = await visibleOrThrow(db, viewer, id);
      const now = clock();
      const phase = phaseOf(row, await storedEvents(db, row.id), now);
      if (phase.status !== 'closed')
        throw new Conflict('The closure letter is written once the episode of care is closed.');
      const facts = await closureLetterFacts(db, row, phase, now);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.closure_letter_viewed', recordType: 'episode', recordId: row.id },
        now,
      );
      return closureLetterPdf(facts);
    },
  };
}
