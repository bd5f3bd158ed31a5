// The email outbox's SQL. A row moves pending → sending → sent, or back to pending after a failed attempt,
// or to failed after the last one. Every move is a conditional update on the status it expects, so two
// workers (two app processes on one PostgreSQL) can never both take the same row.
//
// `sent_at` does double duty: on a sent row it is when it was sent; on any other row it is when the last
// attempt began (set when the row is claimed). That is what finds a row abandoned in 'sending' by a crash,
// and what spaces out retries.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { emailOutbox } from '../db/schema.ts';

export type OutboxRow = typeof emailOutbox.$inferSelect;

export interface OutgoingEmail {
  /** The user it is for, when it is for one (the digest); undefined for an address outside the service. */
  userId?: string | undefined;
  to: string;
  subject: string;
  /** Plain text only: links and references, never clinical details. */
  text: string;
}

/** The domain of Message-IDs when the caller gives none. */
export const DEFAULT_MESSAGE_DOMAIN = 'reconnect.localhost';

/**
 * Writes an email to the outbox in the caller's transaction: it is sent if and only if that transaction
 * commits. The Message-ID is fixed now, so every attempt at this email carries the same one.
 */
export async function enqueueEmail(
  tx: Queryable,
  email: OutgoingEmail,
  now: Date,
  messageDomain = DEFAULT_MESSAGE_DOMAIN,
): Promise<{ id: string; messageId: string }> {
  const id = randomUUID();
  const messageId = `<${id}@${messageDomain}>`;
  await tx.insert(emailOutbox).values({
    id,
    userId: email.userId ?? null,
    toAddress: email.to,
    subject: email.subject,
    bodyText: email.text,
    status: 'pending',
    attempts: 0,
    messageId,
    createdAt: now,
  });
  return { id, messageId };
}

/**
 * Pending rows whose next attempt is due, oldest first. After the n-th failed attempt the next waits
 * 2^(n-1) minutes (1, 2, 4, 8 …, at most an hour), so a mail server that is down for a while is not hammered
 * and the attempts span its outage.
 */
export async function dueRows(db: Queryable, now: Date, limit: number): Promise<OutboxRow[]> {
  const backoffOver = sql`${emailOutbox.sentAt} + make_interval(mins => least(60, power(2, greatest(${emailOutbox.attempts} - 1, 0)))::int) <= ${now.toISOString()}::timestamptz`;
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, 'pending'), or(isNull(emailOutbox.sentAt), backoffOver)))
    .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id))
    .limit(limit);
}

/** Takes a pending row for sending; undefined if someone else took it first. Counts the attempt now, so a
 *  message that crashes the process every time still ends as failed after the last attempt. */
export async function claim(db: Queryable, id: string, now: Date): Promise<OutboxRow | undefined> {
  const [row] = await db
    .update(emailOutbox)
    .set({ status: 'sending', attempts: sql`${emailOutbox.attempts} + 1`, sentAt: now })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'pending')))
    .returning();
  return row;
}

export async function markSent(db: Queryable, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(emailOutbox)
    .set({ status: 'sent', sentAt: now, lastError: null })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'sending')))
    .returning({ id: emailOutbox.id });
  return rows.length === 1;
}

/** After a failed attempt: pending again (retried later), or failed once `maxAttempts` are used. */
export async function markAttemptFailed(
  db: Queryable,
  row: OutboxRow,
  error: string,
  maxAttempts: number,
): Promise<'pending' | 'failed'> {
  const status = row.attempts >= maxAttempts ? 'failed' : 'pending';
  await db
    .update(emailOutbox)
    .set({ status, lastError: error.slice(0, 500) })
    .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, 'sending')));
  return status;
}

/**
 * Rows left in 'sending' for longer than the timeout: the process that claimed them stopped between
 * claiming and recording the outcome. They go back to pending (or failed, if that was the last attempt)
 * to be sent again with the same Message-ID.
 */
export async function releaseAbandoned(
  db: Queryable,
  now: Date,
  timeoutMinutes: number,
  maxAttempts: number,
): Promise<number> {
  const before = new Date(now.getTime() - timeoutMinutes * 60_000);
  const rows = await db
    .update(emailOutbox)
    .set({
      status: sql`case when ${emailOutbox.attempts} >= ${maxAttempts} then 'failed' else 'pending' end`,
      lastError: 'Interrupted while sending: it may or may not have gone, so it is sent again with the same Message-ID',
      // Due again at once: the timeout it waited out is longer than any retry delay.
      sentAt: null,
    })
    .where(and(eq(emailOutbox.status, 'sending'), lte(emailOutbox.sentAt, before)))
    .returning({ id: emailOutbox.id });
  return rows.length;
}

export async function listOutbox(db: Queryable, limit = 200): Promise<OutboxRow[]> {
  return db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id)).limit(limit);
}

export async function findOutboxRow(db: Queryable, id: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row;
}
