// Test data comes from the shared factories in test/support/factories.ts (STYLE.md: factories build test
// data), read from every test file's top-level statements:
// - no test file declares its own site code: `const ER = 'er-lancashire-cumbria'` is `SITES.lancashire`;
// - no test file defines its own "refer, accept, open an episode" builder: a top-level helper that does two
//   or more of the factory's steps itself (send a referral, accept it at screening, open an episode) is a
//   copy of `aReferral` / `anAcceptedReferral` / `anOpenEpisode`. A helper that calls the factories is not.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SITES } from '../support/factories.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Test files not yet moved onto the factories (each with what it still copies). The list can only shrink:
 * a converted file must leave it, and no new file may join it.
 */
const FACTORIES_LEFT_TO_ADOPT: string[] = [];

const SITE_CODES = new Set<string>(Object.values(SITES));

/** The factory's steps, as a copy of it writes them. */
const STEPS: { name: string; test: (body: string) => boolean }[] = [
  {
    name: 'sends a referral',
    test: (b) => /url:\s*['`]\/api\/v1\/referrals['`]/.test(b) && /method:\s*'POST'/.test(b),
  },
  { name: 'accepts it at screening', test: (b) => /\/screening`/.test(b) && /decision:\s*'accept'/.test(b) },
  { name: 'opens an episode', test: (b) => /url:\s*['`]\/api\/v1\/episodes['`]/.test(b) },
];

function testFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'node_modules') walk(full);
      } else if (/\.test\.ts$/.test(name)) out.push(path.relative(ROOT, full).split(path.sep).join('/'));
    }
  };
  walk(path.join(ROOT, 'src'));
  walk(path.join(ROOT, 'test'));
  return out.filter((f) => !f.startsWith('test/support/')).sort();
}

/** What one file copies instead of using the factories (empty when it copies nothing). */
export function copiesIn(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const steps = STEPS.filter((s) => s.test(statement.body!.getText(source))).map((s) => s.name);
      if (steps.length >= 2) found.push(`helper ${statement.name?.text ?? '(anonymous)'} ${steps.join(', ')}`);
    }
    if (!ts.isVariableStatement(statement)) continue;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      const name = declaration.name.getText(source);
      const init = declaration.initializer;
      if (!init) continue;
      if (isConst && ts.isStringLiteralLike(init) && SITE_CODES.has(init.text)) {
        found.push(`site constant ${name} = '${init.text}'`);
      }
      if (
        isConst &&
        ts.isArrayLiteralExpression(init) &&
        init.elements.length > 0 &&
        init.elements.every((e) => ts.isStringLiteralLike(e) && SITE_CODES.has(e.text))
      ) {
        found.push(`site constant ${name} = [${init.elements.map((e) => e.getText(source)).join(', ')}]`);
      }
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
        const steps = STEPS.filter((s) => s.test(init.body.getText(source))).map((s) => s.name);
        if (steps.length >= 2) found.push(`helper ${name} ${steps.join(', ')}`);
      }
    }
  }
  return found;
}

describe('test data comes from the shared factories', () => {
  const files = testFiles();
  const copying = new Map(
    files.map((f) => [f, copiesIn(f, readFileSync(path.join(ROOT, f), 'utf8'))] as const).filter(([, c]) => c.length),
  );

  it('no test file declares its own site code or its own referral and episode builder', () => {
    const offenders = [...copying]
      .filter(([f]) => !FACTORIES_LEFT_TO_ADOPT.includes(f))
      .map(([f, c]) => `${f}: ${c.join('; ')}`);
    expect(
      offenders,
      'use SITES, staffAt, aReferral, anAcceptedReferral, anOpenEpisode (test/support/factories.ts)',
    ).toEqual([]);
  });

  it('the files left to adopt the factories still copy something, and still exist (the list only shrinks)', () => {
    const done = FACTORIES_LEFT_TO_ADOPT.filter((f) => !copying.has(f));
    expect(done, 'converted or gone: take them off FACTORIES_LEFT_TO_ADOPT').toEqual([]);
  });

  it('recognises a copied site code and a copied builder, and lets a helper that calls the factories be', () => {
    const copy = `
const SITE = 'reconnect-hampshire';
const ALIAS = SITES.hampshire;
let other = 'er-birmingham-solihull';
const BOTH = ['er-birmingham-solihull', 'reconnect-hampshire'];
const ALL = Object.values(SITES);
async function episodeAt(site: string) {
  const made = await t.api(referrer.token, { method: 'POST', url: '/api/v1/referrals', payload: body });
  await t.api(m.token, { method: 'POST', url: \`/api/v1/referrals/\${id}/screening\`, payload: { decision: 'accept' } });
  return t.api(m.token, { method: 'POST', url: '/api/v1/episodes', payload: { referralId: id } });
}
const opened = async () => {
  await t.api(m.token, { method: 'POST', url: \`/api/v1/referrals/\${id}/screening\`, payload: { decision: 'accept' } });
  return t.api(m.token, { method: 'POST', url: '/api/v1/episodes', payload: { referralId: id } });
};
const openEpisode = () => anOpenEpisode(t, { referrer, manager }, SITES.hampshire);
function open(user: TestUser, payload: object) {
  return t.api(user.token, { method: 'POST', url: '/api/v1/episodes', payload });
}`;
    expect(copiesIn('x.test.ts', copy)).toEqual([
      "site constant SITE = 'reconnect-hampshire'",
      "site constant BOTH = ['er-birmingham-solihull', 'reconnect-hampshire']",
      'helper episodeAt sends a referral, accepts it at screening, opens an episode',
      'helper opened accepts it at screening, opens an episode',
    ]);
  });
});
