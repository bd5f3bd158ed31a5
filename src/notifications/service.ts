// In-app notices: what a user needs to know, shown on their notifications page and counted in the header.
// Other services are handed `notify` (services.ts) and tell people through it, in their own transaction.
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import type { Clock } from '../core.ts';
import * as repo from './repository.ts';

export interface Notice {
  kind: string;
  message: string;
  link: string;
}

/** An email to one user: plain text, a reference and a link, never a name or clinical details. */
export interface EmailNotice {
  subject: string;
  /** The paragraphs of the email; `link` (a path here) is added as an address the reader can open. */
  paragraphs: string[];
  link: string;
}

export type SendEmail = (
  db: Queryable,
  email: { userId: string; to: string; subject: string; text: string },
  at: Date,
) => Promise<unknown>;

export function createNotificationService({
  clock,
  publicUrl = 'http://localhost:3000',
  sendEmail,
}: {
  clock: Clock;
  publicUrl?: string;
  sendEmail?: SendEmail;
}) {
  return {
    /** Email this user too (the outbox sends it if the caller's transaction commits; in development it stays there to read). */
    async emailUser(db: Queryable, userId: string, at: Date, notice: EmailNotice) {
      if (!sendEmail) return;
      const to = await repo.emailAddressOf(db, userId);
      if (!to) return;
      const text = [...notice.paragraphs, '', `${publicUrl}${notice.link}`, '', 'Reconnect'].join('\n');
      await sendEmail(db, { userId, to, subject: notice.subject, text }, at);
    },
    /** Tell these users, at `at` (the moment of the change that tells them). */
    users: (db: Queryable, userIds: readonly string[], at: Date, notice: Notice) =>
      repo.insertNotices(db, userIds, { at, ...notice }),
    /** Tell a site's managers. */
    async siteManagers(db: Queryable, siteCode: string, at: Date, notice: Notice) {
      await repo.insertNotices(db, await repo.siteManagerIds(db, siteCode), { at, ...notice });
    },
    /** What the navigation's "Notifications (N new)" is read from (web/navCounts.ts). */
    unreadCountQueries: (viewer: Viewer) => [repo.unreadCountSql(viewer.id)],
    list: (db: Queryable, viewer: Viewer) => repo.listFor(db, viewer.id),
    markAllRead: (db: Queryable, viewer: Viewer) => repo.markAllRead(db, viewer.id, clock()),
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
/** What a service needs to tell people: the two verbs, nothing else. */
export type Notify = Pick<NotificationService, 'users' | 'siteManagers'> &
  Partial<Pick<NotificationService, 'emailUser'>>;

/** @deprecated Callers move to the injected `notify` (services.ts); kept while they do. */
export function notifyUsers(
  db: Queryable,
  userIds: string[],
  at: Date,
  kind: string,
  message: string,
  link: string,
): Promise<void> {
  return repo.insertNotices(db, userIds, { at, kind, message, link });
}
