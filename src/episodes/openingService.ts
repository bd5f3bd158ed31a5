// Opening an episode of care (PRODUCT.md journey, step 3): after screening accepts the referral, and for
// Enhanced RECONNECT after the consultation meeting, which may decide not to. Part of the episode service
// (service.ts spreads these verbs into it), with the dependencies services.ts hands that service.
//
// Decisions:
// - A consultation that decides `decline` opens nothing: it is recorded on the referral's timeline and
//   in the audit trail, the referrer is told, and the answer is 200 `{"declined":true}` (not an error:
//   the request did what was asked). A later consultation may still accept.
// - RECONNECT sites open straight away; a consultation sent to one is kept with the episode.
// - On opening, the referral's custody details seed the events (rules.ts initialEvents).
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { SiteCatalogue } from '../sites/siteCatalogue.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import type { Notify } from '../notifications/service.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import type { ReferralService } from '../referrals/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { validateEvent, type EpisodeEvent } from './phases.ts';
import { initialEvents, openingRefusal, phaseAt, phaseInputOf, windowPolicy } from './rules.ts';
import * as repo from './repository.ts';
import { presentEpisode, presentNewEpisodePage, type EpisodeView } from './presenter.ts';
import type { Consultation, OpenEpisodeBody } from './schema.ts';

/** The referral an episode opens from, as the referrals' scoped read gives it. */
export interface OpeningReferral {
  id: string;
  personId: string;
  siteCode: string;
  status: string;
  reference: string;
  submittedBy: string;
  details: unknown;
  receivedAt: Date;
}

/** What episodes need of referrals (referrals/repository.ts findVisibleReferral, and its service's read). */
export interface ReferralReads extends Pick<ReferralService, 'read'> {
  /** A referral the viewer may see (need-to-know applied in its query), else undefined; not audited. */
  findVisible(db: Queryable, viewer: Viewer, id: string): Promise<OpeningReferral | undefined>;
}

export type OpenResult =
  { declined: false; episode: EpisodeView } | { declined: true; referralId: string; consultation: Consultation };

export interface OpeningDeps {
  clock: Clock;
  sites: SiteCatalogue;
  notify: Notify;
  timeline: TimelineWriter;
  referrals: ReferralReads;
}

