// The network of an episode (issue 11: "the named professionals around the person ... each with their
// organisation, role and a period; current ones first; shown on the episode and on the release plan where
// they matter (who to tell about a release)") and partner notes ("what another agency told the team, entered
// with its source"), placed in the record where they happened, however late they arrive.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import type { TimelineWriter } from '../timeline/service.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound, StaleVersion, ValidationFailed } from '../http/errors.ts';
import { formatIsoDateLong, londonDate } from '../identifiers/dates.ts';
import { londonInstant } from '../web/formFields.ts';
import * as network from './networkRepository.ts';
import { consentsOf } from './sharingRepository.ts';
import { currentConsents, partnerOptions, presentMember, presentNetwork, presentNote } from './presenter.ts';
import { NETWORK_ROLE_TEXT } from './rules.ts';
import type { NetworkMemberBody, PartnerNoteBody } from './schema.ts';
import type { PartnerService, VisibleEpisode } from './service.ts';

export interface NetworkDeps {
  clock: Clock;
  timeline: TimelineWriter;
  partners: Pick<PartnerService, 'readableEpisode' | 'workableEpisode' | 'byIds' | 'all'>;
}

const NOT_IN_DIRECTORY = 'Must be an organisation in the partner directory';

export function createNetworkService({ clock, timeline, partners }: NetworkDeps) {
  async function partnerOrThrow(db: Queryable, partnerId: string) {
    const [partner] = await partners.byIds(db, [partnerId]);
    if (!partner) throw new ValidationFailed([{ field: 'partnerId', message: NOT_IN_DIRECTORY }]);
    return partner;
  }

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

  return {
    async addMember(db: Queryable, viewer: Viewer, episodeId: string, body: NetworkMemberBody) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      const partner = await partnerOrThrow(db, body.partnerId);
      const now = clock();
      const row = await network.insertMember(db, {
        id: randomUUID(),
        episodeId: episode.id,
        partnerId: partner.id,
        name: body.name,
        role: body.role,
        email: body.email ?? null,
        phone: body.phone ?? null,
        fromOn: body.from,
        toOn: body.to ?? null,
        recordedBy: viewer.id,
        recordedAt: now,
        version: 1,
        updatedAt: now,
      });
      await timeline.record(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'network.member_added',
        summary: `${body.name}, ${NETWORK_ROLE_TEXT[body.role]} at ${partner.name}, joined the network from ${formatIsoDateLong(body.from)}.`,
      });
      await audit(db, viewer, 'network.member_added', episode, { memberId: row.id, partnerId: partner.id });
      return presentMember({ ...row, partnerName: partner.name, partnerKind: partner.kind }, londonDate(now));
    },

    /** API.md `GET /api/v1/episodes/{id}/network`: current first. */
    async network(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const items = presentNetwork(await network.membersOf(db, episode.id), londonDate(clock()));
      await audit(db, viewer, 'network.viewed', episode);
      return items;
    },

    /** Ends a professional's period in the network (the last day they were part of it). */
    async endMember(
      db: Queryable,
      viewer: Viewer,
      episodeId: string,
      memberId: string,
      to: string,
      expectedVersion: number,
    ) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      const member = await network.findMember(db, episode.id, memberId);
      if (!member) throw new NotFound();
      if (member.version !== expectedVersion) throw new StaleVersion();
      if (to < member.fromOn)
        throw new ValidationFailed([
          { field: 'to', message: `Must be on or after the start, ${formatIsoDateLong(member.fromOn)}` },
        ]);
      const now = clock();
      const row = await network.updateMember(db, member.id, expectedVersion, { toOn: to, updatedAt: now });
      if (!row) throw new StaleVersion();
      const [partner] = await partners.byIds(db, [row.partnerId]);
      await timeline.record(db, {
        at: now,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'network.member_ended',
        summary: `${row.name} left the network on ${formatIsoDateLong(to)}.`,
      });
      await audit(db, viewer, 'network.member_ended', episode, { memberId: row.id, to });
      return presentMember(
        { ...row, partnerName: partner?.name ?? '', partnerKind: partner?.kind ?? '' },
        londonDate(now),
      );
    },

    /**
     * The professionals around the person today, for the episode page and the release plan (the lead includes
     * partners/views/_currentNetwork.njk with it): `items` current first, and `tellAboutRelease`, those who
     * must hear of a release (seed 002). Visibility is checked by the caller's page and again in the query.
     */
    async currentNetwork(db: Queryable, viewer: Viewer, episodeId: string) {
      const today = londonDate(clock());
      const items = presentNetwork(await network.currentNetworks(db, viewer, [episodeId], today), today);
      return { episodeId, items, tellAboutRelease: items.filter((m) => m.tellAboutRelease) };
    },

    async addNote(db: Queryable, viewer: Viewer, episodeId: string, body: PartnerNoteBody) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      const partner = await partnerOrThrow(db, body.partnerId);
      const now = clock();
      // A date alone is placed at midday in England: where the day's events sort, with no time invented.
      const occurredAt = new Date(
        body.occurredAt.length === 10 ? londonInstant(body.occurredAt, '12:00') : body.occurredAt,
      );
      if (occurredAt.getTime() > now.getTime() && body.occurredAt !== londonDate(now))
        throw new ValidationFailed([{ field: 'occurredAt', message: 'Must be now or in the past' }]);
      const at = occurredAt.getTime() > now.getTime() ? now : occurredAt;
      const row = await network.insertNote(db, {
        id: randomUUID(),
        episodeId: episode.id,
        partnerId: partner.id,
        occurredAt: at,
        author: body.author ?? null,
        text: body.text,
        recordedBy: viewer.id,
        recordedAt: now,
      });
      await timeline.record(db, {
        at,
        personId: episode.personId,
        referralId: episode.referralId,
        actorId: viewer.id,
        kind: 'partner_note.recorded',
        summary: `${partner.name}${body.author ? ` (${body.author})` : ''} told the team: ${body.text.length > 200 ? `${body.text.slice(0, 197)}…` : body.text}`,
      });
      await audit(db, viewer, 'partner_note.recorded', episode, { noteId: row.id, partnerId: partner.id });
      return presentNote({ ...row, partnerName: partner.name, recordedByName: viewer.name });
    },

    async notes(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const items = (await network.notesOf(db, episode.id)).map(presentNote);
      await audit(db, viewer, 'partner_notes.viewed', episode);
      return items;
    },

    /** The episode's "Partners" page: the network, consent to share with each agency, and partner notes. */
    async partnersPage(db: Queryable, viewer: Viewer, episodeId: string) {
      const episode = await partners.readableEpisode(db, viewer, episodeId);
      const today = londonDate(clock());
      const [members, consents, notes] = [
        await network.membersOf(db, episode.id),
        await consentsOf(db, episode.id),
        await network.notesOf(db, episode.id),
      ];
      await audit(db, viewer, 'network.viewed', episode);
      return {
        episode,
        network: presentNetwork(members, today),
        consents: currentConsents(consents, today),
        notes: notes.map(presentNote),
        abilities: abilitiesFor(viewer, ['recordMultiAgencyWork'] as const, episode),
      };
    },

    /** What a form on the episode needs: its header, and the directory with the network's organisations first. */
    async formContext(db: Queryable, viewer: Viewer, episodeId: string, selectedPartnerId?: string) {
      const episode = await partners.workableEpisode(db, viewer, episodeId);
      const inNetwork = await network.networkPartnerIds(db, episode.id);
      return { episode, partnerOptions: partnerOptions(await partners.all(db), inNetwork, selectedPartnerId) };
    },
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
