// The chain's head held outside the database (ASVS 5.0 V16.4.3): `reconnect audit anchor` prints or writes
// the signed head (its place, so the count of events before it, its hash and the time), to be kept where
// the database's owner cannot reach (a write-once store, a ticket, a printout). `audit verify --anchor FILE`
// then fails when anything before that head was changed, removed, re-hashed or backdated in.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { canonicalJson } from './canonicalJson.ts';
import { auditChainKeys, hmacHex, type ChainKeys } from './chainKey.ts';
import { sameHex } from './auditLog.ts';
import { verifyAuditChain, type AnchoredHead, type ChainVerdict } from './chain.ts';

export const ANCHOR_FORMAT = 'reconnect-audit-anchor';

export interface AuditAnchor {
  format: typeof ANCHOR_FORMAT;
  version: 1;
  /** The head's place in the chain: the count of events up to and including it. */
  sequence: number;
  count: number;
  headEventId: number | null;
  headHash: string;
  /** The latest time of any event up to the head. */
  latestEventAt: string | null;
  anchoredAt: string;
  /** HMAC-SHA256 of everything above with a key derived from AUDIT_CHAIN_KEY. */
  signature: string;
}

type Unsigned = Omit<AuditAnchor, 'signature'>;

function sign(keys: ChainKeys, anchor: Unsigned): string {
  return hmacHex(keys.anchor, canonicalJson(anchor));
}

/** Verifies the whole chain first: an anchor never vouches for a broken one. */
export async function createAnchor(
  db: Db,
  now: Date,
  keys = auditChainKeys(),
): Promise<{ ok: true; anchor: AuditAnchor } | Extract<ChainVerdict, { ok: false }>> {
  const verdict = await verifyAuditChain(db, { keys });
  if (!verdict.ok) return verdict;
  const unsigned: Unsigned = {
    format: ANCHOR_FORMAT,
    version: 1,
    sequence: verdict.head.sequence,
    count: verdict.count,
    headEventId: verdict.head.eventId,
    headHash: verdict.head.hash,
    latestEventAt: verdict.head.latestAt?.toISOString() ?? null,
    anchoredAt: now.toISOString(),
  };
  return { ok: true, anchor: { ...unsigned, signature: sign(keys, unsigned) } };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const anchorSchema = z.object({
  format: z.literal(ANCHOR_FORMAT),
  version: z.literal(1),
  sequence: z.number().int().min(0),
  count: z.number().int().min(0),
  headEventId: z.number().int().nullable(),
  headHash: hex64,
  latestEventAt: z.iso.datetime().nullable(),
  anchoredAt: z.iso.datetime(),
  signature: hex64,
});

/** Reads an anchor's text; a file that is not one, or whose signature is not this deployment's, is refused. */
export function readAnchor(
  text: string,
  keys = auditChainKeys(),
): { ok: true; head: AnchoredHead } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the anchor file is not JSON' };
  }
  const parsed = anchorSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'the file is not a Reconnect audit anchor' };
  const { signature, ...unsigned } = parsed.data;
  if (!sameHex(signature, sign(keys, unsigned)) || unsigned.count !== unsigned.sequence) {
    return { ok: false, problem: "the anchor's signature does not match (it was edited, or signed with another key)" };
  }
  return {
    ok: true,
    head: {
      sequence: unsigned.sequence,
      hash: unsigned.headHash,
      latestAt: unsigned.latestEventAt ? new Date(unsigned.latestEventAt) : null,
    },
  };
}
