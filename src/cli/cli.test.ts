// `npx reconnect …` as an operator runs it (API.md "Running"): a real child process on Node 24, against a
// PGlite directory of its own, or a fresh PostgreSQL database when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';
import { buildServices } from '../services.ts';
import { loadConfig } from '../config.ts';
import { createApp } from '../app.ts';
import { PageSession } from '../../test/support/browserSession.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const adminUrl = process.env.DATABASE_URL;
const PASSWORD = 'correct horse battery staple';
const SLOW = 120_000;

interface Store {
  env: Record<string, string>;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

/** Where the commands keep their data: a temporary PGlite directory, or a PostgreSQL database made for this file. */
async function createStore(): Promise<Store> {
  if (!adminUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'reconnect-cli-'));
    return {
      env: { RECONNECT_DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      dispose: async () => {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `reconnect_cli_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString(), poolSize: 2 }),
    dispose: () => admin(`drop database if exists ${name} with (force)`),
  };
}

let store: Store;

function reconnect(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return reconnectWith({}, args, stdin);
}

function reconnectWith(
  extraEnv: Record<string, string>,
  args: string[],
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: `${path.join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? tmpdir(),
    ...store.env,
    ...extraEnv,
  };
  const child = spawn('node', ['bin/reconnect.js', ...args], { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

const addUser = (email: string, password = PASSWORD, role = 'practitioner') =>
  reconnect(
    [
      'user',
      'add',
      '--email',
      email,
      '--name',
      'Casey Practitioner',
      '--role',
      role,
      '--site',
      'er-lancashire-cumbria',
    ],
    `${password}\n`,
  );

/** Opens the same database in this process once the command has exited, and hands it an app. */
async function withApp<T>(
  use: (app: Awaited<ReturnType<typeof createApp>>, database: Database) => Promise<T>,
): Promise<T> {
  const database = await store.open();
  try {
    const app = await createApp(await buildServices(database, loadConfig({ NODE_ENV: 'test' })));
    try {
      return await use(app, database);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  store = await createStore();
  // The first command creates and migrates the database.
  expect((await addUser('first@example.org')).code).toBe(0);
}, SLOW);
afterAll(() => store.dispose());

describe('reconnect user add', { timeout: SLOW }, () => {
  it('creates a user with the password read from standard input, who can then sign in', async () => {
    const res = await addUser('casey@example.org');
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toBe('Created practitioner casey@example.org\n');
    await withApp(async (app) => {
      expect((await new PageSession(app).signIn('casey@example.org', PASSWORD)).statusCode).toBe(303);
    });
  });

  it.each([
    [
      'a password shorter than 12 characters',
      () => addUser('short@example.org', 'too short'),
      /password: The password must be at least 12 characters/,
    ],
    [
      'an unknown role',
      () => addUser('wizard@example.org', PASSWORD, 'wizard'),
      /role: Role must be one of referrer, practitioner, manager, admin, commissioner, researcher/,
    ],
    ['an email already in use', () => addUser('first@example.org'), /email: A user with this email already exists/],
  ])('refuses %s: exit 1 and says why', async (_what, run, message) => {
    const res = await run();
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
  });
});

describe('reconnect token create', { timeout: SLOW }, () => {
  it('prints one line, the token, and nothing else; the token opens the API', async () => {
    const res = await reconnect(['token', 'create', '--email', 'first@example.org']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^rct_[A-Za-z0-9_-]{40,}\n$/);
    const token = res.stdout.trim();
    await withApp(async (app) => {
      const ok = await app.inject({
        method: 'GET',
        url: '/api/v1/referrals',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ items: [] });
      const forged = await app.inject({
        method: 'GET',
        url: '/api/v1/referrals',
        headers: { authorization: `Bearer ${token.slice(0, -1)}x` },
      });
      expect(forged.statusCode).toBe(401);
    });
  });

  it('refuses an unknown email: exit 1, nothing on standard output', async () => {
    const res = await reconnect(['token', 'create', '--email', 'nobody@example.org']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('No active user with that email');
  });
});

// Issue 14: "Give tokens a name, an expiry (default 90 days), last-used time, and revocation (CLI `token list` /
// `token revoke` …)"; the list shows name, created, expires and last used, never the secret.
describe('reconnect token list and token revoke', { timeout: SLOW }, () => {
  const DAY = 86_400_000;
  const callApi = (token: string) =>
    withApp((app) =>
      app.inject({ method: 'GET', url: '/api/v1/referrals', headers: { authorization: `Bearer ${token}` } }),
    );
  const rowsOf = (stdout: string) =>
    stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t'));

  it('lists each token with its name, created, expires, last used and status, and never a secret', async () => {
    const created = await reconnect([
      'token',
      'create',
      '--email',
      'first@example.org',
      '--name',
      'Probation case system',
      '--expires-in-days',
      '30',
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect((await callApi(token)).statusCode).toBe(200);
    expect((await reconnect(['token', 'create', '--email', 'first@example.org'])).code).toBe(0);
    const res = await reconnect(['token', 'list', '--email', 'first@example.org']);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = rowsOf(res.stdout);
    expect(header).toEqual(['id', 'user', 'name', 'created', 'expires', 'last used', 'status']);
    const row = rows.find((r) => r[2] === 'Probation case system')!;
    expect(row[1]).toBe('first@example.org');
    expect(Date.parse(row[4]!) - Date.parse(row[3]!)).toBe(30 * DAY);
    expect(Date.now() - Date.parse(row[5]!)).toBeLessThan(10 * 60_000);
    expect(row[6]).toBe('active');
    // A token made without a name or lifetime is named by its date and lasts 90 days.
    const unnamed = rows.filter((r) => r[2]!.startsWith('Issued ')).at(-1)!;
    expect(Date.parse(unnamed[4]!) - Date.parse(unnamed[3]!)).toBe(90 * DAY);
    expect(unnamed[5]).toBe('never');
    expect(res.stdout).not.toContain(token);
    expect(res.stdout).not.toContain(createHash('sha256').update(token).digest('hex'));
    expect(res.stdout).not.toMatch(/rct_/);
  });

  it('revokes a token by id: it gets 401 from then on, is listed as revoked, and the revocation is audited', async () => {
    const token = (
      await reconnect(['token', 'create', '--email', 'first@example.org', '--name', 'To revoke'])
    ).stdout.trim();
    const listed = rowsOf((await reconnect(['token', 'list'])).stdout);
    const id = listed.find((r) => r[2] === 'To revoke')![0]!;
    const res = await reconnect(['token', 'revoke', id]);
    expect(res).toMatchObject({ code: 0, stdout: 'Revoked 1 token\n' });
    expect((await callApi(token)).statusCode).toBe(401);
    const after = rowsOf((await reconnect(['token', 'list'])).stdout);
    expect(after.find((r) => r[0] === id)![6]).toMatch(/^revoked \d{4}-/);
    const audited = await (async () => {
      const database = await store.open();
      try {
        return await database.db
          .select()
          .from(auditEvents)
          .where(sql`${auditEvents.action} = 'api_token.revoked'`);
      } finally {
        await database.close();
      }
    })();
    expect(audited.map((e) => JSON.parse(e.details).tokenId)).toContain(id);
  });

  it('revokes all of a user’s tokens with --email', async () => {
    const token = (await reconnect(['token', 'create', '--email', 'casey@example.org'])).stdout.trim();
    expect((await callApi(token)).statusCode).toBe(200);
    const res = await reconnect(['token', 'revoke', '--email', 'casey@example.org']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Revoked [1-9]\d* tokens?\n$/);
    expect((await callApi(token)).statusCode).toBe(401);
  });

  it.each([
    ['an unknown token id', ['token', 'revoke', '0d3c2b1a-0000-4000-8000-000000000000'], /No token with id/],
    ['something that is not an id', ['token', 'revoke', 'rct_secret'], /No token with id/],
    [
      'a lifetime of 0 days',
      ['token', 'create', '--email', 'first@example.org', '--expires-in-days', '0'],
      /expires-in-days: /,
    ],
    [
      'a lifetime over a year',
      ['token', 'create', '--email', 'first@example.org', '--expires-in-days', '400'],
      /from 1 to 366/,
    ],
    ['an empty name', ['token', 'create', '--email', 'first@example.org', '--name', ' '], /name: /],
  ])('refuses %s: exit 1, nothing on standard output', async (_what, args, message) => {
    const res = await reconnect(args);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(message);
  });
});

describe.skipIf(!!adminUrl)('one process at a time on a PGlite directory', { timeout: SLOW }, () => {
  let owner: ChildProcess;
  const lockFile = () => path.join(store.env.RECONNECT_DATA_DIR!, 'reconnect.lock');
  const writeLock = (pid: number) => {
    writeFileSync(lockFile(), JSON.stringify({ pid, hostname: hostname(), startedAt: new Date().toISOString() }));
  };
  beforeAll(() => {
    owner = spawn('sleep', ['120'], { stdio: 'ignore' });
  });
  afterAll(() => {
    owner.kill();
    rmSync(lockFile(), { force: true });
  });

  it('refuses a second process while another holds the directory, with a clear message', async () => {
    writeLock(owner.pid!);
    const res = await reconnect(['token', 'create', '--email', 'first@example.org']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(`is in use by process ${owner.pid}`);
    expect(res.stderr).toContain('Stop that process first, or set RECONNECT_DATA_DIR to another directory.');
    expect(existsSync(lockFile())).toBe(true);
    rmSync(lockFile());
  });

  it('is not blocked by a lock left by a process that has died, and leaves no lock behind', async () => {
    writeLock(spawnSync('true').pid);
    const res = await reconnect(['token', 'create', '--email', 'first@example.org']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^rct_/);
    expect(existsSync(lockFile())).toBe(false);
  });
});

// Last: tampering leaves this store's trail broken for good.
describe('reconnect audit verify', { timeout: SLOW }, () => {
  const anchorFile = path.join(mkdtempSync(path.join(tmpdir(), 'reconnect-anchor-')), 'anchor.json');

  it('says "ok N events" and exits 0 while the trail is whole', async () => {
    const res = await reconnect(['audit', 'verify']);
    expect(res.code).toBe(0);
    const n = Number(/^ok (\d+) events\n$/.exec(res.stdout)?.[1]);
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('audit anchor prints the signed head, --out writes it, and verify --anchor FILE is ok while history holds', async () => {
    const printed = await reconnect(['audit', 'anchor']);
    expect(printed.code).toBe(0);
    const anchor = JSON.parse(printed.stdout) as { format: string; count: number; sequence: number; signature: string };
    expect(anchor).toMatchObject({ format: 'reconnect-audit-anchor' });
    expect(anchor.count).toBeGreaterThanOrEqual(3);
    expect(anchor.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(printed.stderr).toContain('development key');
    const written = await reconnect(['audit', 'anchor', '--out', anchorFile]);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^anchored \d+ events, head [0-9a-f]{64}, written to /);
    const res = await reconnect(['audit', 'verify', '--anchor', anchorFile]);
    expect(res.stdout).toMatch(/^ok \d+ events\n$/);
    expect(res.code).toBe(0);
  });

  it('verify --anchor refuses an anchor signed with another key', async () => {
    const res = await reconnectWith({ AUDIT_CHAIN_KEY: 'another deployment’s key, 32 characters or more' }, [
      'audit',
      'verify',
      '--anchor',
      anchorFile,
    ]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain("the anchor's signature does not match");
  });

  it('exits 1 naming the event after someone with owner rights edits one', async () => {
    const id = await (async () => {
      const database = await store.open();
      try {
        const [event] = await database.db
          .select()
          .from(auditEvents)
          .where(sql`${auditEvents.action} = 'user.created'`)
          .limit(1);
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`alter table audit_events disable trigger user`);
          await tx.execute(sql`update audit_events set details = '{"role":"admin"}' where id = ${event!.id}`);
          await tx.execute(sql`alter table audit_events enable trigger user`);
        });
        return event!.id;
      } finally {
        await database.close();
      }
    })();
    const res = await reconnect(['audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`broken at event ${id}:`);
    expect(res.stdout).toContain('it was changed');
  });

  it('audit anchor refuses to vouch for the broken trail, and verify --anchor still names the event', async () => {
    const anchored = await reconnect(['audit', 'anchor']);
    expect(anchored.code).toBe(1);
    expect(anchored.stdout).toBe('');
    const res = await reconnect(['audit', 'verify', '--anchor', anchorFile]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^broken at event \d+:/);
  });
});
