// The audit chain's key (AUDIT_CHAIN_KEY): a secret held outside the database, from which three keys are
// derived, one per use, so that a MAC made for one purpose never passes for another: the MAC each event
// carries from the moment it is written, the chain's hashes, and the signature of an anchor.
import { createHmac } from 'node:crypto';

/** Development and tests only: published here, so it proves nothing; production refuses to start without a key of its own. */
export const DEVELOPMENT_AUDIT_CHAIN_KEY = 'reconnect-development-audit-chain-key-not-for-production';

export interface ChainKeys {
  entry: Buffer;
  chain: Buffer;
  anchor: Buffer;
}

export function chainKeysFrom(secret: string): ChainKeys {
  const derive = (purpose: string) => createHmac('sha256', secret).update(`reconnect audit ${purpose} v2`).digest();
  return { entry: derive('entry'), chain: derive('chain'), anchor: derive('anchor') };
}

export function hmacHex(key: Buffer, ...parts: string[]): string {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part).update('\n');
  return mac.digest('hex');
}

let configured: ChainKeys | undefined;

/** Set once at start from the configuration (services.ts); every writer and the sealer use it. */
export function useAuditChainKey(secret: string): void {
  configured = chainKeysFrom(secret);
}

/** The configured keys; before configuration, the development key, never in production. */
export function auditChainKeys(): ChainKeys {
  if (configured) return configured;
  if (process.env.NODE_ENV === 'production') throw new Error('The audit chain key (AUDIT_CHAIN_KEY) is not configured');
  configured = chainKeysFrom(DEVELOPMENT_AUDIT_CHAIN_KEY);
  return configured;
}
