// The layout's header (nhsuk-frontend's header macro, with the navigation and the account menu) is the same
// markup for the same viewer, section and counts on every page they open, and rendering it was about a quarter of
// what a signed-in page cost the app. The markup is kept by everything the macro is given, so a different name,
// count or current section is a different entry and one user's header is never another's. The only part that
// changes on every page, the form's CSRF token, is given as a mark and filled in afterwards.
import nunjucks from 'nunjucks';
import { escapeText } from './attributes.ts';

type Macro = (args: unknown) => unknown;

/** Stands for the CSRF token in a macro's arguments; cachedMacro puts the page's token (escaped) in its place. */
export const CSRF_MARK = 'reconnect-csrf-token-mark';

/** Entries kept per macro: the most recently used (a few per signed-in user). */
const LIMIT = 2000;
const byMacro = new WeakMap<Macro, Map<string, string>>();

/**
 * The macro's markup for these arguments, rendered once and kept; CSRF_MARK in it replaced by the token. An
 * import without context sees only its arguments and the environment (render.ts), so the same arguments give
 * the same markup; a template compiled again (watchTemplates) has new macros and so an empty store.
 */
export function cachedMacro(macro: Macro, args: unknown, csrfToken?: unknown): nunjucks.runtime.SafeString {
  let kept = byMacro.get(macro);
  if (!kept) {
    kept = new Map<string, string>();
    byMacro.set(macro, kept);
  }
  const key = (JSON.stringify(args) as string | undefined) ?? '';
  let markup = kept.get(key);
  if (markup === undefined) {
    markup = String(macro(args));
    if (kept.size >= LIMIT) kept.delete(kept.keys().next().value ?? '');
  } else kept.delete(key);
  kept.set(key, markup);
  const token = typeof csrfToken === 'string' ? escapeText(csrfToken) : '';
  return new nunjucks.runtime.SafeString(markup.split(CSRF_MARK).join(token));
}
