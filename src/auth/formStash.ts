// Forms kept across a session's end: stored, encrypted, in the database for a short while and given back
// once to the user who signs in next on the same browser (rules in formStashRules.ts).
// The browser holds a random secret in a cookie; the database holds only its SHA-256 and the form encrypted
// (AES-256-GCM) with a key drawn from that secret and the service's cookie secret, so neither the database
// nor the cookie alone can read it.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/client.ts';
import { newSecret, sha256 } from './secrets.ts';
import { deleteStash, deleteStashesExpiredBefore, findStash, insertStash, takeStash } from './repository.ts';
import { mayTakeBack, STASH_MINUTES, type KeptFields } from './formStashRules.ts';

export interface KeptForm {
  /** Where the form was posted. */
  action: string;
  /** The page it was posted from, to go back to without saving. */
  from: string;
  fields: KeptFields;
}

export function stashCookieName(secure: boolean): string {
  return secure ? '__Host-reconnect-kept-form' : 'reconnect-kept-form';
}

export function stashCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, maxAge: STASH_MINUTES * 60 };
}

const keyOf = (secret: string, serverSecret: string) =>
  createHash('sha256').update(`reconnect-kept-form\u0000${serverSecret}\u0000${secret}`).digest();

function seal(form: KeptForm, secret: string, serverSecret: string, idHash: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, serverSecret), iv);
  cipher.setAAD(Buffer.from(idHash));
  const body = Buffer.concat([cipher.update(JSON.stringify(form), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open(payload: string, secret: string, serverSecret: string, idHash: string): KeptForm | undefined {
  try {
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, serverSecret), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(idHash));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as KeptForm;
  } catch {
    return undefined;
  }
}

/**
 * Keeps a form for STASH_MINUTES and returns the secret for the browser's cookie. A browser keeps one form:
 * a later one replaces the earlier. Expired forms of every browser are removed on the way.
 */
export async function keepForm(
  db: Queryable,
  input: { previousSecret: string | undefined; userId: string | null; form: KeptForm; serverSecret: string },
  now: Date,
): Promise<string> {
  await deleteStashesExpiredBefore(db, now);
  if (input.previousSecret) await deleteStash(db, sha256(input.previousSecret));
  const secret = newSecret();
  const idHash = sha256(secret);
  await insertStash(db, {
    idHash,
    userId: input.userId,
    payload: seal(input.form, secret, input.serverSecret, idHash),
    createdAt: now,
    expiresAt: new Date(now.getTime() + STASH_MINUTES * 60_000),
  });
  return secret;
}

/**
 * The kept form, taken back (and deleted) by the signed-in user it belongs to; undefined when there is none,
 * it expired, or it belongs to someone else (then it stays for its owner until it expires).
 */
export async function takeBackForm(
  db: Queryable,
  secret: string,
  viewerId: string,
  serverSecret: string,
  now: Date,
): Promise<KeptForm | undefined> {
  const idHash = sha256(secret);
  const row = await findStash(db, idHash);
  if (!row || !mayTakeBack(row, viewerId, now)) return undefined;
  if (!(await takeStash(db, idHash))) return undefined;
  return open(row.payload, secret, serverSecret, idHash);
}
