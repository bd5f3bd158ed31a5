// The verbs of moving a person between teams (issues 4 and 5): request a transfer, step up, step down or
// out-of-area handover; the sending team may withdraw while it waits; and the handover pages' reads, each
// one call. The receiving team's answer is decisionService.ts. Each takes the transaction it runs in; the
// route opens it.
//
// Decisions:
// - Only what the person agreed to share travels (issue 5): the request is refused without
//   `consentToShare: true` (schema.ts), and the receiving team sees the summary, the reason and who the
//   person is.
// - One request at a time per episode, and none on a closed episode (409): the worklist's
//   `out_of_area_no_handover` reads the one in hand (repository.ts openHandoversFor).
// - A person whose referral is restricted stays need-to-know: at the receiving site only its managers see
//   the request (access/scopes.ts), and the new referral is restricted too.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { Notify } from '../notifications/service.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize, can, type HandoverFacts } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import type { EpisodeStatus } from '../episodes/phases.ts';
import type { Posted } from '../web/formFields.ts';
import * as repo from './repository.ts';
import { handoverRefusal, KIND_TEXT, type HandoverClosureReason } from './rules.ts';
import type { SendingPhase } from './receivingRules.ts';
import {
  presentEpisodeHandoverPage,
  presentHandover,
  presentHandoverList,
  presentHandoverPage,
  type HandoverView,
} from './presenter.ts';
import type { DecisionBody, ListQuery, RequestHandoverBody } from './schema.ts';
import type { HandoverDecisionService } from './decisionService.ts';

/** An episode as the episode service shows it (GET /api/v1/episodes/{id}): what a handover reads of it. */
export interface HandoverEpisode extends SendingPhase {
  id: string;
  site: string;
  personId: string;
  referralId: string;
  status: EpisodeStatus;
  closedReason: string | null;
}

/**
 * What handovers need of episodes (services.ts wires the episode service in). Declared here so that the
 * two folders do not import each other.
 */
export interface HandoverEpisodes {
  /** The episode the viewer may see, its read audited (the episode's "Transfer or handover" page). */
  read(db: Queryable, viewer: Viewer, id: string): Promise<HandoverEpisode>;
  /** The episode the viewer may see, or undefined (404); not audited: the handover audits its own change. */
  find(db: Queryable, viewer: Viewer, id: string): Promise<HandoverEpisode | undefined>;
  /** A referral's episode for a handover already authorised, whoever is asking (the receiving team cannot see it). */
  ofReferral(db: Queryable, referralId: string): Promise<HandoverEpisode | undefined>;
  /** Opens the receiving episode as POST /api/v1/episodes does (so Enhanced RECONNECT needs its consultation). */
  open(
    db: Queryable,
    viewer: Viewer,
    body: { referralId: string; consultation?: NonNullable<DecisionBody['consultation']>; leadWorkerId?: string },
  ): Promise<{ declined: true } | { declined: false; episode: { id: string } }>;
  /** Closes the sending episode for the receiving team, who cannot see it (still on its timeline and audited). */
  closeForHandover(
    db: Queryable,
    actor: Viewer,
    episodeId: string,
    reason: HandoverClosureReason,
    summary: string,
    now: Date,
  ): Promise<unknown>;
}

export interface HandoverDeps {
  sites: SiteCatalogue;
  clock: Clock;
  notify: Notify;
  timeline: TimelineWriter;
  episodes: HandoverEpisodes;
  decisions: HandoverDecisionService;
}

/** The facts a handover's abilities are judged on: its two sites and which side the viewer is on (its scope). */
export const handoverFacts = (h: HandoverView): HandoverFacts => ({
  fromSiteCode: h.fromSite,
  toSiteCode: h.toSite,
  sending: h.viewerIs.sending,
  receiving: h.viewerIs.receiving,
});

