// The app's database role on PostgreSQL (issue 14: "run the app as a role that does not own the audit
// table"): migrations run as the owner, the app connects as a role holding the grants of docs/security.md,
// and that role cannot update, delete, empty or alter the audit trail, nor switch its triggers off, while
// the whole app still works through it. PGlite has a single user and no privileges, so there is nothing to
// test there: the suite is skipped on PGlite and runs when DATABASE_URL names a PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rowsOf, type Database } from './client.ts';
import { migrate } from './migrate.ts';
import { appRoleGrants, appRoleProblems } from './appRole.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/auditLog.ts';
import { sealAll, verifyAuditChain } from '../audit/chain.ts';
import { buildServices } from '../services.ts';
import { loadConfig } from '../config.ts';
import { createUser } from '../auth/accounts.ts';

const adminUrl = process.env.DATABASE_URL;
const suffix = randomBytes(5).toString('hex');
const dbName = `reconnect_role_${suffix}`;
const role = `reconnect_app_${suffix}`;

async function asAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function urlFor(user?: string): string {
  const url = new URL(adminUrl!);
  url.pathname = `/${dbName}`;
  if (user) {
    url.username = user;
    url.password = 'app-role-test-password';
  }
  return url.toString();
}

describe.skipIf(!adminUrl)(
  'the app’s role on PostgreSQL (skipped on PGlite: it has one user and no privileges)',
  () => {
    let owner: Database;
    let app: Database;

    beforeAll(async () => {
      await asAdmin(`create database ${dbName}`);
      await asAdmin(`create role ${role} login password 'app-role-test-password'`);
      owner = await openDatabase({ databaseUrl: urlFor(), poolSize: 2 });
      await migrate(owner.db);
      for (const statement of appRoleGrants(role, dbName)) await owner.db.execute(sql.raw(statement));
      app = await openDatabase({ databaseUrl: urlFor(role), poolSize: 2 });
    });
    afterAll(async () => {
      await app.close();
      await owner.close();
      await asAdmin(`drop database if exists ${dbName} with (force)`);
      await asAdmin(`drop role if exists ${role}`);
    });

    it('may write, seal and verify audit events', async () => {
      await app.db.transaction((tx) => recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'test.as_app' }, new Date()));
      expect(await sealAll(app.db)).toBe(1);
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, count: 1 });
      expect(await appRoleProblems(app.db)).toEqual([]);
    });

    it.each([
      ['UPDATE', `update audit_events set action = 'test.rewritten'`],
      ['UPDATE of a seal', `update audit_events set hash = null, chain_seq = null, prev_hash = null`],
      ['DELETE', `delete from audit_events`],
      ['TRUNCATE', `truncate audit_events`],
      ['switching the triggers off', `alter table audit_events disable trigger user`],
      ['dropping the append-only trigger', `drop trigger audit_events_append_only on audit_events`],
      [
        'adding a trigger',
        `create trigger t before insert on audit_events for each row execute function audit_events_refuse_change()`,
      ],
      ['moving where version 1 ends', `insert into audit_chain_legacy values (100, 100, now())`],
      [
        'replacing the refusing function',
        `create or replace function audit_events_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`,
      ],
      [
        'replacing the sealing function',
        `create or replace function audit_seal(ids bigint[], seqs bigint[], prevs text[], hashes text[]) returns integer language sql as $$ select 0 $$`,
      ],
    ])('is refused %s', async (_what, statement) => {
      const trail = async () => rowsOf(await owner.db.execute(sql`select * from audit_events order by id`));
      const before = await trail();
      await expect(app.db.execute(sql.raw(statement))).rejects.toThrow();
      expect(await trail()).toEqual(before);
      expect(await verifyAuditChain(owner.db)).toMatchObject({ ok: true });
    });

    it('cannot re-seal sealed events through the sealing function', async () => {
      await expect(
        app.db.execute(sql`select audit_seal('{1}'::bigint[], '{1}'::bigint[], '{x}'::text[], '{y}'::text[])`),
      ).rejects.toThrow();
    });

    it('runs the whole app: migrations as the owner, everything else as the app’s role', async () => {
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: urlFor(role), MIGRATION_DATABASE_URL: urlFor() });
      const services = await buildServices(app, config);
      await createUser(
        services.db,
        services.sites,
        {
          email: `role-${suffix}@example.org`,
          name: 'Role Test',
          role: 'practitioner',
          siteCodes: [],
          password: 'a long enough secret phrase',
        },
        SYSTEM_ACTOR,
        new Date(),
      );
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
    });

    it('refuses to start when the role in DATABASE_URL could change the audit trail', async () => {
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: urlFor(), MIGRATION_DATABASE_URL: urlFor() });
      await expect(buildServices(owner, config)).rejects.toThrow(/must not be able to change the audit trail/);
    });
  },
);
