import type { NotificationRow } from './repository.ts';

export function presentNotification(n: NotificationRow) {
  return { id: n.id, at: n.at.toISOString(), kind: n.kind, message: n.message, link: n.link, read: n.readAt !== null };
}
