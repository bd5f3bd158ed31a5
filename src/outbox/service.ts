// Reading the outbox: admins only (they run the service; the emails hold references and links, not
// clinical details, so no need-to-know applies beyond that). Opening one email's text is audited.
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { actorOf } from '../access/viewer.ts';
import { can } from '../access/policy.ts';
import { Forbidden, NotFound } from '../http/errors.ts';
import { isUuid } from '../http/ids.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { findOutboxRow, listOutbox, type OutboxRow } from './outboxRepository.ts';

export const STATUS_TEXT: Record<string, string> = {
  pending: 'Waiting',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
};

function mustBeAdmin(viewer: Viewer): void {
  if (!can(viewer, 'manageUsers')) throw new Forbidden('Only admins can see the email outbox');
}

export async function outboxFor(db: Queryable, viewer: Viewer): Promise<OutboxRow[]> {
  mustBeAdmin(viewer);
  return listOutbox(db);
}

export async function outboxEmailFor(db: Queryable, viewer: Viewer, id: string, now: Date): Promise<OutboxRow> {
  mustBeAdmin(viewer);
  const row = isUuid(id) ? await findOutboxRow(db, id) : undefined;
  if (!row) throw new NotFound();
  await recordAudit(
    db,
    { actor: actorOf(viewer), action: 'outbox.email.read', recordType: 'email', recordId: row.id },
    now,
  );
  return row;
}

/** The API's view of a row (API.md style: ISO instants, camelCase). */
export function presentOutboxRow(row: OutboxRow, withText = false) {
  return {
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    messageId: row.messageId,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.status === 'sent' && row.sentAt ? row.sentAt.toISOString() : null,
    ...(withText ? { text: row.bodyText } : {}),
  };
}
