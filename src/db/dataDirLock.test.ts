// One process per PGlite directory: a second opener is refused while the owner lives; a lock left by a
// process that died (or a file that is not a lock at all) does not keep the service down.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { lockDataDir } from './dataDirLock.ts';

let liveOwner: ChildProcess;
const dirs: string[] = [];

function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'reconnect-lock-'));
  dirs.push(dir);
  return dir;
}

const lockFile = (dir: string) => path.join(dir, 'reconnect.lock');
const writeLock = (dir: string, content: string) => {
  writeFileSync(lockFile(dir), content);
};
const owner = (pid: number, host = hostname()) =>
  JSON.stringify({ pid, hostname: host, startedAt: new Date().toISOString() });

/** The pid of a process that has already exited. */
function deadPid(): number {
  const done = spawnSync('true');
  return done.pid;
}

beforeAll(() => {
  liveOwner = spawn('sleep', ['60'], { stdio: 'ignore' });
});
afterAll(() => {
  liveOwner.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  let held: { release(): void } | undefined;
  afterEach(() => {
    held?.release();
    held = undefined;
  });

  it('creates the directory and a lock file naming this process, and removes it on release', () => {
    const dir = path.join(freshDir(), 'not-yet-there');
    held = lockDataDir(dir);
    const written = JSON.parse(readFileSync(lockFile(dir), 'utf8'));
    expect(written).toMatchObject({ pid: process.pid, hostname: hostname() });
    held.release();
    held = undefined;
    expect(existsSync(lockFile(dir))).toBe(false);
    held = lockDataDir(dir);
    expect(existsSync(lockFile(dir))).toBe(true);
  });

  it('refuses a second lock in the same process while the first is held', () => {
    const dir = freshDir();
    held = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(`is in use by process ${process.pid}`);
  });

  it('refuses while another live process holds the directory, and says what to do', () => {
    const dir = freshDir();
    writeLock(dir, owner(liveOwner.pid!));
    expect(() => lockDataDir(dir)).toThrow(
      new RegExp(
        `The database in .* is in use by process ${liveOwner.pid} on ${hostname()}\\. Stop that process first, or set RECONNECT_DATA_DIR`,
      ),
    );
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(liveOwner.pid);
  });

  it('refuses a lock held from another host, whose process it cannot check', () => {
    const dir = freshDir();
    writeLock(dir, owner(deadPid(), 'some-other-host.example'));
    expect(() => lockDataDir(dir)).toThrow('on some-other-host.example');
  });

  it.each([
    ['a process on this host that has exited', () => owner(deadPid())],
    ['a file that is not JSON', () => 'garbage \u0000 not a lock'],
    ['an empty file', () => ''],
  ])('takes over a lock left by %s', (_what, content) => {
    const dir = freshDir();
    writeLock(dir, content());
    held = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
  });
});
