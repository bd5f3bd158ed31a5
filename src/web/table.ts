// The design system's table (nhsuk-frontend dist/nhsuk/components/tables/template.njk) in JavaScript, for the tables
// the service's pages draw: a caption, a row of column headings and rows of cells, each text or markup, numeric or
// not, with classes and attributes. As a template it calls a macro per cell, each with a dozen `set` tags and four
// filters over the markup, and the 20 contacts of an episode page were a third of its rendering. A table that asks
// for anything else (sorting, links in cells, responsive, scroll, cards, spans, widths, alignment, hidden text) is
// drawn by the design system's own template: web/views/nhsuk/components/tables/macro.njk chooses, and
// table.property.test.ts proves the two draw the same table.
import nunjucks from 'nunjucks';
import { escapeText, nhsukAttributes } from './attributes.ts';
import { isClasses, isEscaped, isMarkup, isPlainObject, isText, type Safe } from './componentOptions.ts';

const { SafeString } = nunjucks.runtime;

/** What a cell, a heading or the table may be given and still be drawn here; anything else goes to the template. */
const TABLE_OPTIONS = new Set(['caption', 'captionSize', 'head', 'rows', 'firstCellIsHeader', 'classes', 'attributes']);
const CELL_OPTIONS = new Set(['text', 'html', 'format', 'classes', 'attributes']);
const CAPTION_SIZES = ['s', 'm', 'l', 'xl'];

function handlesCell(cell: unknown): boolean {
  // An array would be a sortable heading to the template (it reads `item.sort`); text, markup or anything else is
  // drawn or skipped as the template does.
  if (Array.isArray(cell)) return false;
  if (!isPlainObject(cell)) return true;
  for (const key in cell) if (!CELL_OPTIONS.has(key)) return false;
  return isText(cell.text) && isMarkup(cell.html) && isClasses(cell.format) && isClasses(cell.classes);
}

/** Whether this table is one drawn here: only options whose drawing table.property.test.ts proves. */
export function handlesTable(params: unknown): params is Record<string, unknown> {
  if (!isPlainObject(params)) return false;
  for (const key in params) if (!TABLE_OPTIONS.has(key)) return false;
  const { caption, head, rows } = params;
  if (caption !== undefined && typeof caption !== 'string') return false;
  if (!isClasses(params.classes) || !isClasses(params.captionSize)) return false;
  if (head !== undefined && !(Array.isArray(head) && head.every(handlesCell))) return false;
  if (rows === undefined) return true;
  return (
    Array.isArray(rows) &&
    rows.every((row) => Array.isArray(row) && row.every((cell) => Array.isArray(cell) || handlesCell(cell)))
  );
}

interface Cell {
  text?: string | number | boolean | null | undefined;
  html?: string | Safe | undefined;
  format?: string | undefined;
  classes?: string | undefined;
  attributes?: unknown;
}

/** A cell as the template reads it: text is text, escaped markup is markup, a mapping is as given. */
function cellOf(item: unknown): Cell | undefined {
  if (typeof item === 'string') return { text: item };
  if (isEscaped(item)) return { html: item };
  return isPlainObject(item) ? item : undefined;
}

/** Every line after the first moved right, as the template's `indent` filters leave the markup inside an element. */
const indented = (markup: string, width: number) => markup.replaceAll('\n', `\n${' '.repeat(width)}`);

/** The cell's content (its markup, else its text escaped), trimmed. */
function contentOf(cell: Cell): string {
  if (cell.html) return String(cell.html).trim(); // markup as it is, safe or not (the template's `| safe`)
  if (cell.text) return escapeText(String(cell.text)).trim();
  return '';
}

function drawCell(cell: Cell, element: 'th' | 'td', scope: string | undefined, align: string | undefined): string {
  const base = element === 'th' ? 'nhsuk-table__header' : 'nhsuk-table__cell';
  const classes = cell.classes;
  let names = base;
  if (cell.format === 'numeric' && !classes?.includes(`${base}--numeric`)) names += ` ${base}--numeric`;
  if (align && !['left', 'centre', 'right'].some((side) => classes?.includes(`nhsuk-u-text-align-${side}`))) {
    names += ` nhsuk-u-text-align-${align}`;
  }
  if (classes) names += ` ${classes}`;
  const attributes = nhsukAttributes({ class: names, scope: { value: scope, optional: true } });
  const own = String(nhsukAttributes(cell.attributes));
  return `<${element}${String(attributes)}${own}>${indented(contentOf(cell), 8)}</${element}>`;
}

/** The table, as the design system's template draws it for these options (handlesTable). */
export function nhsukTable(params: Record<string, unknown>): Safe {
  const head = (params.head as unknown[] | undefined) ?? [];
  const rows = (params.rows as unknown[][] | undefined) ?? [];
  const caption = params.caption as string | undefined;
  const classes = params.classes as string | undefined;
  let html = `<table${String(nhsukAttributes({ class: classes ? `nhsuk-table ${classes}` : 'nhsuk-table' }))}`;
  html += `${String(nhsukAttributes(params.attributes))}>\n`;
  if (caption) {
    const size = CAPTION_SIZES.includes(params.captionSize as string)
      ? ` nhsuk-table__caption--${String(params.captionSize)}`
      : '';
    html += `<caption class="nhsuk-table__caption${size}">${indented(escapeText(caption).trim(), 4)}</caption>\n`;
  }
  const headings = head.map(cellOf);
  if (head.length) {
    html += '<thead class="nhsuk-table__head"><tr class="nhsuk-table__row">';
    for (const heading of headings) if (heading) html += drawCell(heading, 'th', 'col', undefined);
    html += '</tr></thead>\n';
  }
  html += '<tbody class="nhsuk-table__body">\n';
  for (const row of rows) {
    html += '<tr class="nhsuk-table__row">';
    row.forEach((item, index) => {
      const cell = cellOf(item);
      if (!cell) return;
      const heading = headings[index];
      const format = cell.format ?? heading?.format;
      const align = cell.format === 'string' && heading?.format === 'numeric' ? 'right' : undefined;
      const isRowHeader = index === 0 && !!params.firstCellIsHeader;
      html += drawCell({ ...cell, format }, isRowHeader ? 'th' : 'td', isRowHeader ? 'row' : undefined, align);
    });
    html += '</tr>\n';
  }
  return new SafeString(`${html}</tbody>\n</table>`);
}
