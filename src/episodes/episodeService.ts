// The verbs of an episode of care (PRODUCT.md journey, steps 3-4): open it after screening (and, for
// Enhanced RECONNECT, after the consultation meeting), record contacts, release, recall and closure.
// Each takes the transaction it runs in; the route opens it. The phase is computed by phases.ts from the
// stored events and the site's policy in force, never stored.
//
// Decisions:
// - A consultation that decides `decline` opens nothing: it is recorded on the referral's timeline and
//   in the audit trail, the referrer is told, and the answer is 200 `{"declined":true}` (not an error:
//   the request did what was asked). A later consultation may still accept.
// - RECONNECT sites open straight away; a consultation sent to one is kept with the episode.
// - On opening, the referral's custody details seed the events: a recent leaver's release date becomes
//   the first release (phases.ts: support runs from the day they left custody); otherwise its expected
//   release date is recorded, when it is still ahead.
// - If-Match is optional on release, recall, close, reopen, extension and expected release date, but
//   honoured (412 when stale); contacts do not change the episode's version.
// - A closed episode takes no contacts (409): a manager reopens it first, with a reason.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Core } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { policyInForce, type SiteDefinition } from '../sites/policy.ts';
import { findVisibleReferral } from '../referrals/repository.ts';
import { insertEvent as addTimelineEvent } from '../timeline/repository.ts';
import { notifyUsers } from '../notifications/service.ts';
import { validateEvent, type EpisodeEvent, type EpisodePhase, type EpisodePhaseInput } from './phases.ts';
import * as repo from './episodeRepository.ts';
import { presentEpisode, type EpisodeView } from './presenter.ts';
import { canWorkAt } from './episodeDisplay.ts';
import { visibleOrThrow, workableOrThrow } from './episodeAccess.ts';
import {
  phaseAt,
  phaseInputOf,
  recordEpisodeEvent,
  storedEvents,
  type EventChange,
  type WindowPolicy,
} from './episodeLifecycle.ts';
import { contactSummaryText, presentContact } from './contactText.ts';
import { createClosureService } from './closureService.ts';
import type { Consultation, ContactBody, OpenEpisodeBody, RecallBody, ReleaseBody } from './schema.ts';

export type OpenResult =
  { declined: false; episode: EpisodeView } | { declined: true; referralId: string; consultation: Consultation };

