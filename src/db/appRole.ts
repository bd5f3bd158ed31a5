// The application's database role (ASVS 5.0 V16.4.2, V8.3): migrations run as the database's owner
// (MIGRATION_DATABASE_URL), the app connects as a role that may insert and read audit events and never
// change, remove or empty them, nor switch off their triggers (which only an owner can). The grants are
// in docs/security.md; `appRoleGrants` is the same text, used by the tests.
import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { openDatabase, rowsOf, type Database, type Db } from './client.ts';
import { migrate } from './migrate.ts';

/** The tables the application's role may only insert into and read. */
export const APPEND_ONLY_TABLES = ['audit_events'] as const;

/** The statements docs/security.md gives, for a role and a database (run as the owner after migrating). */
export function appRoleGrants(role: string, database: string): string[] {
  return [
    `GRANT CONNECT, CREATE ON DATABASE ${database} TO ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM ${role}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_chain_legacy, schema_migrations FROM ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `GRANT EXECUTE ON FUNCTION audit_seal(bigint[], bigint[], text[], text[]) TO ${role}`,
    // Tables and sequences later migrations create are the app's to use as well.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
  ];
}

/** Migrates as the owner when MIGRATION_DATABASE_URL is given (then checks the app's role), else on the app's own connection. */
export async function migrateDatabase(database: Database, config: Config): Promise<void> {
  if (!config.migrationDatabaseUrl) {
    await migrate(database.db);
    return;
  }
  const owner = await openDatabase({ databaseUrl: config.migrationDatabaseUrl, poolSize: 1 });
  try {
    await migrate(owner.db);
  } finally {
    await owner.close();
  }
  const problems = await appRoleProblems(database.db);
  if (problems.length) {
    throw new Error(
      `The role in DATABASE_URL must not be able to change the audit trail (docs/security.md gives its grants): it ${problems.join('; it ')}`,
    );
  }
}

/** What the connected role could do to the audit trail that it must not. */
export async function appRoleProblems(db: Db): Promise<string[]> {
  const problems: string[] = [];
  for (const table of APPEND_ONLY_TABLES) {
    const [row] = rowsOf<{
      superuser: boolean;
      owner: boolean;
      update: boolean;
      delete: boolean;
      truncate: boolean;
      trigger: boolean;
    }>(
      await db.execute(sql`select r.rolsuper or r.rolbypassrls as superuser,
          pg_has_role(current_user, c.relowner, 'USAGE') as owner,
          has_table_privilege(${table}, 'UPDATE') as update,
          has_table_privilege(${table}, 'DELETE') as delete,
          has_table_privilege(${table}, 'TRUNCATE') as truncate,
          has_table_privilege(${table}, 'TRIGGER') as trigger
        from pg_roles r, pg_class c where r.rolname = current_user and c.oid = ${table}::regclass`),
    );
    if (!row) continue;
    if (row.superuser) problems.push('is a superuser');
    if (row.owner) problems.push(`owns ${table} (or is a member of its owner)`);
    for (const what of ['update', 'delete', 'truncate', 'trigger'] as const)
      if (row[what] && !row.owner && !row.superuser) problems.push(`has ${what.toUpperCase()} on ${table}`);
  }
  return problems;
}
