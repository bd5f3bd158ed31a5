// Outbox rows as the API shows them (API.md style: ISO instants, camelCase), and the admins' pages.
import type { OutboxRow } from './repository.ts';

export const STATUS_TEXT: Record<string, string> = {
  pending: 'Waiting',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
};

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

/** Every email and where it is; `smtp`: whether a mail server is set up, or the page is where email ends. */
export function presentOutboxPage(rows: OutboxRow[], smtp: boolean) {
  return { pageTitle: 'Email outbox', section: 'outbox', rows, statusText: STATUS_TEXT, smtp };
}

export function presentEmailPage(row: OutboxRow) {
  return {
    pageTitle: `Email: ${row.subject}`,
    section: 'outbox',
    backHref: '/admin/outbox',
    row,
    statusText: STATUS_TEXT,
  };
}
