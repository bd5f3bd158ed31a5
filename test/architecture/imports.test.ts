// The shape every folder keeps (STYLE.md, docs/architecture.md), held by reading the import graph:
// - no two domain folders import each other, directly or round a loop (type imports count);
// - HTTP files (routes, pages) hold no SQL: they never import the schema, drizzle or a repository;
// - SQL lives in repositories (and the few infrastructure files named below);
// - only the composition root (src/services.ts) builds services.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** Loops still being taken apart; each entry goes when its folders are put right. */
const LEFT_TO_UNTANGLE: string[][] = [];

/** Files other than repositories that may touch tables: the database itself, the audit chain, backups, and need-to-know scopes. */
const SQL_OUTSIDE_REPOSITORIES = [
  /^db\//,
  /^audit\//,
  /^backup\//,
  /^jobs\/pgBossDb\.ts$/,
  /^access\/scopes\.ts$/,
  /^demo\//,
  /^cli\//,
];
/** Not yet moved into a repository; each entry goes when its folder is put right. */
const SQL_LEFT_TO_MOVE: RegExp[] = [];
const HTTP_SQL_LEFT_TO_MOVE: RegExp[] = [];
const BUILDERS_LEFT_TO_MOVE: RegExp[] = [];

interface SourceFile {
  rel: string;
  folder: string;
  imports: { target: string; names: string; typeOnly: boolean }[];
}

function sourceFiles(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        const text = readFileSync(full, 'utf8');
        const imports = [...text.matchAll(/(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/g)].map(
          (m) => {
            const spec = m[3] ?? '';
            const target = spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(full), spec)) : spec;
            return { target, names: m[2] ?? '', typeOnly: m[1] !== undefined };
          },
        );
        const rel = path.relative(SRC, full);
        out.push({ rel, folder: rel.includes(path.sep) ? (rel.split(path.sep)[0] ?? '') : '', imports });
      }
    }
  };
  walk(SRC);
  return out;
}

/** Strongly connected components of the folder graph with more than one folder: the loops. */
function loops(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

const files = sourceFiles();
const isHttpFile = (rel: string) => /(^|\/)(routes|pages)\.ts$|[a-z](Routes|Pages)\.ts$/.test(rel);
const isRepository = (rel: string) => /(^|\/)repository\.ts$|[a-z]Repository\.ts$/.test(rel);
const touchesTables = (f: SourceFile) =>
  f.imports.some((i) => i.target === 'drizzle-orm' || /^db\/schema(\/|\.ts$)/.test(i.target));

describe('the import graph', () => {
  it('has no loop between domain folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const f of files) {
      if (!f.folder) continue;
      for (const i of f.imports) {
        const to = i.target.includes(path.sep) && !i.target.startsWith('..') ? (i.target.split(path.sep)[0] ?? '') : '';
        if (!to || to === f.folder || !/^[a-zA-Z]/.test(i.target) || i.target.startsWith('node:')) continue;
        if (!statSync(path.join(SRC, to), { throwIfNoEntry: false })?.isDirectory()) continue;
        const set = edges.get(f.folder) ?? new Set<string>();
        set.add(to);
        edges.set(f.folder, set);
      }
    }
    expect(loops(edges)).toEqual(LEFT_TO_UNTANGLE);
  });

  it('keeps SQL out of routes and pages', () => {
    const offenders = files
      .filter((f) => isHttpFile(f.rel) && !HTTP_SQL_LEFT_TO_MOVE.some((allowed) => allowed.test(f.rel)))
      .filter(
        (f) => touchesTables(f) || f.imports.some((i) => isRepository(i.target) || /queries\.ts$/i.test(i.target)),
      )
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('keeps SQL in repositories', () => {
    const offenders = files
      .filter((f) => touchesTables(f) && !isRepository(f.rel))
      .filter((f) => ![...SQL_OUTSIDE_REPOSITORIES, ...SQL_LEFT_TO_MOVE].some((allowed) => allowed.test(f.rel)))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('builds services only in the composition root', () => {
    const offenders = files
      .filter((f) => f.rel !== 'services.ts' && !BUILDERS_LEFT_TO_MOVE.some((allowed) => allowed.test(f.rel)))
      .filter((f) => f.imports.some((i) => !i.typeOnly && /\bcreate\w+Service\b/.test(i.names)))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});
