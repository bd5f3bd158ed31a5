// The partner directory (issue 11: "A partner directory per deployment ... searchable; managers and admins
// keep it (duplicates warned, never merged silently)"), and the gate every multi-agency record of an episode
// passes: visible (404 otherwise), for the care team (403), and changed only by the site's staff (403).
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { abilitiesFor, authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound, StaleVersion } from '../http/errors.ts';
import * as repo from './repository.ts';
import { presentDuplicate, presentPartner, type PartnerView } from './presenter.ts';
import { PARTNER_KINDS, PARTNER_KIND_TEXT, isPossibleDuplicate } from './rules.ts';
import type { PartnerBody, PartnerQuery } from './schema.ts';

export type { VisibleEpisode } from './repository.ts';

export type CreateResult =
  | { created: PartnerView; possibleDuplicates: ReturnType<typeof presentDuplicate>[] }
  | { created: null; possibleDuplicates: ReturnType<typeof presentDuplicate>[] };

export function createPartnerService({ clock }: { clock: Clock }) {
  async function duplicatesOf(db: Queryable, body: PartnerBody, exceptId?: string) {
    const candidates = await repo.partnersOfKind(db, body.kind);
    return candidates.filter((p) => p.id !== exceptId && isPossibleDuplicate(body, p)).map(presentDuplicate);
  }

  async function read(db: Queryable, viewer: Viewer, id: string): Promise<PartnerView> {
    authorize(viewer, 'readPartnerDirectory');
    const row = await repo.findPartner(db, id);
    if (!row) throw new NotFound();
    return presentPartner(row);
  }

  return {
    /** A multi-agency record's episode: visible to the viewer (else 404) and the care team's (else 403). */
    async readableEpisode(db: Queryable, viewer: Viewer, episodeId: string): Promise<repo.VisibleEpisode> {
      const episode = await repo.visibleEpisode(db, viewer, episodeId);
      if (!episode) throw new NotFound();
      authorize(viewer, 'readMultiAgencyRecord');
      return episode;
    },

    /** As `readableEpisode`, and the viewer may record multi-agency work on it (the site's staff). */
    async workableEpisode(db: Queryable, viewer: Viewer, episodeId: string): Promise<repo.VisibleEpisode> {
      const episode = await repo.visibleEpisode(db, viewer, episodeId);
      if (!episode) throw new NotFound();
      authorize(viewer, 'readMultiAgencyRecord');
      authorize(viewer, 'recordMultiAgencyWork', episode);
      return episode;
    },

    /**
     * Adds an organisation. With `allowDuplicates` false (the page's first submission) and a possible
     * duplicate found, nothing is stored and the duplicates come back to be shown; the API always stores
     * and warns in the response.
     */
    async create(
      db: Queryable,
      viewer: Viewer,
      body: PartnerBody,
      options: { allowDuplicates: boolean },
    ): Promise<CreateResult> {
      authorize(viewer, 'keepPartnerDirectory');
      const possibleDuplicates = await duplicatesOf(db, body);
      if (possibleDuplicates.length && !options.allowDuplicates) return { created: null, possibleDuplicates };
      const now = clock();
      const row = await repo.insertPartner(db, {
        id: randomUUID(),
        ...fields(body),
        createdBy: viewer.id,
        createdAt: now,
        version: 1,
        updatedAt: now,
      });
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'partner.created',
          recordType: 'partner',
          recordId: row.id,
          details: { ...fields(body), possibleDuplicates: possibleDuplicates.map((d) => d.id) },
        },
        now,
      );
      return { created: presentPartner(row), possibleDuplicates };
    },

    async update(db: Queryable, viewer: Viewer, id: string, body: PartnerBody, expectedVersion: number) {
      authorize(viewer, 'readPartnerDirectory');
      const before = await repo.findPartner(db, id);
      if (!before) throw new NotFound();
      authorize(viewer, 'keepPartnerDirectory');
      if (before.version !== expectedVersion) throw new StaleVersion();
      const now = clock();
      const row = await repo.updatePartner(db, id, expectedVersion, { ...fields(body), updatedAt: now });
      if (!row) throw new StaleVersion();
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'partner.updated',
          recordType: 'partner',
          recordId: id,
          details: { before: fields(before), after: fields(body), version: row.version },
        },
        now,
      );
      return { partner: presentPartner(row), possibleDuplicates: await duplicatesOf(db, body, id) };
    },

    read,

    async list(db: Queryable, viewer: Viewer, query: PartnerQuery): Promise<PartnerView[]> {
      authorize(viewer, 'readPartnerDirectory');
      return (await repo.searchPartners(db, query)).map(presentPartner);
    },

    /** The directory page: the search, its results, and whether the viewer may add to it. */
    async directoryPage(db: Queryable, viewer: Viewer, query: PartnerQuery) {
      authorize(viewer, 'readPartnerDirectory');
      const items = (await repo.searchPartners(db, query)).map(presentPartner);
      return {
        items,
        query,
        kindOptions: [
          { value: '', text: 'Any kind', selected: !query.kind },
          ...PARTNER_KINDS.map((k) => ({ value: k, text: PARTNER_KIND_TEXT[k], selected: query.kind === k })),
        ],
        abilities: abilitiesFor(viewer, ['keepPartnerDirectory'] as const),
      };
    },

    /** The partner's page, and its edit form's values. */
    async partnerPage(db: Queryable, viewer: Viewer, id: string) {
      const partner = await read(db, viewer, id);
      return { partner, abilities: abilitiesFor(viewer, ['keepPartnerDirectory'] as const) };
    },

    /** The add and edit forms: only for those who keep the directory (403 otherwise). */
    keeperOnly(viewer: Viewer): void {
      authorize(viewer, 'keepPartnerDirectory');
    },

    /** Directory entries by id (for the forms and presenters of other folders), and the whole directory for a select. */
    byIds: (db: Queryable, ids: readonly string[]) => repo.partnersByIds(db, ids),
    all: (db: Queryable) => repo.searchPartners(db, {}, 5000),
  };
}

function fields(
  body: { name: string; kind: string } & Partial<Record<'area' | 'email' | 'phone' | 'address', string | null>>,
) {
  return {
    name: body.name,
    kind: body.kind,
    area: body.area ?? null,
    email: body.email ?? null,
    phone: body.phone ?? null,
    address: body.address ?? null,
  };
}

export type PartnerService = ReturnType<typeof createPartnerService>;
/** What another folder needs of the directory and the episode gate. */
export type PartnerLookup = Pick<PartnerService, 'readableEpisode' | 'workableEpisode' | 'byIds' | 'all'>;
