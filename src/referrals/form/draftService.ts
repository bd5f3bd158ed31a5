// Drafts: a referral form in progress, saved at every page and resumable by the referrer who started it.
import type { Queryable } from '../../db/client.ts';
import type { Core } from '../../core.ts';
import { actorOf, type Viewer } from '../../access/viewer.ts';
import { recordAudit } from '../../audit/auditLog.ts';
import { NotFound, StaleVersion } from '../../http/errors.ts';
import { isUuid } from '../../http/ids.ts';
import type { Data } from './fieldCodec.ts';
import * as repo from './draftRepository.ts';

export type { DraftRow } from './draftRepository.ts';
type DraftRow = repo.DraftRow;

export function createDraftService({ clock }: Core) {
  return {
    async start(db: Queryable, viewer: Viewer, initial: Data): Promise<DraftRow> {
      const now = clock();
      const row = await repo.insertDraft(db, viewer.id, initial, now);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral_draft.started', recordType: 'referral_draft', recordId: row.id },
        now,
      );
      return row;
    },

    /** Only the referrer who started a draft can see it. */
    async get(db: Queryable, viewer: Viewer, id: string): Promise<DraftRow> {
      if (!isUuid(id)) throw new NotFound();
      const row = await repo.findDraft(db, id, viewer.id);
      if (!row) throw new NotFound();
      return row;
    },

    async listMine(db: Queryable, viewer: Viewer): Promise<DraftRow[]> {
      return repo.unsentDrafts(db, viewer.id);
    },

    /**
     * Saves a page of answers over the draft as read at `expectedVersion`. A draft belongs to one user, so the
     * caller reads the current draft and applies the posted page on top of it (issue 10: "a user's own earlier
     * tab is not someone else"); the version only guards against two saves landing at the same instant.
     */
    async save(db: Queryable, viewer: Viewer, id: string, data: Data, expectedVersion: number): Promise<DraftRow> {
      const now = clock();
      const row = await repo.saveDraft(db, { id, userId: viewer.id, data, expectedVersion, now });
      if (!row)
        throw new StaleVersion(
          'This draft was changed in another window after you opened this page. Go back to check your answers and try again.',
        );
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral_draft.saved', recordType: 'referral_draft', recordId: id },
        now,
      );
      return row;
    },

    /**
     * After sending: the answers are cleared (they live on in the referral) and the draft remembers the
     * referral it became, so a page of it reached again with Back says it was sent, and where.
     */
    async markSent(db: Queryable, viewer: Viewer, id: string, referralId: string): Promise<void> {
      const now = clock();
      if (!(await repo.markDraftSent(db, { id, userId: viewer.id, referralId, now })))
        throw new StaleVersion('This referral has already been sent.');
      await recordAudit(
        db,
        {
          actor: actorOf(viewer),
          action: 'referral_draft.sent',
          recordType: 'referral_draft',
          recordId: id,
          details: { referralId },
        },
        now,
      );
    },

    async discard(db: Queryable, viewer: Viewer, id: string): Promise<void> {
      await repo.deleteDraft(db, id, viewer.id);
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral_draft.closed', recordType: 'referral_draft', recordId: id },
        clock(),
      );
    },
  };
}
