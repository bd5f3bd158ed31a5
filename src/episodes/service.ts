// The verbs of an episode of care (PRODUCT.md journey, steps 3-4): open it (openingService.ts), read it
// and its pages, record contacts (contactService.ts), release, recall and the expected release date
// (releaseService.ts). Closing, reopening, extending and the letter are closureService.ts. Each takes the
// transaction it runs in; the route opens it. The phase is computed by phases.ts from the stored events and
// the site's policy in force, never stored. Built in services.ts with what it needs.
//
// Decisions:
// - If-Match is optional on release, recall, close, reopen, extension and expected release date, but
//   honoured (412 when stale); contacts do not change the episode's version.
// - A closed episode takes no contacts (409): a manager reopens it first, with a reason.
import type { Queryable } from '../db/client.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor } from '../access/policy.ts';
import { recordAudit, recordAudits } from '../audit/auditLog.ts';
import { NotFound } from '../http/errors.ts';
import { londonDate } from '../identifiers/dates.ts';
import { presentPersonBanner } from '../people/presenter.ts';
import { phaseAt, type EpisodeDates } from './rules.ts';
import * as repo from './repository.ts';
import { releasedTo } from './releaseDestination.ts';
import {
  presentEpisode,
  presentEpisodePage,
  presentPhaseSummary,
  presentTimeline,
  STATUS_TEXT,
  type EpisodeView,
  type PhaseSummary,
} from './presenter.ts';
import { episodeEvents, eventsByEpisode } from './eventService.ts';
import { openingVerbs, type OpeningDeps } from './openingService.ts';
import { contactVerbs } from './contactService.ts';
import { releaseVerbs, type Readiness } from './releaseService.ts';

/**
 * The professionals around the person today (partners/networkService.ts currentNetwork), drawn by
 * partners/views/_currentNetwork.njk; undefined for a viewer who may not read the multi-agency record.
 * Multi-agency working sits above episodes and hands this in (services.ts).
 */
export type NetworkAround = (db: Queryable, viewer: Viewer, episodeId: string) => Promise<object | undefined>;

export interface EpisodeDeps extends OpeningDeps {
  readiness: Readiness;
  network?: NetworkAround;
}

export type { ContactSummary } from './contactRepository.ts';
export type { OpenResult, OpeningReferral, ReferralReads } from './openingService.ts';
export type { Readiness } from './releaseService.ts';

const EPISODE_ABILITIES = ['workOnEpisode', 'reopenEpisode', 'extendSupport'] as const;

