// The floor: the irreducible work of an authenticated, audited read, registered on the benchmark's app
// instance only (bench/server.ts), never in the product. Three statements in raw SQL through the app's own
// database client (node-postgres' pool, or the PGlite instance), no ORM, no templates, no hooks beyond what
// every route pays:
//   1. the bearer token's lookup (its hash, live, its enabled user and that user's sites), one indexed read;
//   2. one primary-key read of the referral, limited to what that user may see;
//   3. one audit insert, with the MAC the application gives every event (so the sealer seals it and the chain
//      still verifies).
// GET /health beside it is the ceiling with no database at all. The product's GET /api/v1/referrals/{id}
// does the same job; its share of the floor's throughput says how much of its cost is the code's choice.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { tokenHashOf } from '../src/auth/apiTokens.ts';
import { entryMac } from '../src/audit/auditLog.ts';
import { auditChainKeys } from '../src/audit/chainKey.ts';
import type { Db } from '../src/db/client.ts';

export const FLOOR_PATH = '/bench/floor/referrals';

/** The driver under drizzle: pg.Pool and PGlite both answer `query(text, params)` with `{ rows }`. */
interface RawClient {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the driver's own shape: the caller names the row it selected
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

const TOKEN_SQL = `select u.id, u.name, u.email, u.role,
    coalesce((select array_agg(s.site_code) from user_sites s where s.user_id = u.id), '{}') as sites
  from api_tokens t join users u on u.id = t.user_id
  where t.token_hash = $1 and t.revoked_at is null and t.expires_at > $2 and u.disabled_at is null`;
const READ_SQL = `select * from referrals where id = $1 and site_code = any($2::text[]) and not restricted`;
const AUDIT_SQL = `insert into audit_events (at, actor_id, actor_label, action, record_type, record_id, details, nonce, mac)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

export function registerFloor(app: FastifyInstance, db: Db): void {
  const client = (db as unknown as { $client: RawClient }).$client;
  const keys = auditChainKeys();
  app.get<{ Params: { id: string } }>(`${FLOOR_PATH}/:id`, async (req, reply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const hash = match?.[1] ? tokenHashOf(match[1]) : undefined;
    const now = new Date();
    const [user] = hash
      ? (
          await client.query<{ id: string; name: string; email: string; role: string; sites: string[] }>(TOKEN_SQL, [
            hash,
            now,
          ])
        ).rows
      : [];
    if (!user) return reply.code(401).send({ title: 'Unauthorised' });
    const [row] = (await client.query<Record<string, unknown>>(READ_SQL, [req.params.id, user.sites])).rows;
    if (!row) return reply.code(404).send({ title: 'Not found' });
    const fields = {
      at: now,
      actorId: user.id,
      actorLabel: `${user.name} <${user.email}> (${user.role})`,
      action: 'referral.viewed',
      recordType: 'referral',
      recordId: req.params.id,
      details: '{}',
      nonce: randomBytes(16).toString('hex'),
    };
    await client.query(AUDIT_SQL, [
      fields.at,
      fields.actorId,
      fields.actorLabel,
      fields.action,
      fields.recordType,
      fields.recordId,
      fields.details,
      fields.nonce,
      entryMac(keys, fields),
    ]);
    return reply.header('cache-control', 'no-store').send(row);
  });
}
