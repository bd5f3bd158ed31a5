// Server-side sessions in the database (ASVS 5.0 V7): a new random id at every sign-in, an idle timeout
// and an absolute timeout, only the id's hash stored, and the row deleted on sign-out.
import type { Queryable } from '../db/client.ts';
import type { Viewer } from '../access/viewer.ts';
import { newSecret, sha256 } from './secrets.ts';
import { findSessionWithViewer } from './userRepository.ts';
import {
  deleteSession,
  deleteSessionsExpiredBefore,
  deleteUserSessions,
  insertSession,
  touchSession,
} from './repository.ts';

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

/** Writing last_seen_at on every request would make each page view a write; a minute's slack is enough. */
const TOUCH_AFTER_MS = 60_000;

/** 'mfa': password checked, waiting for a code; 'enrol': must set up two-factor authentication first. */
export type SessionStage = 'full' | 'mfa' | 'enrol';

/** A half-finished sign-in does not wait long (ASVS 5.0 V6.3). */
const PENDING_IDLE_MINUTES = 10;

export async function startSession(
  db: Queryable,
  userId: string,
  now: Date,
  t: SessionTimeouts,
  stage: SessionStage = 'full',
): Promise<string> {
  const id = newSecret();
  await insertSession(db, {
    idHash: sha256(id),
    userId,
    createdAt: now,
    lastSeenAt: now,
    stage,
    expiresAt: new Date(now.getTime() + t.absoluteHours * 3_600_000),
  });
  return id;
}

export interface ResumedSession {
  userId: string;
  stage: SessionStage;
  /** The user as a viewer at `now`, read with the session (undefined when the user is disabled). */
  viewer: Viewer | undefined;
}

/**
 * The session's user and stage, or undefined when it is unknown, idle too long or past its end. `ended` hears
 * whose full session has just ended by time, so a form posted into it can be kept for them.
 */
export async function resumeSession(
  db: Queryable,
  id: string,
  now: Date,
  t: SessionTimeouts,
  ended?: (userId: string) => void,
): Promise<ResumedSession | undefined> {
  const idHash = sha256(id);
  const found = await findSessionWithViewer(db, idHash, now);
  if (!found) return undefined;
  const row = found.session;
  const idleMinutes = row.stage === 'full' ? t.idleMinutes : Math.min(t.idleMinutes, PENDING_IDLE_MINUTES);
  const idleDeadline = row.lastSeenAt.getTime() + idleMinutes * 60_000;
  if (now >= row.expiresAt || now.getTime() >= idleDeadline) {
    await deleteSession(db, idHash);
    if (row.stage === 'full') ended?.(row.userId);
    return undefined;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await touchSession(db, idHash, now);
  }
  return { userId: row.userId, stage: row.stage as SessionStage, viewer: found.viewer };
}

export async function endSession(db: Queryable, id: string): Promise<void> {
  await deleteSession(db, sha256(id));
}

export async function endUserSessions(db: Queryable, userId: string): Promise<void> {
  await deleteUserSessions(db, userId);
}

export async function purgeExpiredSessions(db: Queryable, now: Date): Promise<void> {
  await deleteSessionsExpiredBefore(db, now);
}
