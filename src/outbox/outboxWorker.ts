// Works the outbox: hands each due row to the mail transport once per attempt. The issue asks for email
// "sent exactly once even across restarts"; what this guarantees, and the one edge where it cannot:
//
// - A row exists only if the transaction that wrote it committed (enqueueEmail), so nothing is sent for
//   work that was rolled back.
// - A row is claimed (pending → sending) by a conditional update before it is handed over, so no two
//   workers, and no restarted worker, ever send a row that is 'sending' or 'sent'.
// - If the process stops after the mail server accepted a message but before 'sent' was recorded, nobody
//   can know whether it went. After the 'sending' timeout the row is tried again with the SAME Message-ID,
//   so the receiving side can recognise the repeat (RFC 5322 §3.6.4). That is at-least-once at this one
//   edge, chosen over the alternative (mark it failed and risk a digest never arriving): a missed safety-net
//   warning costs more than a duplicate, and the digest carries only references and links.
import type { Db } from '../db/client.ts';
import type { MailTransport } from './mailTransport.ts';
import { claim, dueRows, markAttemptFailed, markSent, releaseAbandoned } from './outboxRepository.ts';

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

export async function workOutbox(
  db: Db,
  transport: MailTransport,
  clock: () => Date,
  settings: OutboxSettings,
): Promise<OutboxRun> {
  const run: OutboxRun = { sent: 0, retrying: 0, failed: 0, released: 0 };
  run.released = await releaseAbandoned(db, clock(), settings.sendingTimeoutMinutes, settings.maxAttempts);
  for (const due of await dueRows(db, clock(), settings.batchSize ?? 50)) {
    // Claimed in its own committed statement before sending, so a crash from here on is visible as 'sending'.
    const row = await claim(db, due.id, clock());
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
      const outcome = await markAttemptFailed(
        db,
        row,
        error instanceof Error ? error.message : String(error),
        settings.maxAttempts,
      );
      run[outcome === 'failed' ? 'failed' : 'retrying'] += 1;
      continue;
    }
    await markSent(db, row.id, clock());
    run.sent += 1;
  }
  return run;
}
