// The background job runner: pg-boss, in its own `pgboss` schema, on whichever database the service uses
// (pgBossDb.ts). Each job is a queue with the 'stately' policy (at most one waiting and one running), so a
// schedule and any number of nudges coalesce into one run at a time; each run does all the work waiting,
// so a missed or merged run loses nothing. Correctness never rests on pg-boss delivering a job once: the
// work itself is idempotent (the outbox claims rows; the digest records what it has told).
import PgBoss from 'pg-boss';
import type { Database } from '../db/client.ts';
import { pgBossConnection } from './pgBossDb.ts';

export const PGBOSS_SCHEMA = 'pgboss';

export interface JobDefinition {
  /** The queue's name. */
  name: string;
  /** A cron expression and its time zone; undefined: runs only when nudged. */
  schedule?: { cron: string; timezone: string } | undefined;
  /** `nudge` asks for another job (after this one's transaction has committed). */
  run(jobs: { nudge(name: string): Promise<void> }): Promise<void>;
}

export interface JobRunnerOptions {
  onError(error: unknown): void;
  /** How often an idle worker looks for a job (seconds; pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** How often pg-boss checks the schedules (seconds, 1–45); tests shorten it. */
  cronIntervalSeconds?: number;
}

export interface JobRunner {
  boss: PgBoss;
  /**
   * Asks for a job to run soon. Call it after the transaction that made work for it has committed: on
   * PGlite a query outside the transaction would wait for the transaction to end, which never comes.
   */
  nudge(name: string): Promise<void>;
  /** Stops taking jobs and waits (up to `timeoutMs`) for running ones; call before closing the database. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startJobRunner(
  database: Database,
  jobs: JobDefinition[],
  options: JobRunnerOptions,
): Promise<JobRunner> {
  const cron = options.cronIntervalSeconds;
  const boss = new PgBoss({
    ...(pgBossConnection(database) as PgBoss.ConstructorOptions),
    schema: PGBOSS_SCHEMA,
    application_name: 'reconnect-jobs',
    ...(cron
      ? { cronMonitorIntervalSeconds: cron, cronWorkerIntervalSeconds: cron, clockMonitorIntervalSeconds: cron }
      : {}),
  });
  boss.on('error', (error) => {
    options.onError(error);
  });
  await boss.start();
  const known = new Set(jobs.map((job) => job.name));
  let stopped = false;
  const nudge = async (name: string) => {
    if (stopped || !known.has(name)) return;
    await boss.send(name, {});
  };
  for (const job of jobs) {
    // A job that fails is not retried by pg-boss: the next scheduled run or nudge picks up the work.
    await boss.createQueue(job.name, { name: job.name, policy: 'stately', retryLimit: 0, expireInMinutes: 15 });
    if (job.schedule) await boss.schedule(job.name, job.schedule.cron, {}, { tz: job.schedule.timezone });
    else await boss.unschedule(job.name);
    await boss.work(job.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
      try {
        await job.run({ nudge });
      } catch (error) {
        options.onError(error);
        throw error;
      }
    });
  }
  return {
    boss,
    nudge,
    async stop(timeoutMs = 10_000) {
      if (stopped) return;
      stopped = true;
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
    },
  };
}
