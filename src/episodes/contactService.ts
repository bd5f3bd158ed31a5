// The contacts of an episode of care (PRODUCT.md journey, step 4): recording one, a contact's own page, and
// the contacts as the FHIR facade reads them. Part of the episode service (service.ts spreads these verbs into
// it), with the dependencies services.ts hands that service.
//
// Decisions:
// - Contacts do not change the episode's version.
// - A closed episode takes no contacts (409): a manager reopens it first, with a reason.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { contactTimeRefusal } from './rules.ts';
import * as repo from './repository.ts';
import * as contactRepo from './contactRepository.ts';
import { contactSummaryText, presentContact, presentContactPage, presentEpisode } from './presenter.ts';
import type { EpisodeEvents } from './eventService.ts';
import type { ReferralReads } from './openingService.ts';
import type { ContactBody } from './schema.ts';

export interface ContactDeps {
  clock: Clock;
  timeline: TimelineWriter;
  referrals: ReferralReads;
}

export function contactVerbs(
  { clock, timeline, referrals }: ContactDeps,
  { visible, auditEpisode, phaseOf, storedEvents }: EpisodeEvents,
) {
  /** A contact read through its episode (its page, or the FHIR facade's Encounter). */
  async function auditContactViewed(db: Queryable, viewer: Viewer, episodeId: string, contactId: string) {
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action: 'episode.contact_viewed',
        recordType: 'episode',
        recordId: episodeId,
        details: { contactId },
      },
      clock(),
    );
  }

  return {
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
     * A contact's own page (issue 10: "Contact notes are stored but never shown"): 404 unless the viewer
     * may see the episode and the contact is one of its own; for the care team; audited as a read.
     */
    async contactPage(db: Queryable, viewer: Viewer, id: string, contactId: string) {
      const row = await repo.findVisibleEpisode(db, viewer, id);
      const contact = row ? await contactRepo.contactOf(db, row.id, contactId) : undefined;
      if (!row || !contact) throw new NotFound();
      authorize(viewer, 'readContactNotes', row);
      await auditContactViewed(db, viewer, row.id, contact.id);
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
      await auditEpisode(db, viewer, 'episode.contacts_viewed', row.id, clock());
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
      await auditContactViewed(db, viewer, row.id, found.id);
      return {
        episode: presentEpisode(row, phaseOf(row, await storedEvents(db, row.id), clock())),
        contact: { ...presentContact(found), notes: null },
      };
    },
  };
}
