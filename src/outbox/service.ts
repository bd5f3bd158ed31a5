// The email outbox: writing an email in the caller's transaction, working the outbox through the mail
// transport, and reading it (admins only: they run the service; the emails hold references and links, not
// clinical details, so no need-to-know applies beyond that; opening one email's text is audited).
//
// Working it: each due row goes to the mail transport once per attempt. The issue asks for email "sent
// exactly once even across restarts"; what this guarantees, and the one edge where it cannot:
// - A row exists only if the transaction that wrote it committed (enqueue), so nothing is sent for work
//   that was rolled back.
// - A row is claimed (pending → sending) by a conditional update before it is handed over, so no two
//   workers, and no restarted worker, ever send a row that is 'sending' or 'sent'.
// - If the process stops after the mail server accepted a message but before 'sent' was recorded, nobody
//   can know whether it went. After the 'sending' timeout the row is tried again with the SAME Message-ID,
//   so the receiving side can recognise the repeat (RFC 5322 §3.6.4). That is at-least-once at this one
//   edge, chosen over the alternative (mark it failed and risk a digest never arriving): a missed safety-net
//   warning costs more than a duplicate, and the digest carries only references and links.
import type { Db, Queryable } from '../db/client.ts';
import type { Clock } from '../core.ts';
import { actorOf, type Viewer } from '../access/viewer.ts';
import { authorize } from '../access/policy.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound } from '../http/errors.ts';
import { isUuid } from '../http/ids.ts';
import type { MailTransport } from './mailTransport.ts';
import * as repo from './repository.ts';

export interface OutboxSettings {
  from: string;
  maxAttempts: number;
  sendingTimeoutMinutes: number;
  /** Rows taken per run; the next run takes the rest. */
  batchSize?: number;
}

export interface OutboxRun {
  sent: number;
  retrying: number;
  failed: number;
  released: number;
}

export function createOutboxService({ clock }: { clock: Clock }) {
  return {
    /** Writes an email to the outbox in the caller's transaction: it is sent if and only if that commits. */
    enqueue: (tx: Queryable, email: repo.OutgoingEmail, now: Date, messageDomain?: string) =>
      repo.enqueueEmail(tx, email, now, messageDomain),

    async list(db: Queryable, viewer: Viewer): Promise<repo.OutboxRow[]> {
      authorize(viewer, 'readEmailOutbox');
      return repo.listOutbox(db);
    },

    async read(db: Queryable, viewer: Viewer, id: string): Promise<repo.OutboxRow> {
      authorize(viewer, 'readEmailOutbox');
      const row = isUuid(id) ? await repo.findOutboxRow(db, id) : undefined;
      if (!row) throw new NotFound();
      await recordAudit(
        db,
        { actor: actorOf(viewer), action: 'outbox.email.read', recordType: 'email', recordId: row.id },
        clock(),
      );
      return row;
    },

    /** Rows left 'sending' longer than the timeout go back to pending (or failed, on their last attempt). */
    releaseAbandoned: (db: Queryable, timeoutMinutes: number, maxAttempts: number) =>
      repo.releaseAbandoned(db, clock(), timeoutMinutes, maxAttempts),

    /** One pass over the outbox: what is abandoned is released, then what is due is sent, oldest first. */
    async work(db: Db, transport: MailTransport, settings: OutboxSettings): Promise<OutboxRun> {
      const run: OutboxRun = { sent: 0, retrying: 0, failed: 0, released: 0 };
      run.released = await repo.releaseAbandoned(db, clock(), settings.sendingTimeoutMinutes, settings.maxAttempts);
      for (const due of await repo.dueRows(db, clock(), settings.batchSize ?? 50)) {
        // Claimed in its own committed statement before sending, so a crash from here on is visible as 'sending'.
        const row = await repo.claim(db, due.id, clock());
        if (!row) continue;
        try {
          await transport.send({
            from: settings.from,
            to: row.toAddress,
            subject: row.subject,
            text: row.bodyText,
            messageId: row.messageId,
          });
        } catch (error) {
          const outcome = await repo.markAttemptFailed(
            db,
            row,
            error instanceof Error ? error.message : String(error),
            settings.maxAttempts,
          );
          run[outcome === 'failed' ? 'failed' : 'retrying'] += 1;
          continue;
        }
        await repo.markSent(db, row.id, clock());
        run.sent += 1;
      }
      return run;
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
