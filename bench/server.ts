// The benchmark's server process, forked by bench/run.ts: opens the database it is told to, migrates,
// loads the data set through the service layer, creates the users, then serves the real application on
// 127.0.0.1 (a port the OS picks) and tells the parent, over IPC, the port, the tokens and the ids.
//
// Why a separate process: the machine has two cores, and autocannon is itself busy JavaScript. In one
// process the load generator and the server would share one event loop, so every figure (the ceiling
// included) would measure the pair of them. Forked, the server has an event loop of its own, as in
// production, and autocannon's cost lands on the other core (shared, for PostgreSQL, with the database).
import { loadConfig } from '../src/config.ts';
import { openDatabase, rowsOf } from '../src/db/client.ts';
import { buildServices } from '../src/services.ts';
import { createApp } from '../src/app.ts';
import { startAuditSealer } from '../src/audit/chain.ts';
import { BENCH_SITES, createBenchUsers, loadReferrals, makeUser } from './seed.ts';
import { loadEpisodes } from './seedEpisodes.ts';
import { loadChronologies } from './seedChronology.ts';
import { installPgProfiler, profileReport, resetProfile } from './profile.ts';
import { asBackground, installStatementCounter, resetStatementCounts, statementCounts } from './statements.ts';
import { registerFloor } from './floor.ts';
import {
  addNationalSites,
  handOverCases,
  loadNational,
  nationalSites,
  readNationalMeta,
  runTag,
  sampleVisible,
  saveNationalMeta,
} from './seedNational.ts';
import { sql } from 'drizzle-orm';
import type { Services } from '../src/services.ts';
import type { Dataset, FromServer, ToServer } from './protocol.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const send = (message: FromServer) => process.send!(message);

async function main() {
  if (!process.send) throw new Error('bench/server.ts is started by bench/run.ts');
  const kind = process.env.BENCH_KIND === 'postgres' ? 'postgres' : 'pglite';
  const profiling = kind === 'postgres' && process.env.BENCH_PROFILE === '1';
  if (profiling) installPgProfiler();
  installStatementCounter();

  const config = loadConfig({
    NODE_ENV: 'production',
    COOKIE_SECRET: process.env.BENCH_COOKIE_SECRET,
    AUDIT_CHAIN_KEY: process.env.BENCH_AUDIT_KEY,
    PSEUDONYMISATION_KEY: process.env.BENCH_COOKIE_SECRET,
    SECURE_COOKIES: 'false', // plain HTTP on 127.0.0.1
    LOG_LEVEL: 'silent',
    // The bench signs in with a password only. Two-factor authentication changes how a session starts,
    // not what a signed-in page costs, and the pages measured are the same for a session either way.
    RECONNECT_MFA: 'off',
    HOST: '127.0.0.1',
    PORT: '0',
    ...(kind === 'postgres'
      ? { DATABASE_URL: process.env.BENCH_DATABASE_URL }
      : { RECONNECT_DATA_DIR: process.env.BENCH_DATA_DIR }),
  });
  // The pool size production uses (openForCli passes none), so the figures are production's.
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const national = process.env.BENCH_SCALE === 'national';
  let services = await buildServices(database, config);
  if (national) {
    // The 36 copied sites must be in the catalogue the services read at start: build them again.
    await addNationalSites(services);
    services = await buildServices(database, config);
  }
  const { users, loaded, episodes, chronologies, dataset } = national
    ? await nationalDataSet(services, label)
    : await tenThousand(services, label);

  const app = await createApp(services);
  // The floor endpoint (bench/floor.ts): on this instance only, beside GET /health.
  registerFloor(app, services.db);
  // Requests the server finished, counted here rather than by autocannon: those still in flight when it stops
  // are finished (their CPU and statements spent) after it stops counting, and their sockets are closed, so
  // Fastify's onResponse never fires for them. A request counts as finished when its reply is handed to
  // onSend (the handler's work done). It counts as started in a preHandler hook, once its body is read: a
  // submission cut off mid-body when autocannon stops never gets there (nor to onSend), so it is never waited
  // for. A report waits until none is in flight; a request refused before (401, 404) reaches onSend without
  // having started, and is counted as finished.
  let inFlight = 0;
  let responses = 0;
  const started = new WeakSet<object>();
  app.addHook('preHandler', async (req) => {
    started.add(req.raw);
    inFlight++;
  });
  app.addHook('onSend', async (req, _reply, payload) => {
    if (started.delete(req.raw)) inFlight--;
    responses++;
    return payload;
  });
  const drained = async (what: string) => {
    for (let waited = 0; inFlight > 0; waited += 10) {
      if (waited > 60_000) {
        console.error(`bench server: ${inFlight} requests still in flight after 60 s; ${what} without them`);
        return;
      }
      await sleep(10);
    }
  };
  // As `reconnect serve` does: the sealer chains audit events in the background, in this process. Its
  // statements are counted apart from the requests' (bench/statements.ts).
  const sealer = asBackground(() =>
    startAuditSealer(services.db, 250, (error) => {
      console.error('bench server: sealing the audit chain failed:', error);
    }),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server has no TCP address');

  let cpuMark = process.cpuUsage();
  let eluMark = performance.eventLoopUtilization();
  let wallMark = performance.now();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await sealer.stop();
    await database.close();
    process.exit(0);
  };
  process.on('message', (message: ToServer) => {
    if (message.type === 'reset') {
      // The warm-up's last requests (or a slow scenario's) finish before the interval starts, not inside it.
      void drained('starting').then(() => {
        cpuMark = process.cpuUsage();
        eluMark = performance.eventLoopUtilization();
        wallMark = performance.now();
        responses = 0;
        if (profiling) resetProfile();
        resetStatementCounts();
        send({ type: 'reset-done' });
      });
    } else if (message.type === 'report') {
      void drained('reporting').then(() => {
        report();
      });
    } else {
      void stop();
    }
  });
  const report = () => {
    {
      const cpu = process.cpuUsage(cpuMark);
      const wallMs = performance.now() - wallMark;
      const elu = performance.eventLoopUtilization(eluMark);
      send({
        type: 'report',
        cpuMs: (cpu.user + cpu.system) / 1000,
        cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
        eventLoopUtilisation: elu.utilization,
        statements: statementCounts(),
        responses,
        ...(profiling ? { profile: profileReport() } : {}),
      });
    }
  };
  process.on('disconnect', () => void stop());

  send({
    type: 'ready',
    port: address.port,
    referrerToken: users.referrer.token,
    practitionerToken: users.practitioner.token,
    commissionerToken: users.commissioner.token,
    researcherToken: users.researcher.token,
    practitioner: {
      email: users.practitioner.email,
      password: users.practitioner.password,
      sites: users.practitioner.viewer.siteCodes,
    },
    loaded,
    episodes,
    chronologies,
    profiling,
    dataset,
  });
}

