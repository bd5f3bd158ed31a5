// The verbs of an episode of care (PRODUCT.md journey, steps 3-4): open it (openingService.ts), read it
// and its pages, record contacts, release, recall and the expected release date. Closing, reopening,
// extending and the letter are closureService.ts. Each takes the transaction it runs in; the route opens
// it. The phase is computed by phases.ts from the stored events and the site's policy in force, never
// stored. Built in services.ts with what it needs.
//
// Decisions:
// - If-Match is optional on release, recall, close, reopen, extension and expected release date, but
//   honoured (412 when stale); contacts do not change the episode's version.
// - A closed episode takes no contacts (409): a manager reopens it first, with a reason.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { SiteDefinition } from '../sites/policy.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor, authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import type { EpisodeEvent, EpisodePhase } from './phases.ts';
import { contactTimeRefusal, phaseAt, windowPolicy, type EpisodeDates, type WindowPolicy } from './rules.ts';
import * as repo from './repository.ts';
import { releasedTo } from './releaseDestination.ts';
import * as contactRepo from './contactRepository.ts';
import {
  contactSummaryText,
  presentContact,
  presentContactPage,
  presentEpisode,
  presentEpisodePage,
  presentPhaseSummary,
  presentTimeline,
  type EpisodeView,
  type PhaseSummary,
} from './presenter.ts';
import { recordEpisodeEvent, type EventChange } from './eventService.ts';
import { openingVerbs, type OpeningDeps } from './openingService.ts';
import type { ContactBody, RecallBody, ReleaseBody } from './schema.ts';

/**
 * Release readiness of episodes already found visible ("7 of 11 done, 12 days to release"), provided by
 * release planning (releasePlanning/queries.ts readinessFor), which sits above episodes.
 */
export type Readiness = (
  db: Queryable,
  episodeIds: readonly string[],
  now: Date,
) => Promise<ReadonlyMap<string, { text: string; missing?: readonly { label: string; missing: string }[] }>>;

/**
 * 409 from a page's release: the release plan is incomplete and the user has not confirmed (issue 10,
 * "Releasing with the plan at 3 of 11": "Show what is missing and ask for confirmation").
 */
export class ReleaseNeedsConfirmation extends Conflict {
  readonly missing: readonly { label: string; missing: string }[];
  constructor(text: string, missing: readonly { label: string; missing: string }[]) {
    super(`The release plan is not finished (${text}). Check what is missing, then confirm to record the release.`);
    this.missing = missing;
  }
}

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

const EPISODE_ABILITIES = ['workOnEpisode', 'reopenEpisode', 'extendSupport'] as const;

