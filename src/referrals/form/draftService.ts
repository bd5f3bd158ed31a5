// Drafts: a referral form in progress, saved at every page and resumable by the referrer who started it.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { referralDrafts } from '../../db/schema.ts';
import type { Core } from '../../core.ts';
import { actorOf, type Viewer } from '../../access/viewer.ts';
import { recordAudit } from '../../audit/auditLog.ts';
import { NotFound, StaleVersion } from '../../http/errors.ts';
import { isUuid } from '../../http/ids.ts';
import type { Data } from './fieldCodec.ts';

export type DraftRow = typeof referralDrafts.$inferSelect;

export function createDraftService({ clock }: Core) {
  return {
    async start(db: Queryable, viewer: Viewer, initial: Data): Promise<DraftRow> {
      const now = clock();
      const [row] = await db
        .insert(referralDrafts)
        .values({ id: randomUUID(), userId: viewer.id, data: initial, version: 1, updatedAt: now })
        .returning();
      if (!row) throw new Error('The draft was not stored');
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
      const [row] = await db
        .select()
        .from(referralDrafts)
        .where(and(eq(referralDrafts.id, id), eq(referralDrafts.userId, viewer.id)));
      if (!row) throw new NotFound();
      return row;
    },

    async listMine(db: Queryable, viewer: Viewer): Promise<DraftRow[]> {
      return db
        .select()
        .from(referralDrafts)
        .where(eq(referralDrafts.userId, viewer.id))
        .orderBy(desc(referralDrafts.updatedAt))
        .limit(20);
    },

    /** Saves a page of answers; refuses if the draft changed since the page was drawn (another tab). */
    async save(db: Queryable, viewer: Viewer, id: string, data: Data, expectedVersion: number): Promise<DraftRow> {
      const now = clock();
      const [row] = await db
        .update(referralDrafts)
        .set({ data, version: sql`${referralDrafts.version} + 1`, updatedAt: now })
        .where(
          and(
            eq(referralDrafts.id, id),
            eq(referralDrafts.userId, viewer.id),
            eq(referralDrafts.version, expectedVersion),
          ),
        )
        .returning();
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

    async discard(db: Queryable, viewer: Viewer, id: string): Promise<void> {
      await db.delete(referralDrafts).where(and(eq(referralDrafts.id, id), eq(referralDrafts.userId, viewer.id)));
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'referral_draft.closed', recordType: 'referral_draft', recordId: id },
        clock(),
      );
    },
  };
}