const chronologyCount = () => Number(process.env.BENCH_CHRONOLOGIES ?? '40');

/** The default data set: BENCH_REFERRALS referrals, BENCH_EPISODES episodes with BENCH_CONTACTS contacts, 4 sites. */
async function tenThousand(services: Services, label: string) {
  const users = await createBenchUsers(services);
  const referralCount = Number(process.env.BENCH_REFERRALS);
  const loaded = await loadReferrals(services, users, referralCount, label);
  // A team of ten at every site leads the episodes: the bench practitioner holds about a tenth of them.
  const staff = [users.practitioner.viewer, users.manager.viewer];
  for (let i = 1; i <= 8; i++)
    staff.push((await makeUser(services, 'practitioner', `bench.worker${i}@example.org`, BENCH_SITES)).viewer);
  const episodes = await loadEpisodes(
    services,
    staff,
    {
      episodes: Number(process.env.BENCH_EPISODES),
      contacts: Number(process.env.BENCH_CONTACTS),
      openPerSite: Number(process.env.BENCH_OPEN_PER_SITE),
      referenceFrom: 1001 + referralCount,
    },
    label,
  );
  // Issue 11: people whose chronology holds about 500 entries from 8 agencies.
  const chronologies = await loadChronologies(
    services,
    users.manager.viewer,
    episodes.visibleOpenIds.slice(0, chronologyCount()),
    label,
  );
  const dataset: Dataset = { scale: '10k', factor: 1, reused: false, sites: BENCH_SITES.length };
  return { users, loaded, episodes, chronologies, dataset };
}

/**
 * The national data set (bench/seedNational.ts): loaded once, then re-used by every later run on the same
 * database (bench_meta). Each run has users of its own; the last run's practitioner's cases are handed to it.
 */
async function nationalDataSet(services: Services, label: string) {
  const factor = Number(process.env.BENCH_SCALE_FACTOR ?? '1');
  const users = await createBenchUsers(services, runTag());
  let meta = await readNationalMeta(services);
  if (meta && meta.factor !== factor)
    throw new Error(`This database holds the national data set ×${meta.factor}, not ×${factor}`);
  const reused = !!meta;
  if (meta) {
    process.stderr.write(
      `  ${label}: re-using the national data set ×${factor} loaded in ${meta.loadSeconds.toFixed(0)} s (BENCH_RELOAD=1 loads it again)\n`,
    );
    await handOverCases(services, meta.practitionerId, users.practitioner.viewer.id);
  } else {
    const [exists] = rowsOf<{ n: number }>(await services.db.execute(sql`select count(*)::int as n from referrals`));
    if (exists!.n > 0)
      throw new Error('This database holds referrals but no complete national data set: load it into an empty one');
    const staff = [users.practitioner.viewer, users.manager.viewer];
    const tag = runTag();
    for (let i = 1; i <= 8; i++)
      staff.push((await makeUser(services, 'practitioner', `bench.worker${i}${tag}@example.org`, BENCH_SITES)).viewer);
    const started = performance.now();
    const result = await loadNational(services, users, staff, factor, label);
    const sample = await sampleVisible(services, users.practitioner.viewer);
    const chronologies = await loadChronologies(
      services,
      users.manager.viewer,
      sample.openEpisodeIds.slice(0, chronologyCount()),
      label,
    );
    const { visibleIds: _v, ...loaded } = result.loaded;
    const { visibleOpenIds: _e, ...episodes } = result.episodes;
    meta = {
      factor,
      counts: result.counts,
      loaded,
      episodes,
      chronologyPersonIds: chronologies.personIds,
      practitionerId: users.practitioner.viewer.id,
      loadSeconds: (performance.now() - started) / 1000,
    };
  }
  await saveNationalMeta(services, { ...meta, practitionerId: users.practitioner.viewer.id });
  const sample = await sampleVisible(services, users.practitioner.viewer);
  const dataset: Dataset = { scale: 'national', factor, reused, sites: nationalSites().length };
  return {
    users,
    loaded: { ...meta.loaded, ...(reused ? { seconds: 0 } : {}), visibleIds: sample.referralIds },
    episodes: { ...meta.episodes, ...(reused ? { seconds: 0 } : {}), visibleOpenIds: sample.openEpisodeIds },
    chronologies: { personIds: meta.chronologyPersonIds, entriesEach: 500, seconds: 0 },
    dataset,
  };
}

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
