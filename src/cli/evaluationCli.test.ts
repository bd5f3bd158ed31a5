// `npx reconnect evaluation extract --out FILE [--from --to]` as an operator runs it (API.md "Evaluation extract"):
// a real child process against the demo data, in a PGlite directory of its own or a fresh PostgreSQL database
// when DATABASE_URL is set. The file holds the dictionary's columns, the k-anonymity check is printed first, the
// extract is audited, and an existing file is never overwritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';
import { buildServices } from '../services.ts';
import { loadConfig } from '../config.ts';
import { seedDemo } from '../demo/seedDemo.ts';
import { EXTRACT_COLUMNS } from '../evaluation/dictionary.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const adminUrl = process.env.DATABASE_URL;
const SLOW = 180_000;
const work = mkdtempSync(path.join(tmpdir(), 'reconnect-evaluation-cli-'));
let env: Record<string, string> = {};
let open: () => Promise<Database> = () => Promise.reject(new Error('not set up'));
let dispose: () => Promise<void> = async () => {};

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

function reconnect(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', ['bin/reconnect.js', ...args], {
    cwd: root,
    env: { PATH: `${path.join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`, HOME: work, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  if (adminUrl) {
    const name = `reconnect_evalcli_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    open = () => openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    dispose = () => admin(`drop database if exists ${name} with (force)`);
  } else {
    const dataDir = path.join(work, 'data');
    env = { RECONNECT_DATA_DIR: dataDir };
    open = () => openDatabase({ dataDir });
  }
  const database = await open();
  try {
    await seedDemo(await buildServices(database, loadConfig({ NODE_ENV: 'test', ...env })));
  } finally {
    await database.close();
  }
}, SLOW);
afterAll(async () => {
  await dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('reconnect evaluation extract', { timeout: SLOW }, () => {
  it('writes the extract to a new file after printing its k-anonymity check, and audits it', async () => {
    const file = path.join(work, 'extract.csv');
    const res = await reconnect(['evaluation', 'extract', '--out', file]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(
      /k-anonymity \(k=5\) over site, age_band, local_authority, release_type, priority_group/,
    );
    expect(res.stdout).toMatch(/^Wrote \d+ episodes to .*extract\.csv \(data dictionary version \d+\.\d+\.\d+\)\n$/);
    const rows = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe(EXTRACT_COLUMNS.join(','));
    const written = Number(/Wrote (\d+)/.exec(res.stdout)?.[1]);
    expect(written).toBeGreaterThan(5);
    expect(rows).toHaveLength(written + 1);
    expect(rows.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    const database = await open();
    try {
      const events = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'evaluation.extracted'));
      expect(events).toHaveLength(1);
      expect(events[0]!.actorLabel).toMatch(/^cli: reconnect evaluation extract/);
      expect(JSON.parse(events[0]!.details)).toMatchObject({ channel: 'cli', rows: written, from: null, to: null });
    } finally {
      await database.close();
    }
  });

  it('takes a range, never overwrites a file, and says what is wrong with its options', async () => {
    const file = path.join(work, 'none.csv');
    const none = await reconnect(['evaluation', 'extract', '--out', file, '--from', '2099-01-01']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/^Wrote 0 episodes/);
    expect(readFileSync(file, 'utf8')).toBe(`${EXTRACT_COLUMNS.join(',')}\r\n`);

    const existing = path.join(work, 'existing.csv');
    writeFileSync(existing, 'keep me');
    const refused = await reconnect(['evaluation', 'extract', '--out', existing]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists');
    expect(readFileSync(existing, 'utf8')).toBe('keep me');

    expect((await reconnect(['evaluation', 'extract'])).code).toBe(2);
    const bad = await reconnect(['evaluation', 'extract', '--out', path.join(work, 'bad.csv'), '--from', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from');
    expect(existsSync(path.join(work, 'bad.csv'))).toBe(false);
  });
});
