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

/**
 * One email as the page shows it. Every summary value is text: the design system's summary list trims
 * what it is given, and a number (the attempts) or a null (no Message-ID) made the page fail.
 */
export function presentEmailPage(row: OutboxRow) {
  const attempts = row.attempts === 1 ? '1 attempt' : `${String(row.attempts)} attempts`;
  return {
    pageTitle: `Email: ${row.subject}`,
    section: 'outbox',
    backHref: '/admin/outbox',
    subject: row.subject,
    bodyText: row.bodyText,
    summary: {
      to: row.toAddress,
      status: STATUS_TEXT[row.status] ?? 'Unknown',
      attempts: row.attempts === 0 ? 'Not tried yet' : attempts,
      createdAt: row.createdAt,
      sentAt: row.status === 'sent' && row.sentAt ? row.sentAt : null,
      lastError: row.lastError ?? 'None',
      messageId: row.messageId || 'None',
    },
  };
}