export function createEpisodeService({ sites, clock }: Core) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }

  function policyOf(siteCode: string, now: Date): WindowPolicy {
    const site = siteOf(siteCode);
    const policy = policyInForce(site, now) ?? site.policies[site.policies.length - 1];
    if (!policy) throw new Error(`Site ${siteCode} has no policy`);
    return policy;
  }

  function phaseInput(row: repo.EpisodeRow, events: EpisodeEvent[], now: Date): EpisodePhaseInput {
    return phaseInputOf(row, events, policyOf(row.siteCode, now));
  }

  function phaseOf(row: repo.EpisodeRow, events: EpisodeEvent[], now: Date): EpisodePhase {
    return phaseAt(row, events, policyOf(row.siteCode, now), now);
  }

  /** One dated event by a worker of the site (see episodeLifecycle.ts for the checks). */
  async function recordEvent(
    db: Queryable,
    viewer: Viewer,
    id: string,
    expectedVersion: number | undefined,
    change: EventChange,
  ): Promise<EpisodeView> {
    const row = await workableOrThrow(db, viewer, id);
    const now = clock();
    const { updated, phase } = await recordEpisodeEvent(
      db,
      row,
      { id: viewer.id, audit: actorOf(viewer) },
      policyOf(row.siteCode, now),
      expectedVersion,
      change,
      now,
    );
    return presentEpisode(updated, phase);
  }

  async function recordConsultationDecline(
    db: Queryable,
    viewer: Viewer,
    referral: { id: string; personId: string; reference: string; submittedBy: string },
    consultation: Consultation,
    now: Date,
  ) {
    await addTimelineEvent(db, {
      at: now,
      personId: referral.personId,
      referralId: referral.id,
      actorId: viewer.id,
      kind: 'consultation.decline',
      summary: `Consultation meeting on ${formatIsoDateLong(consultation.date)} decided not to open an episode of care. Rationale: ${consultation.rationale}`,
    });
    await notifyUsers(
      db,
      [referral.submittedBy],
      now,
      'consultation.decline',
      `The consultation meeting about your referral ${referral.reference} decided not to offer Enhanced RECONNECT support. See the rationale on the referral.`,
      `/referrals/${referral.id}`,
    );
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

  /** The referral's custody details as the first events: a recent leaver's release, else the expected release date. */
  function initialEvents(details: unknown, openedOn: string): EpisodeEvent[] {
    const custody = (
      details as {
        custody?: { status?: string; expectedReleaseDate?: string | null; releaseDate?: string | null };
      } | null
    )?.custody;
    if (!custody) return [];
    if (custody.status === 'in_community' && custody.releaseDate)
      return [{ kind: 'released', on: custody.releaseDate }];
    if (custody.expectedReleaseDate && custody.expectedReleaseDate >= openedOn) {
      return [{ kind: 'release_date_set', on: openedOn, expectedReleaseDate: custody.expectedReleaseDate }];
    }
    return [];
  }

  return {
    async open(db: Queryable, viewer: Viewer, body: OpenEpisodeBody): Promise<OpenResult> {
      const referral = await findVisibleReferral(db, viewer, body.referralId);
      if (!referral) throw new NotFound();
      if (!canWorkAt(viewer, referral.siteCode))
        throw new Forbidden('Only the site’s practitioners and managers can open an episode of care');
      if (referral.status !== 'accepted') {
        throw new Conflict(
          `This referral is ${referral.status.replaceAll('_', ' ')}: an episode of care can only be opened once the referral is accepted at screening.`,
        );
      }
      if (await repo.episodeForReferral(db, referral.id))
        throw new Conflict('This referral already has an episode of care: there is one episode per referral.');
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
        throw new ValidationFailed([
          { field: 'leadWorkerId', message: 'Must be a practitioner or manager of the site' },
        ]);
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
      const base = phaseInput(inserted, [], now);
      const events: EpisodeEvent[] = [];
      for (const event of initialEvents(referral.details, today)) {
        if (validateEvent({ ...base, events }, event, today) !== null) continue;
        await repo.addEpisodeEvent(db, inserted.id, event, { source: 'referral' }, viewer.id, now);
        events.push(event);
      }
      if (consultation) {
        await addTimelineEvent(db, {
          at: now,
          personId: referral.personId,
          referralId: referral.id,
          actorId: viewer.id,
          kind: 'consultation.accept',
          summary: `Consultation meeting on ${formatIsoDateLong(consultation.date)} decided to offer support. Rationale: ${consultation.rationale}`,
        });
      }
      const phase = phaseOf(inserted, events, now);
      const release = phase.releasedOn
        ? ` Released on ${formatIsoDateLong(phase.releasedOn)}.`
        : phase.expectedReleaseDate
          ? ` Expected release ${formatIsoDateLong(phase.expectedReleaseDate)}.`
          : ' No expected release date yet.';
      await addTimelineEvent(db, {
        at: now,
        personId: referral.personId,
        referralId: referral.id,
        actorId: viewer.id,
        kind: 'episode.opened',
        summary: `Episode of care opened.${release}`,
      });
      await notifyUsers(
        db,
        [referral.submittedBy],
        now,
        'episode.opened',
        `Support has started for your referral ${referral.reference}.`,
        `/referrals/${referral.id}`,
      );
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.opened',
          recordType: 'episode',
          recordId: inserted.id,
          details: {
            referralId: referral.id,
            site: site.code,
            leadWorkerId,
            consultation: consultation ?? null,
            events,
          },
        },
        now,
      );
      return { declined: false, episode: presentEpisode(inserted, phase) };
    },

    /** One episode the viewer may see; the read is audited (PRODUCT.md: every access is audited). */
    async read(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeView> {
      const row = await visibleOrThrow(db, viewer, id);
      const now = clock();
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.viewed', recordType: 'episode', recordId: row.id },
        now,
      );
      return presentEpisode(row, phaseOf(row, await storedEvents(db, row.id), now));
    },

    /** The status filter is applied after computing each phase: status is never stored. */
    async list(
      db: Queryable,
      viewer: Viewer,
      filter: { site?: string | undefined; status?: string | undefined },
    ): Promise<EpisodeView[]> {
      const rows = await repo.listVisibleEpisodes(db, viewer, filter.site);
      const now = clock();
      const byEpisode = new Map<string, EpisodeEvent[]>();
      for (const e of await repo.eventsOf(
        db,
        rows.map((r) => r.id),
      )) {
        byEpisode.set(e.episodeId, [...(byEpisode.get(e.episodeId) ?? []), repo.toEpisodeEvent(e)]);
      }
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

    async addContact(db: Queryable, viewer: Viewer, id: string, body: ContactBody) {
      const row = await workableOrThrow(db, viewer, id);
      const now = clock();
      const at = new Date(body.at);
      if (at.getTime() > now.getTime())
        throw new ValidationFailed([{ field: 'at', message: 'Must be now or in the past' }]);
      const phase = phaseOf(row, await storedEvents(db, row.id), now);
      if (phase.status === 'closed')
        throw new Conflict(
          'This episode of care is closed: a manager must reopen it before a contact can be recorded.',
        );
      const contact = await repo.addContact(db, {
        id: randomUUID(),
        episodeId: row.id,
        at,
        type: body.type,
        outcome: body.outcome,
        durationMinutes: body.durationMinutes ?? null,
        notes: body.notes ?? null,
        present: body.present ?? [],
        cancelledReason: body.outcome === 'cancelled' ? (body.cancelledReason ?? null) : null,
        recordedBy: viewer.id,
        recordedAt: now,
      });
      await addTimelineEvent(db, {
        at,
        personId: row.personId,
        referralId: row.referralId,
        actorId: viewer.id,
        kind: 'contact.recorded',
        summary: contactSummaryText(contact),
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.contact_recorded',
          recordType: 'episode',
          recordId: row.id,
          details: { contactId: contact.id, type: body.type, outcome: body.outcome },
        },
        now,
      );
      return presentContact(contact);
    },

    release(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ReleaseBody,
      expectedVersion?: number,
    ): Promise<EpisodeView> {
      const where = body.destination ? ` to ${body.destination.localAuthority} (${body.destination.postcode})` : '';
      return recordEvent(db, viewer, id, expectedVersion, {
        event: { kind: 'released', on: body.releasedOn, from: body.releasedFrom },
        field: 'releasedOn',
        details: { destination: body.destination ?? null },
        summary: `Released from ${body.releasedFrom} on ${formatIsoDateLong(body.releasedOn)}${where}.`,
        action: 'episode.released',
      });
    },

    /**
     * A new expected release date, with why (issue "Release planning": "every change kept, with who and
     * why"). Recorded as an event, so the phase, the pre-release window and the worklist move with it.
     * A date before today is 400 on `expectedReleaseDate`: that is a release, to be recorded as one.
     */
    async setExpectedReleaseDate(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: { expectedReleaseDate: string; reason: string },
      expectedVersion?: number,
    ): Promise<EpisodeView> {
      const on = londonDate(clock());
      if (body.expectedReleaseDate < on) {
        throw new ValidationFailed([
          {
            field: 'expectedReleaseDate',
            message: 'Must be today or in the future: if they have been released, record the release',
          },
        ]);
      }
      const before = (await storedEvents(db, id)).filter((e) => e.kind === 'release_date_set').at(-1);
      const was =
        before && before.kind === 'release_date_set' ? ` (was ${formatIsoDateLong(before.expectedReleaseDate)})` : '';
      return recordEvent(db, viewer, id, expectedVersion, {
        event: { kind: 'release_date_set', on, expectedReleaseDate: body.expectedReleaseDate },
        field: 'expectedReleaseDate',
        details: { reason: body.reason },
        summary: `Expected release date set to ${formatIsoDateLong(body.expectedReleaseDate)}${was}. Reason: ${body.reason}`,
        action: 'episode.release_date_changed',
      });
    },

    /** Every expected release date recorded, oldest first, with who recorded it and why (the first may come from the referral). */
    async expectedReleaseDates(db: Queryable, viewer: Viewer, id: string) {
      const row = await visibleOrThrow(db, viewer, id);
      return repo.expectedReleaseDateHistory(db, row.id);
    },

    recall(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: RecallBody,
      expectedVersion?: number,
    ): Promise<EpisodeView> {
      const on = body.on ?? londonDate(clock());
      return recordEvent(db, viewer, id, expectedVersion, {
        event: { kind: 'recalled', on },
        field: 'on',
        details: { reason: body.reason },
        summary: `Recalled to custody on ${formatIsoDateLong(on)}: the support clock is paused. Reason: ${body.reason}`,
        action: 'episode.recalled',
      });
    },

    ...createClosureService({ clock, policyOf, phaseOf }),

    /** API.md: every event about the episode and its person, oldest first (or newest first when asked), from the chronology. */
    async timeline(db: Queryable, viewer: Viewer, id: string, order: 'oldest' | 'newest' = 'oldest') {
      const row = await visibleOrThrow(db, viewer, id);
      const items = await repo.personTimeline(db, viewer, row.personId);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'episode.timeline_viewed', recordType: 'episode', recordId: row.id },
        clock(),
      );
      const shown = items.map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind,
        summary: e.summary,
        referralId: e.referralId,
        by: e.actorName,
      }));
      return order === 'newest' ? shown.reverse() : shown;
    },
  };
}

export type EpisodeService = ReturnType<typeof createEpisodeService>;
