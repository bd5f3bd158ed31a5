// Server-rendered pages: Nunjucks over the NHS design system's own macros (nhsuk-frontend v10).
// Templates live beside their domain (`referrals/views/…`); the layout and shared partials in web/views.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, timeLeft } from './format.ts';
import { pageMessage, say } from './vocabulary.ts';
import { CSRF_MARK, cachedMacro } from './macroMemo.ts';
import { nhsukAttributes } from './attributes.ts';
import { handlesTable, nhsukTable } from './table.ts';
import { handlesSummaryList, nhsukSummaryList } from './summaryList.ts';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
export const nhsukDist = path.resolve(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');

export function createTemplateEnvironment(options: { watch: boolean }): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([path.join(srcDir, 'web', 'views'), srcDir, nhsukDist], {
    noCache: options.watch,
  });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  importsOnce.add(env);
  env.addFilter('date', (value: unknown) => formatDate(value));
  env.addFilter('dateTime', (value: unknown) => formatDateTime(value));
  env.addFilter('timeLeft', (value: unknown, now: unknown) => timeLeft(value, now));
  env.addFilter('words', (value: unknown, empty?: string) => say(value, empty));
  env.addFilter('pageMessage', (value: unknown) => (typeof value === 'string' ? pageMessage(value) : value));
  env.addFilter('trim', trim);
  env.addGlobal('cachedMacro', cachedMacro);
  env.addGlobal('csrfMark', CSRF_MARK);
  // Found before the design system's own macros/attributes.njk (web/views/nhsuk/macros/attributes.njk).
  env.addGlobal('nhsukAttributesJs', nhsukAttributes);
  // Found before the design system's own components/tables/macro.njk (web/views/nhsuk/components/tables/macro.njk).
  env.addGlobal('nhsukTableHandles', handlesTable);
  env.addGlobal('nhsukTableJs', nhsukTable);
  // Found before the design system's own components/summary-list/macro.njk (web/views/nhsuk/components/summary-list).
  env.addGlobal('nhsukSummaryListHandles', handlesSummaryList);
  env.addGlobal('nhsukSummaryListJs', nhsukSummaryList);
  return env;
}

/**
 * Nunjucks' own `trim` is `str.replace(/^\s*|\s*$/g, '')` (nunjucks/src/filters.js), which tries `\s*$` again
 * from every character of a run of whitespace: quadratic in the runs the design system's macros leave, and the
 * header (nhsuk-frontend components/header/template.njk) trims its whole navigation on every page.
 * String.prototype.trim removes the same characters (ECMA-262: `\s` is WhiteSpace and LineTerminator, which is
 * what trim removes), in one pass; safe (already escaped) markup stays safe, as nunjucks' copySafeness keeps it.
 */
export function trim(value: string | nunjucks.runtime.SafeString): string | nunjucks.runtime.SafeString {
  const trimmed = String.prototype.trim.call(value);
  return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
}

type Exported = Record<string, unknown>;
type ExportedCallback = (error: Error | null, exported: Exported | null) => void;
interface ImportableTemplate {
  env: nunjucks.Environment;
  getExported(ctx: unknown, parentFrame?: unknown, cb?: unknown): void;
}

/**
 * `{% from "…/macro.njk" import … %}` re-runs the imported template's root on every render to build its exports
 * (nunjucks/src/environment.js, Template#getExported), though nunjucks keeps the compiled template: the layout's
 * design-system imports, and the ones each component's own template makes every time its macro is called, are most
 * of a page's rendering. An import without context (nunjucks' default; `with context` passes the page's variables)
 * sees only an empty context and the environment, so its exports are the same every time: built once per compiled
 * template. With watchTemplates the loader compiles a new template on each read, so an edited macro is seen.
 */
const importsOnce = new WeakSet<nunjucks.Environment>();
const exportsOf = new WeakMap<ImportableTemplate, Exported>();
const template = nunjucks.Template.prototype as unknown as ImportableTemplate;
const getExported = template.getExported;
template.getExported = function (this: ImportableTemplate, ctx: unknown, parentFrame?: unknown, cb?: unknown): void {
  if (typeof ctx !== 'function' || !importsOnce.has(this.env)) {
    getExported.call(this, ctx, parentFrame, cb);
    return;
  }
  const done = ctx as ExportedCallback;
  const cached = exportsOf.get(this);
  if (cached) {
    done(null, cached);
    return;
  }
  getExported.call(this, (error: Error | null, exported: Exported | null) => {
    if (!error && exported) exportsOf.set(this, exported);
    done(error, exported);
  });
};
