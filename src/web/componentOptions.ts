// What the design system's components are given, as the ones drawn in JavaScript (web/table.ts,
// web/summaryList.ts) check it before drawing: anything else is left to the component's own template.
import nunjucks from 'nunjucks';

const { SafeString } = nunjucks.runtime;
export type Safe = nunjucks.runtime.SafeString;

/** Markup marked safe (`| safe`, or a macro's output). */
export const isEscaped = (value: unknown): value is Safe => value instanceof SafeString;
/** Options, as a mapping the templates read keys of: not a list, a set or safe markup. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !isEscaped(value) && !(value instanceof Set);
/** A `text` option: text, a number or true or false, or nothing. */
export const isText = (value: unknown) =>
  value === undefined || value === null || ['string', 'number', 'boolean'].includes(typeof value);
/** An `html` option: markup, as text or safe, or nothing. */
export const isMarkup = (value: unknown) => value === undefined || typeof value === 'string' || isEscaped(value);
/** A `classes` option: text or nothing. */
export const isClasses = (value: unknown) => value === undefined || typeof value === 'string';
