// pg-boss on both drivers (issue: "a transactional outbox, worked by pg-boss, which runs on PGlite too"):
// it installs into its own schema, works a job sent to it, fires a schedule, runs its maintenance, stops
// cleanly; and on PGlite a failing script of pg-boss's leaves the shared session usable.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase, rowsOf, type Database } from '../db/client.ts';
import { openTestDatabase } from '../../test/support/database.ts';
import { loadConfig } from '../config.ts';
import { buildServices } from '../services.ts';
import { claim, enqueueEmail, findOutboxRow } from '../outbox/repository.ts';
import type { MailMessage, MailTransport } from '../outbox/mailTransport.ts';
import { pgliteExecutor } from './pgBossDb.ts';
import { PGBOSS_SCHEMA, startJobRunner, type JobRunner } from './jobRunner.ts';
import { OUTBOX_JOB, startReconnectJobs } from './reconnectJobs.ts';

const drivers: { name: string; open(): Promise<Database> }[] = [{ name: 'PGlite', open: () => openDatabase({}) }];
if (process.env.DATABASE_URL) drivers.push({ name: 'PostgreSQL', open: openTestDatabase });

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

for (const driver of drivers) {
  describe(`pg-boss on ${driver.name}`, () => {
    it(
      'installs in its own schema, works a job when nudged and on its schedule, maintains, and stops',
      { timeout: 60_000 },
      async () => {
        const database = await driver.open();
        cleanup.push(() => database.close());
        const errors: unknown[] = [];
        let nudged = 0;
        let scheduled = 0;
        const runner: JobRunner = await startJobRunner(
          database,
          [
            {
              name: 'test-nudged',
              run: () => {
                nudged += 1;
                return Promise.resolve();
              },
            },
            {
              name: 'test-scheduled',
              schedule: { cron: '* * * * *', timezone: 'Europe/London' },
              run: () => {
                scheduled += 1;
                return Promise.resolve();
              },
            },
          ],
          { onError: (error) => errors.push(error), pollingIntervalSeconds: 0.5, cronIntervalSeconds: 1 },
        );
        cleanup.push(() => runner.stop(2000));

        const schemas = rowsOf<{ name: string }>(
          await database.db.execute(
            sql`select schema_name as name from information_schema.schemata where schema_name = ${PGBOSS_SCHEMA}`,
          ),
        );
        expect(schemas).toEqual([{ name: PGBOSS_SCHEMA }]);

        await runner.nudge('test-nudged');
        await until(() => nudged === 1);
        await until(() => scheduled >= 1);
        await runner.boss.maintain();
        expect(errors).toEqual([]);

        await runner.stop(2000);
        await runner.nudge('test-nudged'); // after stop: ignored, not an error
        // The application's database is still open and usable after pg-boss stopped.
        expect(rowsOf(await database.db.execute(sql`select 1 as one`))).toEqual([{ one: 1 }]);
      },
    );

    it('sends the outbox through the job, once, and not again after a restart', { timeout: 60_000 }, async () => {
      const database = await driver.open();
      cleanup.push(() => database.close());
      const services = await buildServices(database, loadConfig({ NODE_ENV: 'test', RECONNECT_JOBS: 'on' }));
      const accepted: MailMessage[] = [];
      const transport: MailTransport = {
        kind: 'smtp',
        send(m) {
          accepted.push(m);
          return Promise.resolve();
        },
        close() {
          /* nothing open */
        },
      };
      const errors: unknown[] = [];
      const options = {
        worklist: () => Promise.resolve([]),
        transport,
        onError: (e: unknown) => errors.push(e),
        pollingIntervalSeconds: 0.5,
      };

      // A row the previous run claimed and never finished (it stopped between claim and send).
      const { id: abandoned } = await database.db.transaction((tx) =>
        enqueueEmail(tx, { to: 'manager@example.org', subject: 'Digest', text: 'A link' }, new Date()),
      );
      await claim(database.db, abandoned, new Date());

      const first = await startReconnectJobs(services, options);
      const { id } = await database.db.transaction((tx) =>
        enqueueEmail(tx, { to: 'lead@example.org', subject: 'Digest', text: 'A link' }, new Date()),
      );
      await first.nudge(OUTBOX_JOB);
      await until(async () => (await findOutboxRow(database.db, id))?.status === 'sent');
      await first.stop(2000);
      // The embedded database has one process, so the abandoned row goes at start; on PostgreSQL another
      // process may still be sending it, so it waits for the sending timeout.
      expect((await findOutboxRow(database.db, abandoned))?.status).toBe(
        database.kind === 'pglite' ? 'sent' : 'sending',
      );

      const second = await startReconnectJobs(services, options);
      cleanup.push(() => second.stop(2000));
      await second.nudge(OUTBOX_JOB);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(accepted.map((m) => m.to).sort()).toEqual(
        database.kind === 'pglite' ? ['lead@example.org', 'manager@example.org'] : ['lead@example.org'],
      );
      expect(errors).toEqual([]);
    });
  });
}

describe("pg-boss's SQL on PGlite", () => {
  it('runs value-less multi-statement scripts, and a failing one leaves the shared session usable', async () => {
    const database = await openDatabase({});
    cleanup.push(() => database.close());
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const executor = pgliteExecutor(client);
    await executor.executeSql('create table t (x int); insert into t values (1)');
    await expect(executor.executeSql('BEGIN; insert into t values (2); select 1/0; COMMIT;')).rejects.toThrow(
      'division by zero',
    );
    expect((await client.query('select count(*)::int as n from t')).rows).toEqual([{ n: 1 }]);
    expect(await executor.executeSql('select x from t where x = $1', [1])).toMatchObject({ rows: [{ x: 1 }] });
    const several = (await executor.executeSql('BEGIN; insert into t values (3); COMMIT;')) as unknown[];
    expect(several).toHaveLength(3);
    expect((await client.query('select count(*)::int as n from t')).rows).toEqual([{ n: 2 }]);
  });
});