export function createEpisodeService({ clock, sites, notify, timeline, referrals, readiness, network }: EpisodeDeps) {
  const steps = episodeEvents({ clock, sites, timeline });
  const { policyOf, phaseOf, storedEvents, visible, auditEpisode } = steps;

  return {
    ...openingVerbs({ clock, sites, notify, timeline, referrals }),
    ...contactVerbs({ clock, timeline, referrals }, steps),
    ...releaseVerbs({ clock, readiness }, steps),

    /** One episode the viewer may see; the read is audited (PRODUCT.md: every access is audited). */
    async read(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeView> {
      const row = await visible(db, viewer, id);
      const now = clock();
      await auditEpisode(db, viewer, 'episode.viewed', row.id, now);
      return presentEpisode(row, phaseOf(row, await storedEvents(db, row.id), now));
    },

    /**
     * An episode the viewer may see, as the API shows it, without auditing: for another folder's change
     * that audits itself (allocation, handovers). Undefined when the viewer may not see it.
     */
    async find(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeView | undefined> {
      const row = await repo.findVisibleEpisode(db, viewer, id);
      return row ? presentEpisode(row, phaseOf(row, await storedEvents(db, row.id), clock())) : undefined;
    },

    /**
     * Who an episode's pages are about (bannerService.ts), in one statement, without auditing: the episode
     * as the API shows it and the person as its referral names them. Undefined when the viewer may not see it.
     */
    async banner(db: Queryable, viewer: Viewer, id: string) {
      const row = await repo.findEpisodeBanner(db, viewer, id);
      return (
        row && { episode: presentEpisode(row.episode, phaseOf(row.episode, row.events, clock())), person: row.person }
      );
    },

    /** The episode of a referral, for a handover already authorised on the sending side (no viewer scope). */
    async ofReferral(db: Queryable, referralId: string): Promise<EpisodeView | undefined> {
      const row = await repo.episodeForReferral(db, referralId);
      return row ? presentEpisode(row, phaseOf(row, await storedEvents(db, row.id), clock())) : undefined;
    },

    /**
     * The episode page, read once (repository.ts findEpisodePage: one statement, visibility checked in
     * it), audited as a read of the episode and of its timeline (one insert); readiness comes from release planning.
     */
    async page(db: Queryable, viewer: Viewer, id: string, order: 'oldest' | 'newest') {
      const row = await repo.findEpisodePage(db, viewer, id);
      if (!row) throw new NotFound();
      const now = clock();
      const read = { actor: actorOf(viewer), recordType: 'episode', recordId: row.episode.id };
      await recordAudits(
        db,
        [
          { ...read, action: 'episode.viewed' },
          { ...read, action: 'episode.timeline_viewed' },
        ],
        now,
      );
      const view = presentEpisode(row.episode, phaseOf(row.episode, row.events.map(repo.toEpisodeEvent), now));
      const ready = view.status === 'closed' ? undefined : (await readiness(db, [view.id], now)).get(view.id);
      const currentNetwork = view.status === 'closed' ? undefined : await network?.(db, viewer, view.id);
      const page = presentEpisodePage({
        view,
        row,
        site: sites.get(view.site),
        abilities: abilitiesFor(viewer, EPISODE_ABILITIES, row.episode),
        order,
        today: londonDate(now),
        readiness: ready,
      });
      // The banner from the same read (bannerPages.ts): the person as the referral names them, the episode's status.
      const personBanner = presentPersonBanner(row.person, STATUS_TEXT[view.status]);
      return { ...page, currentNetwork, releasedTo: releasedTo(row.events), personBanner };
    },

    /** The status filter is applied after computing each phase: status is never stored. */
    async list(
      db: Queryable,
      viewer: Viewer,
      filter: { site?: string | undefined; status?: string | undefined },
    ): Promise<EpisodeView[]> {
      const rows = await repo.listVisibleEpisodes(db, viewer, filter.site);
      const now = clock();
      const byEpisode = await eventsByEpisode(
        db,
        rows.map((r) => r.id),
      );
      const views = rows
        .map((row) => presentEpisode(row, phaseOf(row, byEpisode.get(row.id) ?? [], now)))
        .filter((v) => !filter.status || v.status === filter.status);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.listed', details: { filter, count: views.length } },
        now,
      );
      return views;
    },

    /** Each episode's phase in words, for a list of episodes the caller already found visible (the caseload). */
    async phasesOf(
      db: Queryable,
      episodes: readonly (EpisodeDates & { id: string; siteCode: string })[],
      now: Date,
    ): Promise<Map<string, PhaseSummary>> {
      const byEpisode = await eventsByEpisode(
        db,
        episodes.map((e) => e.id),
      );
      return new Map(
        episodes.map((e) => [
          e.id,
          presentPhaseSummary(phaseAt(e, byEpisode.get(e.id) ?? [], policyOf(e.siteCode, now), now)),
        ]),
      );
    },

    /** API.md: every event about the episode and its person, oldest first (or newest first when asked), from the chronology. */
    async timeline(db: Queryable, viewer: Viewer, id: string, order: 'oldest' | 'newest' = 'oldest') {
      const row = await visible(db, viewer, id);
      const items = await repo.personTimeline(db, viewer, row.personId);
      await auditEpisode(db, viewer, 'episode.timeline_viewed', row.id, clock());
      return presentTimeline(items, order);
    },
  };
}

export type EpisodeService = ReturnType<typeof createEpisodeService>;
