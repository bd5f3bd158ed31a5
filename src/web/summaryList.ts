// The design system's summary list (nhsuk-frontend dist/nhsuk/components/summary-list/template.njk and its row's
// row/template.njk) in JavaScript, for the lists the service's pages draw: rows of a key and a value, each text or
// markup, with classes and attributes, and links to change them (card/action/template.njk). As templates they call
// a macro per row with a dozen `set` tags and four filters over the markup, and a record page draws forty rows. A
// list that asks for anything else (a card, borders, widths, ids, buttons, markup or a caller in place of rows) is
// drawn by the design system's own template:
// web/views/nhsuk/components/summary-list/macro.njk chooses, and summaryList.property.test.ts proves the two draw
// the same list.
import nunjucks from 'nunjucks';
import { escapeText, nhsukAttributes } from './attributes.ts';
import { isClasses, isEscaped, isMarkup, isPlainObject, isText, type Safe } from './componentOptions.ts';

const { SafeString } = nunjucks.runtime;

/** What a list, a row, its key or value, its actions or an action may be given and still be drawn here. */
const LIST_OPTIONS = new Set(['rows', 'classes', 'attributes']);
const ROW_OPTIONS = new Set(['key', 'value', 'actions', 'classes', 'attributes']);
const CELL_OPTIONS = new Set(['text', 'html', 'classes', 'attributes']);
const ACTIONS_OPTIONS = new Set(['items']);
const ACTION_OPTIONS = new Set(['href', 'text', 'visuallyHiddenText']);

/** Only these options are given (an option given as undefined is one not given, to the templates as here). */
function onlyOptions(value: Record<string, unknown>, options: ReadonlySet<string>): boolean {
  for (const key in value) if (value[key] !== undefined && !options.has(key)) return false;
  return true;
}

function handlesCell(cell: unknown): boolean {
  if (!isPlainObject(cell)) return true; // text, markup or anything else: drawn or left empty as the template does
  return onlyOptions(cell, CELL_OPTIONS) && isText(cell.text) && isMarkup(cell.html) && isClasses(cell.classes);
}

/** A link to change the row (the template's `a`, which it draws for an action with an address and no type). */
const handlesAction = (action: unknown): boolean =>
  isPlainObject(action) &&
  onlyOptions(action, ACTION_OPTIONS) &&
  typeof action.href === 'string' &&
  action.href !== '' &&
  (action.text === undefined || typeof action.text === 'string') &&
  (action.visuallyHiddenText === undefined || typeof action.visuallyHiddenText === 'string');

const handlesActions = (actions: unknown): boolean =>
  actions === undefined ||
  (isPlainObject(actions) &&
    onlyOptions(actions, ACTIONS_OPTIONS) &&
    (actions.items === undefined || (Array.isArray(actions.items) && actions.items.every(handlesAction))));

/** A row as the template's `select("mapping")` keeps it: an object (safe markup is one, and is left to the template). */
function handlesRow(row: unknown): boolean {
  if (isEscaped(row)) return false;
  if (!isPlainObject(row)) return true; // dropped by the template's `select("mapping")`, and here
  return (
    onlyOptions(row, ROW_OPTIONS) &&
    isClasses(row.classes) &&
    handlesCell(row.key) &&
    handlesCell(row.value) &&
    handlesActions(row.actions)
  );
}

/** Whether this list is one drawn here: only options whose drawing summaryList.property.test.ts proves. */
export function handlesSummaryList(params: unknown): params is Record<string, unknown> {
  if (!isPlainObject(params) || !onlyOptions(params, LIST_OPTIONS)) return false;
  if (!isClasses(params.classes)) return false;
  const { rows } = params;
  return rows === undefined || rows === null || rows === '' || (Array.isArray(rows) && rows.every(handlesRow));
}

interface Cell {
  text?: string | number | boolean | null | undefined;
  html?: string | Safe | undefined;
  classes?: string | undefined;
  attributes?: unknown;
}

