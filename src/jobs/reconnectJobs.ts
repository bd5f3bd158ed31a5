// Reconnect's background jobs: sending the email outbox, and the worklist digest that fills it. Both are
// the built services' own verbs (services.ts); a job only says when they run.
import type { Services } from '../services.ts';
import { createMailTransport, type MailTransport } from '../outbox/mailTransport.ts';
import type { SiteWorklist } from '../outbox/digestService.ts';
import { startJobRunner, type JobDefinition, type JobRunner, type JobRunnerOptions } from './jobRunner.ts';

export const OUTBOX_JOB = 'email-outbox';
export const DIGEST_JOB = 'worklist-digest';

export interface ReconnectJobsOptions extends JobRunnerOptions {
  /** The site worklist the digest reads (the worklist service's siteWorklist unless given). */
  worklist?: SiteWorklist;
  /** Defaults to the configured one (SMTP, or local). */
  transport?: MailTransport;
}

export interface ReconnectJobs extends JobRunner {
  transport: MailTransport;
}

export async function startReconnectJobs(services: Services, options: ReconnectJobsOptions): Promise<ReconnectJobs> {
  const { config, db, clock, outbox, digest } = services;
  const transport = options.transport ?? createMailTransport(config.email);
  const messageDomain = new URL(config.email.publicUrl).hostname;
  const jobs: JobDefinition[] = [
    {
      name: OUTBOX_JOB,
      // Every minute: retries fall due, and rows abandoned by a stopped process are picked up.
      schedule: { cron: '* * * * *', timezone: 'UTC' },
      run: async () => {
        await outbox.work(db, transport, {
          from: config.email.from,
          maxAttempts: config.email.maxAttempts,
          sendingTimeoutMinutes: config.email.sendingTimeoutMinutes,
        });
      },
    },
    {
      name: DIGEST_JOB,
      schedule: { cron: config.jobs.digestCron, timezone: config.jobs.digestTimezone },
      run: async ({ nudge }) => {
        const run = await digest.run(db, clock(), {
          publicUrl: config.email.publicUrl,
          messageDomain,
          worklist: options.worklist,
        });
        // After the commit: the emails it wrote go now rather than at the next minute.
        if (run.emails) await nudge(OUTBOX_JOB);
      },
    },
  ];
  // The embedded database belongs to one process at a time (db/dataDirLock.ts), so on PGlite a row still
  // 'sending' at start was left by this service's previous run: no need to wait out the timeout.
  if (services.database.kind === 'pglite') await outbox.releaseAbandoned(db, 0, config.email.maxAttempts);
  const started = await startJobRunner(services.database, jobs, options);
  // Whatever was left waiting when the service last stopped goes at once.
  await started.nudge(OUTBOX_JOB);
  return {
    ...started,
    transport,
    async stop(timeoutMs) {
      await started.stop(timeoutMs);
      transport.close();
    },
  };
}
