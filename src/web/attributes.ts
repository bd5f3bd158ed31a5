// The design system's `nhsukAttributes` (nhsuk-frontend dist/nhsuk/macros/attributes.njk), which every component
// calls for every element it renders, in JavaScript. As a Nunjucks macro it loops over the attributes with a
// `{% set %}` for each step, and a table of 20 rows spent more than half of its rendering there. It gives the same
// attributes, in the same order and quoting, without the whitespace the macro's own tags leave before them (inside
// an element's tag, where HTML ignores it); attributes.property.test.ts proves it against the macro.
// Served in the macro's place by web/views/nhsuk/macros/attributes.njk, which the loader finds first.
import nunjucks from 'nunjucks';

const { SafeString } = nunjucks.runtime;
type Safe = nunjucks.runtime.SafeString;

// Nunjucks' own tests and operators, as the macro's expressions use them (nunjucks/src/tests.js, lib.js, runtime.js).
const isEscaped = (value: unknown): value is Safe => value instanceof SafeString;
const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Set);
const isIterable = (value: unknown): boolean =>
  !!(value as { [Symbol.iterator]?: unknown } | null | undefined)?.[Symbol.iterator];
/** Nunjucks' own escaping (nunjucks/src/lib.js `escape`, what autoescaping does; its type declarations omit it). */
export const escapeText = (nunjucks.lib as unknown as { escape(text: string): string }).escape;
/** The `escape` filter: safe markup as it is, anything else as escaped text (its values are text, numbers, true or false). */
const escapeFilter = (value: unknown): Safe =>
  isEscaped(value) ? value : new SafeString(escapeText(String((value as string | number | boolean | null) ?? '')));
/** The `in` operator on the escaped value: text is searched; safe markup is an object, so never holds `"`. */
const holdsQuote = (value: string | Safe): boolean => typeof value === 'string' && value.includes('"');
/** `| dump | replace(...)`: JSON, with the characters that could end an attribute or start a tag as escapes. */
const arrayJson = (value: unknown): string =>
  ((JSON.stringify(value) as string | undefined) ?? '')
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll("'", '\\u0027');

interface Options {
  value?: unknown;
  type?: unknown;
  optional?: unknown;
}

/** The attributes as markup: ` name="value"` for each, or the text or markup given instead of a mapping. */
export function nhsukAttributes(attributes?: unknown): Safe {
  // Called as a keyword argument (`nhsukAttributes(attributes=…)`), Nunjucks passes the keywords as one object.
  if (isMapping(attributes) && (attributes as { __keywords?: unknown }).__keywords === true)
    attributes = (attributes as { attributes?: unknown }).attributes;
  if (typeof attributes === 'string') return new SafeString(attributes);
  if (isEscaped(attributes)) return attributes;
  if (!isMapping(attributes)) return new SafeString('');
  let html = '';
  // The macro's `value` is set by three of its four branches and read after them: a mapping of type "array" keeps
  // the one before it, as the macro's loop does.
  let value: unknown;
  for (const name in attributes) {
    const item = attributes[name];
    const options: Options =
      isMapping(item) && !isEscaped(item) ? item : { value: item, type: 'string', optional: false };
    let escaped: string | Safe;
    if (options.value === undefined || options.value === null) {
      value = null;
      escaped = '';
    } else if (isEscaped(options.value)) {
      value = options.value.val;
      escaped = options.value;
    } else if (options.type === 'array' && isIterable(options.value)) {
      escaped = arrayJson(options.value);
    } else {
      value = options.value;
      escaped = escapeFilter(options.value);
    }
    const attributeName = escapeFilter(name).val;
    if (options.optional === true && value === true) html += ` ${attributeName}`;
    else if (options.optional !== true || (value !== undefined && value !== null && value !== false)) {
      html += holdsQuote(escaped) ? ` ${attributeName}='${String(escaped)}'` : ` ${attributeName}="${String(escaped)}"`;
    }
  }
  return new SafeString(html);
}
