// Consent to share and the information-sharing log (issue 11): the person's consent to share with each
// agency, shown before anything is shared; a log of what was shared with or received from whom, when and on
// what lawful basis. Sharing on the basis of consent without that agency's consent in force is refused (409)
// and nothing is stored; any other basis needs a justification (400 without, schema.ts).
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Conflict, NotFound, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { londonInstant } from '../web/formFields.ts';
import * as sharing from './sharingRepository.ts';
import { networkPartnerIds } from './networkRepository.ts';
import { currentConsents, partnerOptions, presentConsent, presentSharing } from './presenter.ts';
import {
  CONSENT_STATUS_TEXT,
  DIRECTION_TEXT,
  LAWFUL_BASIS_TEXT,
  consentCheck,
  consentInForce,
  statusOfAnswer,
} from './sharingRules.ts';
import type { ConsentBody, SharingBody } from './schema.ts';
import type { PartnerService, VisibleEpisode } from './service.ts';

export interface SharingDeps {
  clock: Clock;
  timeline: TimelineWriter;
  partners: Pick<PartnerService, 'readableEpisode' | 'workableEpisode' | 'byIds' | 'all'>;
}

/** Where a dated event sits on the timeline: midday that day in England, or now if that is still ahead. */
function placeOn(iso: string, now: Date): Date {
  const noon = new Date(londonInstant(iso, '12:00'));
  return noon.getTime() > now.getTime() ? now : noon;
}

export function createSharingService({ clock, timeline, partners }: SharingDeps) {
  const notAhead = (field: string, iso: string, today: string) => {
    if (iso > today) throw new ValidationFailed([{ field, message: 'Must be today or in the past' }]);
  };

  async function audit(db: Queryable, viewer: Viewer, action: string, episode: VisibleEpisode, details?: object) {
    await recordAudit(
      db,
      {
        actor: actorOf(viewer),
        action,
        recordType: 'episode',
        recordId: episode.id,
        ...(details ? { details: { ...details } } : {}),
      },
      clock(),
    );
  }

  async function logOf(db: Queryable, episode: VisibleEpisode) {
    const [entries, consents] = [await sharing.sharingOf(db, episode.id), await sharing.consentsOf(db, episode.id)];
    const byId = new Map(consents.map((c) => [c.id, c]));
    return {
      items: entries.map((e) => presentSharing(e, e.consentId ? byId.get(e.consentId) : undefined)),
      consents,
    };
  }

  return {
    /** API.md `PUT /api/v1/episodes/{id}/consents/{partnerId}`: a new decision, kept beside the earlier ones. */
    async setConsent(db: Queryable, viewer: Viewer, episodeId: string, partnerId: string, body: ConsentBody) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      const [partner] = await partners.byIds(db, [partnerId]);
      if (!partner) throw new NotFound();
      const now = clock();
      notAhead('recordedOn', body.recordedOn, londonDate(now));
      const history = await sharing.consentsOf(db, episode.id);
      const status = statusOfAnswer(body.given, consentInForce(history, partner.id, body.recordedOn));
      const row = await sharing.insertConsent(db, {
        id: randomUUID(),
        episodeId: episode.id,
        partnerId: partner.id,
        status,
        recordedOn: body.recordedOn,
        scope: body.scope ?? null,
        recordedBy: viewer.id,
        recordedAt: now,
      });
      await timeline.record(db, {
        at: placeOn(body.recordedOn, now),
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: `consent.${status}`,
        summary: `${CONSENT_STATUS_TEXT[status]} to share with ${partner.name} on ${formatIsoDateLong(body.recordedOn)}${body.scope ? `: ${body.scope}` : '.'}`,
      });
      await audit(db, viewer, 'sharing.consent_recorded', episode, { partnerId: partner.id, status });
      return presentConsent({ ...row, status, partnerName: partner.name, recordedByName: viewer.name });
    },

    /** Consent in force today with each agency, and every decision ever recorded (oldest first). */
    async consents(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const history = await sharing.consentsOf(db, episode.id);
      await audit(db, viewer, 'sharing.consents_viewed', episode);
      return { items: currentConsents(history, londonDate(clock())), history: history.map(presentConsent) };
    },

    /** API.md `POST /api/v1/episodes/{id}/sharing`. */
    async share(db: Queryable, viewer: Viewer, episodeId: string, body: SharingBody) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      const [partner] = await partners.byIds(db, [body.partnerId]);
      if (!partner)
        throw new ValidationFailed([
          { field: 'partnerId', message: 'Must be an organisation in the partner directory' },
        ]);
      const now = clock();
      notAhead('sharedOn', body.sharedOn, londonDate(now));
      const consents = await sharing.consentsOf(db, episode.id);
      let consentId: string | null = null;
      if (body.lawfulBasis === 'consent' && body.direction !== 'declined') {
        const check = consentCheck(consents, partner, body.sharedOn, formatIsoDateLong);
        if (!check.allowed) throw new Conflict(check.reason);
        consentId = check.consent.id;
      }
      const row = await sharing.insertSharing(db, {
        id: randomUUID(),
        episodeId: episode.id,
        partnerId: partner.id,
        direction: body.direction,
        sharedOn: body.sharedOn,
        what: body.what,
        lawfulBasis: body.lawfulBasis ?? null,
        justification: body.justification ?? null,
        consentId,
        recordedBy: viewer.id,
        recordedAt: now,
      });
      const basis = body.lawfulBasis ? ` Basis: ${LAWFUL_BASIS_TEXT[body.lawfulBasis]}.` : '';
      await timeline.record(db, {
        at: placeOn(body.sharedOn, now),
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: `sharing.${body.direction}`,
        summary: `${DIRECTION_TEXT[body.direction]} ${partner.name} on ${formatIsoDateLong(body.sharedOn)}: ${body.what}.${basis}`,
      });
      await audit(db, viewer, `sharing.${body.direction}`, episode, {
        sharingId: row.id,
        partnerId: partner.id,
        lawfulBasis: body.lawfulBasis ?? null,
      });
      const consent = consentId ? consents.find((c) => c.id === consentId) : undefined;
      return presentSharing({ ...row, partnerName: partner.name, recordedByName: viewer.name }, consent);
    },

    /** The log, newest first: what a subject access request or an information governance review reads. */
    async log(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const { items } = await logOf(db, episode);
      await audit(db, viewer, 'sharing.log_viewed', episode);
      return items;
    },

    /** The sharing page of an episode: consent with each agency first, then the log. */
    async sharingPage(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const { items, consents } = await logOf(db, episode);
      await audit(db, viewer, 'sharing.log_viewed', episode);
      return {
        episode,
        log: items,
        consents: currentConsents(consents, londonDate(clock())),
        abilities: abilitiesFor(viewer, ['recordMultiAgencyWork'] as const, episode),
      };
    },

    /** The consent and sharing forms: the episode, the directory (network first) and the consent in force today. */
    async formContext(db: Queryable, viewer: Viewer, episodeId: string, selectedPartnerId?: string) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      const inNetwork = await networkPartnerIds(db, episode.id);
      const consents = currentConsents(await sharing.consentsOf(db, episode.id), londonDate(clock()));
      return {
        episode,
        consents,
        partnerOptions: partnerOptions(await partners.all(db), inNetwork, selectedPartnerId),
      };
    },
  };
}

export type SharingService = ReturnType<typeof createSharingService>;