export function openingVerbs({ clock, sites, notify, timeline, referrals }: OpeningDeps) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }

  async function recordConsultationDecline(
    db: Queryable,
    viewer: Viewer,
    referral: OpeningReferral,
    consultation: Consultation,
    now: Date,
  ) {
    await timeline.record(db, {
      at: now,
      personId: referral.personId,
      referralId: referral.id,
      actorId: viewer.id,
      kind: 'consultation.decline',
      summary: `Consultation meeting on ${formatIsoDateLong(consultation.date)} decided not to open an episode of care. Rationale: ${consultation.rationale}`,
    });
    await notify.users(db, [referral.submittedBy], now, {
      kind: 'consultation.decline',
      message: `The consultation meeting about your referral ${referral.reference} decided not to offer Enhanced RECONNECT support. See the rationale on the referral.`,
      link: `/referrals/${referral.id}`,
    });
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'episode.consultation_declined',
        recordType: 'referral',
        recordId: referral.id,
        details: { consultation },
      },
      now,
    );
  }

  /** The opening checks (404 hidden, 403 not of the site, 409 not accepted or already open), then the episode. */
  async function open(db: Queryable, viewer: Viewer, body: OpenEpisodeBody): Promise<OpenResult> {
    const referral = await referrals.findVisible(db, viewer, body.referralId);
    if (!referral) throw new NotFound();
    authorize(viewer, 'openEpisode', referral);
    if (referral.status !== 'accepted') {
      throw new Conflict(
        `This referral is ${referral.status.replaceAll('_', ' ')}: an episode of care can only be opened once the referral is accepted at screening.`,
      );
    }
    if (await repo.episodeForReferral(db, referral.id))
      throw new Conflict('This referral already has an episode of care: there is one episode per referral.');
    const refusal = openingRefusal(referral);
    if (refusal) throw new Conflict(refusal);
    const site = siteOf(referral.siteCode);
    const now = clock();
    const today = londonDate(now);
    const { consultation } = body;
    if (site.model === 'ENHANCED_RECONNECT' && !consultation) {
      throw new ValidationFailed([
        {
          field: 'consultation',
          message:
            'Enhanced RECONNECT opens an episode only after a consultation meeting: record its date, attendees, decision and rationale',
        },
      ]);
    }
    if (consultation && consultation.date > today)
      throw new ValidationFailed([{ field: 'consultation.date', message: 'Must be today or in the past' }]);
    if (consultation?.decision === 'decline') {
      await recordConsultationDecline(db, viewer, referral, consultation, now);
      return { declined: true, referralId: referral.id, consultation };
    }
    const leadWorkerId = body.leadWorkerId ?? viewer.id;
    if (body.leadWorkerId && !(await repo.isStaffOfSite(db, body.leadWorkerId, site.code))) {
      throw new ValidationFailed([{ field: 'leadWorkerId', message: 'Must be a practitioner or manager of the site' }]);
    }
    const inserted = await repo.insertEpisode(db, {
      id: randomUUID(),
      referralId: referral.id,
      personId: referral.personId,
      siteCode: site.code,
      leadWorkerId,
      openedOn: today,
      openedBy: viewer.id,
      consultation: consultation ?? null,
      version: 1,
      updatedAt: now,
    });
    if (!inserted)
      throw new Conflict('This referral already has an episode of care: there is one episode per referral.');
    const policy = windowPolicy(site, now);
    const base = phaseInputOf(inserted, [], policy);
    const events: EpisodeEvent[] = [];
    for (const event of initialEvents(referral.details, today)) {
      if (validateEvent({ ...base, events }, event, today) !== null) continue;
      await repo.addEpisodeEvent(db, inserted.id, event, { source: 'referral' }, viewer.id, now);
      events.push(event);
    }
    const onTimeline = { at: now, personId: referral.personId, referralId: referral.id, actorId: viewer.id };
    if (consultation) {
      await timeline.record(db, {
        ...onTimeline,
        kind: 'consultation.accept',
        summary: `Consultation meeting on ${formatIsoDateLong(consultation.date)} decided to offer support. Rationale: ${consultation.rationale}`,
      });
    }
    const phase = phaseAt(inserted, events, policy, now);
    const release = phase.releasedOn
      ? ` Released on ${formatIsoDateLong(phase.releasedOn)}.`
      : phase.expectedReleaseDate
        ? ` Expected release ${formatIsoDateLong(phase.expectedReleaseDate)}.`
        : ' No expected release date yet.';
    await timeline.record(db, { ...onTimeline, kind: 'episode.opened', summary: `Episode of care opened.${release}` });
    await notify.users(db, [referral.submittedBy], now, {
      kind: 'episode.opened',
      message: `Support has started for your referral ${referral.reference}.`,
      link: `/referrals/${referral.id}`,
    });
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'episode.opened',
        recordType: 'episode',
        recordId: inserted.id,
        details: { referralId: referral.id, site: site.code, leadWorkerId, consultation: consultation ?? null, events },
      },
      now,
    );
    return { declined: false, episode: presentEpisode(inserted, phase) };
  }

  return {
    open,

    /**
     * Opening an episode from a referral: the referral as its page shows it (audited there), 403 for anyone
     * but the site's workers, the episode it already has, and who may lead it (RECONNECT).
     */
    async newEpisodePage(db: Queryable, viewer: Viewer, referralId: string) {
      const referral = await referrals.read(db, viewer, referralId);
      authorize(viewer, 'openEpisode', { siteCode: referral.site });
      const existing = await repo.episodeForReferral(db, referral.id);
      const enhanced = sites.get(referral.site)?.model === 'ENHANCED_RECONNECT';
      const staff = enhanced ? [] : await repo.staffOf(db, referral.site);
      return presentNewEpisodePage({ referral, enhanced, existingEpisodeId: existing?.id, staff, viewerId: viewer.id });
    },
  };
}
