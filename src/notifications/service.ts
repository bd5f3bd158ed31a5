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

export function createNotificationService({ clock }: { clock: Clock }) {
  return {
    /** Tell these users, at `at` (the moment of the change that tells them). */
    users: (db: Queryable, userIds: readonly string[], at: Date, notice: Notice) =>
      repo.insertNotices(db, userIds, { at, ...notice }),
    /** Tell a site's managers. */
    async siteManagers(db: Queryable, siteCode: string, at: Date, notice: Notice) {
      await repo.insertNotices(db, await repo.siteManagerIds(db, siteCode), { at, ...notice });
    },
    unreadCount: (db: Queryable, viewer: Viewer) => repo.unreadCount(db, viewer.id),
    list: (db: Queryable, viewer: Viewer) => repo.listFor(db, viewer.id),
    markAllRead: (db: Queryable, viewer: Viewer) => repo.markAllRead(db, viewer.id, clock()),
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
/** What a service needs to tell people: the two verbs, nothing else. */
export type Notify = Pick<NotificationService, 'users' | 'siteManagers'>;

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
