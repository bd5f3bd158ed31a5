import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe (ASVS 5.0 V7.2.3). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Session ids and API tokens are stored only as their SHA-256. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