/** A key or value as the row's template reads it: text is text, escaped markup is markup, a mapping is as given. */
function cellOf(item: unknown): Cell {
  if (typeof item === 'string') return { text: item };
  if (isEscaped(item)) return { html: item };
  return isPlainObject(item) ? item : {};
}

/** The template's `| trim | indent(4)` inside a row it indents by 2: every line after the first moved right by 6. */
function contentOf(cell: Cell): string {
  const content = cell.html ? String(cell.html).trim() : cell.text ? escapeText(String(cell.text)).trim() : '';
  return content.replaceAll('\n', '\n      ');
}

interface Action {
  href: string;
  text?: string | undefined;
  visuallyHiddenText?: string | undefined;
}

/** A row's links (handlesActions): its `actions.items`. */
const actionsOf = (row: Record<string, unknown>): Action[] =>
  (row.actions as { items?: Action[] } | undefined)?.items ?? [];

/**
 * The link as the card action's template draws it, placed `width` in: every line after the first of its text moved
 * right by that (the template's own `indent(2)` with the row's), of its hidden text by the row's alone.
 */
function drawAction(action: Action, width: number): string {
  const moved = (text: string, by: number) => escapeText(text).replaceAll('\n', `\n${' '.repeat(by)}`);
  const text = action.text ? moved(action.text.trim(), width) : '';
  const hidden = action.visuallyHiddenText
    ? `<span class="nhsuk-u-visually-hidden"> ${moved(action.visuallyHiddenText, width - 2)}</span>`
    : '';
  return `<a${String(nhsukAttributes({ class: 'nhsuk-link', href: action.href }))}>${text}${hidden}</a>`;
}

/** The row's actions: one link, or a list of them (row/template.njk). */
function drawActions(actions: readonly Action[]): string {
  const [only, ...more] = actions;
  if (!only) return '';
  // One link is indented by 4 in the row, a listed one by 8 in its item; the row itself by 2.
  if (!more.length) return `<dd class="nhsuk-summary-list__actions">${drawAction(only, 8)}</dd>`;
  const items = actions.map((a) => `<li class="nhsuk-summary-list__actions-list-item">${drawAction(a, 12)}</li>`);
  return `<dd class="nhsuk-summary-list__actions"><ul class="nhsuk-summary-list__actions-list">${items.join('')}</ul></dd>`;
}

function drawCell(element: 'dt' | 'dd', base: string, cell: Cell): string {
  const names = cell.classes ? `${base} ${cell.classes}` : base;
  const attributes = String(nhsukAttributes(cell.attributes));
  return `<${element} class="${escapeText(names)}"${attributes}>${contentOf(cell)}</${element}>`;
}

/** The list, as the design system's template draws it for these options (handlesSummaryList). */
export function nhsukSummaryList(params: Record<string, unknown>): Safe {
  const given = params.classes as string | undefined; // handlesSummaryList: text or nothing
  const classes = given ? `nhsuk-summary-list ${given}` : 'nhsuk-summary-list';
  let html = `<dl class="${escapeText(classes)}"${String(nhsukAttributes(params.attributes))}>\n`;
  const rows = (Array.isArray(params.rows) ? (params.rows as unknown[]) : []).filter(isPlainObject);
  // A list with a link on any row marks the rows without one, so their values line up (summary-list/template.njk).
  const hasActions = rows.some((row) => actionsOf(row).length > 0);
  for (const row of rows) {
    const actions = actionsOf(row);
    let names = 'nhsuk-summary-list__row';
    if (hasActions && !actions.length) names += ' nhsuk-summary-list__row--no-actions';
    if (row.classes) names += ` ${row.classes as string}`;
    html += `  <div class="${escapeText(names)}"${String(nhsukAttributes(row.attributes))}>`;
    html += drawCell('dt', 'nhsuk-summary-list__key', cellOf(row.key));
    html += drawCell('dd', 'nhsuk-summary-list__value', cellOf(row.value));
    html += `${drawActions(actions)}</div>\n`;
  }
  return new SafeString(`${html}</dl>`);
}