export function createEpisodeService({ clock, sites, notify, timeline, referrals, readiness, network }: EpisodeDeps) {
  function siteOf(code: string): SiteDefinition {
    const site = sites.get(code);
    if (!site) throw new Error(`Unknown site ${code}`);
    return site;
  }
  const policyOf = (siteCode: string, now: Date): WindowPolicy => windowPolicy(siteOf(siteCode), now);
  const phaseOf = (row: repo.EpisodeRow, events: EpisodeEvent[], now: Date): EpisodePhase =>
    phaseAt(row, events, policyOf(row.siteCode, now), now);
  const storedEvents = async (db: Queryable, id: string) => (await repo.eventsOf(db, [id])).map(repo.toEpisodeEvent);

  /** Not visible → 404, never 403, so that existence does not leak. */
  async function visible(db: Queryable, viewer: Viewer, id: string): Promise<repo.EpisodeRow> {
    const row = await repo.findVisibleEpisode(db, viewer, id);
    if (!row) throw new NotFound();
    return row;
  }

  async function audit(db: Queryable, viewer: Viewer, action: string, id: string, now: Date) {
    await recordAudit(db, { actor: actorOf(viewer), action, recordType: 'episode', recordId: id }, now);
  }

  /** One dated event by a worker of the site (eventService.ts has the checks). */
  async function recordEvent(
    db: Queryable,
    viewer: Viewer,
    id: string,
    expectedVersion: number | undefined,
    change: EventChange,
  ): Promise<EpisodeView> {
    return recordEventOn(db, viewer, await workable(db, viewer, id), expectedVersion, change);
  }

  /** An episode the viewer may see (404) and work on (403), checked before anything else of it is read. */
  async function workable(db: Queryable, viewer: Viewer, id: string): Promise<repo.EpisodeRow> {
    const row = await visible(db, viewer, id);
    authorize(viewer, 'workOnEpisode', row);
    return row;
  }

  async function recordEventOn(
    db: Queryable,
    viewer: Viewer,
    row: repo.EpisodeRow,
    expectedVersion: number | undefined,
    change: EventChange,
  ): Promise<EpisodeView> {
    const now = clock();
    const actor = { id: viewer.id, audit: actorOf(viewer) };
    const policy = policyOf(row.siteCode, now);
    const { updated, phase } = await recordEpisodeEvent(db, timeline, row, actor, policy, expectedVersion, change, now);
    return presentEpisode(updated, phase);
  }

  return {
    ...openingVerbs({ clock, sites, notify, timeline, referrals }),

    /** One episode the viewer may see; the read is audited (PRODUCT.md: every access is audited). */
    async read(db: Queryable, viewer: Viewer, id: string): Promise<EpisodeView> {
      const row = await visible(db, viewer, id);
      const now = clock();
      await audit(db, viewer, 'episode.viewed', row.id, now);
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

    /** The episode of a referral, for a handover already authorised on the sending side (no viewer scope). */
    async ofReferral(db: Queryable, referralId: string): Promise<EpisodeView | undefined> {
      const row = await repo.episodeForReferral(db, referralId);
      return row ? presentEpisode(row, phaseOf(row, await storedEvents(db, row.id), clock())) : undefined;
    },

    /**
     * The episode page, read once (repository.ts findEpisodePage: one statement, visibility checked in
     * it), audited as a read of the episode and of its timeline; readiness comes from release planning.
     */
    async page(db: Queryable, viewer: Viewer, id: string, order: 'oldest' | 'newest') {
      const row = await repo.findEpisodePage(db, viewer, id);
      if (!row) throw new NotFound();
      const now = clock();
      await audit(db, viewer, 'episode.viewed', row.episode.id, now);
      await audit(db, viewer, 'episode.timeline_viewed', row.episode.id, now);
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
      return { ...page, currentNetwork, releasedTo: releasedTo(row.events) };
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

    /** Last contact and recent did-not-attends of episodes the caller already found visible (the caseload). */
    contactSummaries: (db: Queryable, episodeIds: readonly string[], now: Date) =>
      contactRepo.contactSummariesFor(db, episodeIds, now),

    async addContact(db: Queryable, viewer: Viewer, id: string, body: ContactBody) {
      const row = await visible(db, viewer, id);
      authorize(viewer, 'workOnEpisode', row);
      const now = clock();
      const at = new Date(body.at);
      const referral = await referrals.findVisible(db, viewer, row.referralId);
      const refusal = contactTimeRefusal(at, referral?.receivedAt ?? new Date(0), now);
      if (refusal) throw new ValidationFailed([{ field: 'at', message: refusal }]);
      if (phaseOf(row, await storedEvents(db, row.id), now).status === 'closed')
        throw new Conflict(
          'This episode of care is closed: a manager must reopen it before a contact can be recorded.',
        );
      const contact = await contactRepo.addContact(db, {
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
      await timeline.record(db, {
        at,
        personId: row.personId,
        referralId: row.referralId,
        actorId: viewer.id,
        kind: 'contact.recorded',
        summary: contactSummaryText(contact),
        contactId: contact.id,
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

    /**
     * A release (also early, from court). With the release plan incomplete it is still recorded (the person is
     * out), and the override is kept on the timeline and in the audit trail with what was missing; a page
     * asks first (`askFirst`), and `confirmIncomplete` says the user saw the list and went on.
     */
    async release(
      db: Queryable,
      viewer: Viewer,
      id: string,
      body: ReleaseBody,
      expectedVersion?: number,
      options: { askFirst?: boolean } = {},
    ) {
      const d = body.destination;
      const place = [d?.localAuthority, d?.postcode].filter(Boolean);
      const where = place.length === 2 ? ` to ${place[0]} (${place[1]})` : place.length ? ` to ${place[0]}` : '';
      const visible = await repo.findVisibleEpisode(db, viewer, id);
      const ready = visible ? (await readiness(db, [visible.id], clock())).get(visible.id) : undefined;
      const missing = ready?.missing ?? [];
      if (ready && missing.length && options.askFirst && body.confirmIncomplete !== true)
        throw new ReleaseNeedsConfirmation(ready.text, missing);
      const incomplete =
        ready && missing.length
          ? ` Recorded with the release plan not finished (${ready.text}); missing: ${missing.map((m) => m.label.toLowerCase()).join(', ')}.`
          : '';
      return recordEvent(db, viewer, id, expectedVersion, {
        event: { kind: 'released', on: body.releasedOn, from: body.releasedFrom },
        field: 'releasedOn',
        details: {
          destination: body.destination ?? null,
          ...(ready && missing.length
            ? {
                releasePlanIncomplete: {
                  readiness: ready.text,
                  missing: missing.map((m) => m.label),
                  confirmed: body.confirmIncomplete === true,
                },
              }
            : {}),
        },
        summary: `Released from ${body.releasedFrom} on ${formatIsoDateLong(body.releasedOn)}${where}.${incomplete}`,
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
      const row = await workable(db, viewer, id);
      const before = (await storedEvents(db, row.id))
        .filter((e): e is Extract<EpisodeEvent, { kind: 'release_date_set' }> => e.kind === 'release_date_set')
        .at(-1);
      const was = before ? ` (was ${formatIsoDateLong(before.expectedReleaseDate)})` : '';
      return recordEventOn(db, viewer, row, expectedVersion, {
        event: { kind: 'release_date_set', on, expectedReleaseDate: body.expectedReleaseDate },
        field: 'expectedReleaseDate',
        details: { reason: body.reason },
        summary: `Expected release date set to ${formatIsoDateLong(body.expectedReleaseDate)}${was}. Reason: ${body.reason}`,
        action: 'episode.release_date_changed',
      });
    },

    recall(db: Queryable, viewer: Viewer, id: string, body: RecallBody, expectedVersion?: number) {
      const on = body.on ?? londonDate(clock());
      return recordEvent(db, viewer, id, expectedVersion, {
        event: { kind: 'recalled', on },
        field: 'on',
        details: { reason: body.reason },
        summary: `Recalled to custody on ${formatIsoDateLong(on)}: the support clock is paused. Reason: ${body.reason}`,
        action: 'episode.recalled',
      });
    },

    /**
     * A contact's own page (issue 10: "Contact notes are stored but never shown"): 404 unless the viewer
     * may see the episode and the contact is one of its own; for the care team; audited as a read.
     */
    async contactPage(db: Queryable, viewer: Viewer, id: string, contactId: string) {
      const row = await repo.findVisibleEpisode(db, viewer, id);
      const contact = row ? await contactRepo.contactOf(db, row.id, contactId) : undefined;
      if (!row || !contact) throw new NotFound();
      authorize(viewer, 'readContactNotes', row);
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.contact_viewed',
          recordType: 'episode',
          recordId: row.id,
          details: { contactId: contact.id },
        },
        clock(),
      );
      const named = (await repo.referralNames(db, viewer, [row.referralId])).get(row.referralId);
      if (!named) throw new NotFound();
      return presentContactPage(contact, { id: row.id, personName: named.name, reference: named.reference });
    },

    /**
     * The episode's contacts, oldest first, as the API shows one (no notes: those are for the care team's
     * contact page), for the FHIR facade's Encounters; 404 unless the viewer may see the episode; audited.
     */
    async contacts(db: Queryable, viewer: Viewer, id: string) {
      const row = await visible(db, viewer, id);
      await audit(db, viewer, 'episode.contacts_viewed', row.id, clock());
      const all = await contactRepo.contactsOf(db, row.id);
      return {
        episode: presentEpisode(row, phaseOf(row, await storedEvents(db, row.id), clock())),
        contacts: all.map((c) => ({ ...presentContact(c), notes: null })),
      };
    },

    /** One contact by its id alone (FHIR `Encounter/{id}`): 404 unless the viewer may see its episode; audited. */
    async contact(db: Queryable, viewer: Viewer, contactId: string) {
      const episodeId = await contactRepo.episodeOfContact(db, contactId);
      const row = episodeId ? await repo.findVisibleEpisode(db, viewer, episodeId) : undefined;
      const found = row ? await contactRepo.contactOf(db, row.id, contactId) : undefined;
      if (!row || !found) throw new NotFound();
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'episode.contact_viewed',
          recordType: 'episode',
          recordId: row.id,
          details: { contactId: found.id },
        },
        clock(),
      );
      return {
        episode: presentEpisode(row, phaseOf(row, await storedEvents(db, row.id), clock())),
        contact: { ...presentContact(found), notes: null },
      };
    },

    /** API.md: every event about the episode and its person, oldest first (or newest first when asked), from the chronology. */
    async timeline(db: Queryable, viewer: Viewer, id: string, order: 'oldest' | 'newest' = 'oldest') {
      const row = await visible(db, viewer, id);
      const items = await repo.personTimeline(db, viewer, row.personId);
      await audit(db, viewer, 'episode.timeline_viewed', row.id, clock());
      return presentTimeline(items, order);
    },
  };
}

/** The events of many episodes in one read, each episode's oldest first. */
async function eventsByEpisode(db: Queryable, ids: readonly string[]): Promise<Map<string, EpisodeEvent[]>> {
  const byEpisode = new Map<string, EpisodeEvent[]>();
  for (const e of await repo.eventsOf(db, ids)) {
    const list = byEpisode.get(e.episodeId) ?? [];
    list.push(repo.toEpisodeEvent(e));
    byEpisode.set(e.episodeId, list);
  }
  return byEpisode;
}

export type EpisodeService = ReturnType<typeof createEpisodeService>;
