// `npm start` and `npx reconnect serve`: migrate, load the built-in sites, (demo data), serve, and close
// cleanly on SIGINT/SIGTERM so the embedded database is never left half-written.
import { createApp } from '../app.ts';
import { openForCli } from './openForCli.ts';
import { seedDemo, DEMO_PASSWORD } from '../demo/seedDemo.ts';
import { sealAll, startAuditSealer } from '../audit/chain.ts';
import { startReconnectJobs } from '../jobs/reconnectJobs.ts';

export async function serve(options: { demo: boolean }): Promise<void> {
  // The demo is for clicking through at once: two-factor authentication is off unless asked for.
  if (options.demo) process.env.RECONNECT_MFA ??= 'off';
  const opened = await openForCli();
  const { config, services } = opened;
  let demoUsers: { email: string; role: string }[] = [];
  if (options.demo) demoUsers = await seedDemo(services);
  const app = await createApp(services);
  const sealer = startAuditSealer(services.db, 250, (error) => {
    app.log.error({ err: error }, 'sealing the audit chain failed');
  });
  // Background jobs (email outbox, worklist digest), unless RECONNECT_JOBS=off.
  const jobs = config.jobs.enabled
    ? await startReconnectJobs(services, {
        onError: (error) => {
          app.log.error({ err: error }, 'a background job failed');
        },
      })
    : undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await app.close();
    // Jobs stop before the database closes: a running send finishes and records its outcome.
    await jobs?.stop();
    await sealer.stop();
    await sealAll(services.db);
    await opened.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
  console.log(`\nReconnect is running at ${url}, using ${where}.`);
  if (demoUsers.length) {
    console.log(`\nSign in with any of these demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const u of demoUsers) console.log(`  ${u.role.padEnd(13)} ${u.email}`);
  }
  if (jobs?.transport.kind === 'local')
    console.log('\nEmail is not sent (no SMTP_URL or SMTP_HOST): read it on the Email outbox page, /admin/outbox.');
  if (!config.jobs.enabled)
    console.log('\nBackground jobs are off (RECONNECT_JOBS=off): no email is sent and there is no digest.');
  if (!config.mfaRequired)
    console.log('\nTwo-factor authentication is off (RECONNECT_MFA=off). Set RECONNECT_MFA=required to try it.');
  console.log('\nPress Ctrl+C to stop.\n');
}
