// Runs before `npm start` and `npm test` (as prestart/pretest) so that a fresh clone needs only those two
// commands: installs dependencies when node_modules is missing or older than package-lock.json.
// Plain JavaScript on purpose: it may run on whatever Node.js the machine has, before Node 24 is installed.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) ||
  !existsSync('node_modules/.bin/node') ||
  statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.error('Installing dependencies (first run)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
