// Nothing acknowledged is lost: the server is killed with SIGKILL in the middle of concurrent submissions,
// restarted on the same database, and every referral that got a 201 must still be there, with the audit
// chain whole. Runs on the embedded database, and on PostgreSQL when DATABASE_URL is set.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { fictionalReferral } from '../../src/demo/fictionalReferrals.ts';

const root = path.resolve(import.meta.dirname, '../..');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${root}/node_modules/.bin:${process.env.PATH}`,
  LOG_LEVEL: 'error',
  RECONNECT_MFA: 'off',
};
const RUNS = 3;
let dbName: string | undefined;

function cli(args: string[], input?: string) {
  const res = spawnSync('node', ['bin/reconnect.js', ...args], {
    cwd: root,
    env,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (res.status !== 0) throw new Error(`reconnect ${args.join(' ')} failed: ${res.stderr}${res.stdout}`);
  return res.stdout.trim();
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn('node', ['bin/reconnect.js', 'serve'], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  for (let i = 0; i < 900; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

const exited = (child: ChildProcess) =>
  new Promise((r) => {
    if (child.exitCode !== null || child.signalCode) r(null);
    else child.once('exit', r);
  });

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    dbName = `reconnect_crash_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  } else {
    env.RECONNECT_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'reconnect-crash-'));
  }
});

afterAll(async () => {
  if (!dbName) return;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

describe(`crash safety on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'the embedded database'}`, () => {
  it(`keeps every acknowledged write across ${RUNS} SIGKILLs mid-load`, async () => {
    cli(
      ['user', 'add', '--email', 'crash@example.org', '--name', 'Crash Test', '--role', 'referrer'],
      'a long enough password\n',
    );
    const token = cli(['token', 'create', '--email', 'crash@example.org']);
    const acknowledged: string[] = [];
    let seed = 1;
    for (let run = 0; run < RUNS; run++) {
      const port = 3900 + Math.floor(Math.random() * 900);
      const server = await startServer(port);
      let stop = false;
      const worker = async () => {
        while (!stop) {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/api/v1/referrals`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify(fictionalReferral('reconnect-hampshire', seed++, new Date())),
            });
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
          } catch {
            /* the connection died with the server */
          }
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1000));
      server.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await exited(server);
    }

    const port = 3900 + Math.floor(Math.random() * 900);
    const server = await startServer(port);
    const missing: string[] = [];
    for (const id of acknowledged) {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/referrals/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) missing.push(id);
    }
    server.kill('SIGTERM');
    await exited(server);
    console.log(
      `crash safety: ${RUNS} SIGKILLs, ${acknowledged.length} acknowledged referrals checked, ${missing.length} missing`,
    );
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
    expect(cli(['audit', 'verify'])).toMatch(/^ok \d+ events$/);
  }, 600_000);
});
