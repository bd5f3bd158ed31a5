// The time each tier of the suite took, printed after the run: a slow tier is seen before it makes the whole
// suite slow (the suite is kept under ten minutes on either database on a two-core machine). "Time in files"
// adds every file's own time, so with several workers it is more than the tier's share of the wall clock.
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const TIERS: { name: string; matches: (file: string) => boolean }[] = [
  {
    name: 'Rules (pure functions, property tests)',
    matches: (f) => /(^|\/)(\w*[rR]ules|phases|checklist)\b.*\.test\.ts$/.test(f) || f.includes('.property.'),
  },
  { name: 'Architecture (imports)', matches: (f) => f.startsWith('test/architecture/') },
  { name: 'Need-to-know walk', matches: (f) => f.startsWith('test/access/') },
  { name: 'Fuzz', matches: (f) => f.startsWith('test/fuzz/') },
  { name: 'Crash safety', matches: (f) => f.startsWith('test/crash/') },
  { name: 'Scenarios', matches: (f) => f.startsWith('test/scenarios/') },
  { name: 'Browser journeys', matches: (f) => f.startsWith('test/browser/') },
  { name: 'Services, pages and the API', matches: () => true },
];

export function tierOf(file: string): string {
  return (TIERS.find((t) => t.matches(file)) ?? { name: 'Other' }).name;
}

export default class TierReporter implements Reporter {
  private started = Date.now();

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    const byTier = new Map<string, { files: number; tests: number; ms: number }>();
    for (const m of modules) {
      const name = tierOf(path.relative(process.cwd(), m.moduleId).split(path.sep).join('/'));
      const tier = byTier.get(name) ?? { files: 0, tests: 0, ms: 0 };
      const d = m.diagnostic();
      tier.files += 1;
      tier.tests += [...m.children.allTests()].length;
      tier.ms += d.duration + d.collectDuration + d.setupDuration + d.environmentSetupDuration;
      byTier.set(name, tier);
    }
    const rows = TIERS.map((t) => [t.name, byTier.get(t.name)] as const).filter(([, v]) => v);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const lines = rows.map(
      ([name, v]) =>
        `  ${name.padEnd(40)} ${String(v?.files ?? 0).padStart(5)} ${String(v?.tests ?? 0).padStart(6)} ${seconds(v?.ms ?? 0).padStart(9)}`,
    );
    console.log(
      [
        '',
        `  ${'Time per tier'.padEnd(40)} ${'files'.padStart(5)} ${'tests'.padStart(6)} ${'in files'.padStart(9)}`,
        ...lines,
        `  ${'Whole run (wall clock)'.padEnd(40)} ${String(modules.length).padStart(5)} ${''.padStart(6)} ${seconds(Date.now() - this.started).padStart(9)}`,
        '',
      ].join('\n'),
    );
  }
}
