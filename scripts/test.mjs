// `npm test`: the static checks, then every test, each step timed; stops at the first that fails. The tests'
// own tiers are timed by test/support/tierReporter.ts. Extra arguments go to vitest (`npm test -- src/worklist`).
import { spawnSync } from 'node:child_process';

const steps = [
  ['Formatting (prettier)', ['npm', 'run', '--silent', 'format:check']],
  ['Lint (eslint)', ['npm', 'run', '--silent', 'lint']],
  ['Types (tsc)', ['npm', 'run', '--silent', 'typecheck']],
  ['Tests (vitest)', ['npx', 'vitest', 'run', ...process.argv.slice(2)]],
];

const took = [];
for (const [name, [command, ...args]] of steps) {
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  took.push([name, (Date.now() - started) / 1000]);
  if (status !== 0) {
    console.error(`\n${name} failed.`);
    process.exit(status ?? 1);
  }
}
console.log('\n  Time per step');
for (const [name, seconds] of took) console.log(`  ${name.padEnd(24)} ${seconds.toFixed(1).padStart(7)} s`);
console.log(
  `  ${'All'.padEnd(24)} ${took
    .reduce((s, [, t]) => s + t, 0)
    .toFixed(1)
    .padStart(7)} s`,
);