export function createHandoverService({ sites, clock, notify, timeline, episodes, decisions }: HandoverDeps) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }

  async function visibleOrThrow(db: Queryable, viewer: Viewer, id: string): Promise<repo.VisibleHandover> {
    const row = await repo.findVisibleHandover(db, viewer, id);
    if (!row) throw new NotFound();
    return row;
  }

  async function view(db: Queryable, viewer: Viewer, id: string): Promise<HandoverView> {
    return presentHandover(await visibleOrThrow(db, viewer, id));
  }

  /** One handover the viewer may see; the read is audited (PRODUCT.md: every access is audited). */
  async function read(db: Queryable, viewer: Viewer, id: string): Promise<HandoverView> {
    const row = await visibleOrThrow(db, viewer, id);
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'handover.viewed',
        recordType: 'handover',
        recordId: row.handover.id,
        details: { side: row.sending ? 'sending' : 'receiving' },
      },
      clock(),
    );
    return presentHandover(row);
  }

  async function list(
    db: Queryable,
    viewer: Viewer,
    filter: ListQuery & { episodeId?: string },
  ): Promise<HandoverView[]> {
    const rows = await repo.listVisibleHandovers(db, viewer, filter);
    await recordAudit(
      db,
      { actor: actorOf(viewer), action: 'handover.listed', details: { filter, count: rows.length } },
      clock(),
    );
    return rows.map(presentHandover);
  }

  return {
    read,
    list,
    decide: decisions.decide,

    async request(db: Queryable, viewer: Viewer, episodeId: string, body: RequestHandoverBody): Promise<HandoverView> {
      const episode = await episodes.find(db, viewer, episodeId);
      if (!episode) throw new NotFound();
      authorize(viewer, 'requestHandover', { siteCode: episode.site });
      const to = sites.get(body.toSite);
      if (!to)
        throw new ValidationFailed([{ field: 'toSite', message: 'Choose the receiving site from GET /api/v1/sites' }]);
      const from = siteOf(episode.site);
      const refusal = handoverRefusal(body.kind, from, to);
      if (refusal !== null)
        throw new ValidationFailed([{ field: from.code === to.code ? 'toSite' : 'kind', message: refusal }]);
      await repo.lockEpisode(db, episode.id);
      const now = clock();
      // Read again under the lock: the episode may have closed since it was found.
      if ((await episodes.ofReferral(db, episode.referralId))?.status === 'closed')
        throw new Conflict(
          'This episode of care is closed: reopen it before asking another team to take the person on.',
        );
      const open = await repo.openRequestOf(db, episode.id);
      if (open)
        throw new Conflict(
          `There is already a request waiting for ${siteOf(open.toSiteCode).name} to answer: withdraw it before asking again.`,
        );
      const row = await repo.insertHandover(db, {
        id: randomUUID(),
        episodeId: episode.id,
        kind: body.kind,
        fromSiteCode: from.code,
        toSiteCode: to.code,
        reason: body.reason,
        summary: body.summary,
        consentToShare: true,
        status: 'requested',
        requestedBy: viewer.id,
        requestedAt: now,
        version: 1,
        updatedAt: now,
      });
      await timeline.record(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'handover.requested',
        summary: `Asked ${to.name} to take the person on: ${KIND_TEXT[body.kind].toLowerCase()}. Reason: ${body.reason}`,
      });
      await notify.siteManagers(db, to.code, now, {
        kind: 'handover.requested',
        message: `${from.name} asks your team to take a person on (${KIND_TEXT[body.kind].toLowerCase()}). Accept or decline the request.`,
        link: `/handovers/${row.id}`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'handover.requested',
          recordType: 'handover',
          recordId: row.id,
          details: { episodeId: episode.id, kind: body.kind, from: from.code, to: to.code, consentToShare: true },
        },
        now,
      );
      return view(db, viewer, row.id);
    },

    async withdraw(
      db: Queryable,
      viewer: Viewer,
      id: string,
      note: string | undefined,
      expectedVersion?: number,
    ): Promise<HandoverView> {
      const row = await visibleOrThrow(db, viewer, id);
      const h = row.handover;
      authorize(viewer, 'withdrawHandover', {
        fromSiteCode: h.fromSiteCode,
        toSiteCode: h.toSiteCode,
        sending: row.sending,
        receiving: row.receiving,
      });
      if (expectedVersion !== undefined && h.version !== expectedVersion) throw new StaleVersion();
      if (h.status !== 'requested')
        throw new Conflict(`This request has already been ${h.status}: it can no longer be withdrawn.`);
      const now = clock();
      const updated = await repo.updateHandoverIfVersion(db, h.id, h.version, {
        status: 'withdrawn',
        decidedBy: viewer.id,
        decidedAt: now,
        decisionNote: note ?? null,
        updatedAt: now,
      });
      if (!updated) throw new StaleVersion();
      const to = siteOf(h.toSiteCode);
      await timeline.record(db, {
        at: now,
        personId: row.personId,
        referralId: row.sendingReferralId,
        actorId: viewer.id,
        kind: 'handover.withdrawn',
        summary: `Withdrew the request to ${to.name}.${note ? ` ${note}` : ''}`,
      });
      await notify.siteManagers(db, to.code, now, {
        kind: 'handover.withdrawn',
        message: `${siteOf(h.fromSiteCode).name} withdrew a handover request to your team.`,
        link: `/handovers/${h.id}`,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'handover.withdrawn',
          recordType: 'handover',
          recordId: h.id,
          details: { note: note ?? null },
        },
        now,
      );
      return view(db, viewer, h.id);
    },

    /** The navigation's "Handovers (N waiting)": for the teams' staff only. */
    /** What the navigation's "Handovers (N waiting)" is read from (web/navCounts.ts), for those who see handovers. */
    waitingCountQueries(viewer: Viewer) {
      return can(viewer, 'viewHandovers') ? [repo.countWaitingIncomingSql(viewer)] : undefined;
    },

    /** The handovers page: the viewer's teams' incoming and outgoing requests. */
    async listPage(db: Queryable, viewer: Viewer) {
      authorize(viewer, 'viewHandovers');
      const incoming = await list(db, viewer, { direction: 'incoming' });
      const outgoing = await list(db, viewer, { direction: 'outgoing' });
      return presentHandoverList({ incoming, outgoing, sites });
    },

    /** One request's page: what the viewer's side may do with it, and (for the receiving side) who may lead. */
    async page(db: Queryable, viewer: Viewer, id: string, posted: Posted = {}) {
      const h = await read(db, viewer, id);
      const waiting = h.status === 'requested';
      const abilities = {
        decide: waiting && can(viewer, 'decideHandover', handoverFacts(h)),
        withdraw: waiting && can(viewer, 'withdrawHandover', handoverFacts(h)),
      };
      const staff = abilities.decide ? await repo.siteStaff(db, h.toSite) : [];
      return presentHandoverPage({ handover: h, abilities, staff, viewer, posted, sites });
    },

    /** The episode's "Transfer or handover" part: its requests, where the release plan says they are going. */
    async episodePage(db: Queryable, viewer: Viewer, episodeId: string, posted: Posted = {}) {
      const episode = await episodes.read(db, viewer, episodeId);
      const person = await repo.personOfReferral(db, viewer, episode.referralId);
      const requests = await list(db, viewer, { direction: 'outgoing', episodeId: episode.id });
      const destination = await repo.releaseDestinationOf(db, episode.id);
      return presentEpisodeHandoverPage({
        episode,
        person,
        requests,
        destination,
        mayRequest: can(viewer, 'requestHandover', { siteCode: episode.site }),
        posted,
        sites,
        now: clock(),
      });
    },
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;
