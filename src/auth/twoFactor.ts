// Two-factor authentication with TOTP (RFC 6238, otplib) and one-time recovery codes
// (ASVS 5.0 V6.5/V6.6: a code is accepted once; recovery codes are stored hashed and used once).
import { randomBytes, randomUUID } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Queryable } from '../db/client.ts';
import type { Role } from '../access/viewer.ts';
import { sha256 } from './secrets.ts';
import { replaceRecoveryCodes, spendRecoveryCode } from './repository.ts';

/** Everyone who works in or with the service's records; external referrers see only their own referrals. */
export function needsTwoFactor(role: Role): boolean {
  return role !== 'referrer';
}

export function newTotpSecret(): string {
  return generateSecret();
}

export async function enrolmentDetails(secret: string, email: string) {
  const uri = generateURI({ issuer: 'Reconnect (NHS)', label: email, secret });
  // An SVG image as a data URL: no script, allowed by the Content-Security-Policy (img-src data:).
  const qrDataUrl = `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(uri, { type: 'svg', margin: 1 })).toString('base64')}`;
  return { uri, qrDataUrl, secretGroups: secret.match(/.{1,4}/g)?.join(' ') ?? secret };
}

/** The time step the code belongs to, or undefined when it is wrong or was already used. */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** Ten new recovery codes, replacing any earlier ones; shown to the user once. */
export async function issueRecoveryCodes(db: Queryable, userId: string): Promise<string[]> {
  const codes = Array.from({ length: 10 }, () => (randomBytes(6).toString('hex').match(/.{4}/g) ?? []).join('-'));
  await replaceRecoveryCodes(
    db,
    userId,
    codes.map((code) => ({ id: randomUUID(), codeHash: sha256(code) })),
  );
  return codes;
}

export async function useRecoveryCode(db: Queryable, userId: string, code: string, now: Date): Promise<boolean> {
  const normalised = code.trim().toLowerCase();
  return spendRecoveryCode(db, userId, sha256(normalised), now);
}
