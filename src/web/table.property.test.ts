import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { createTemplateEnvironment, nhsukDist } from './render.ts';
import { handlesTable } from './table.ts';

// table.ts draws the service's tables in the design system's template's place (nhsuk-frontend
// dist/nhsuk/components/tables/template.njk): for anything it accepts, the page must show the same table. The
// template leaves whitespace between its elements and inside their tags, where a browser ignores it; that is all
// that may differ. Inside a cell, markup and text are compared as they are, line breaks and indentation included
// (cells that keep their lines, `app-preserve-lines`, show them).
const page = '{% from "nhsuk/components/tables/macro.njk" import table %}{{ table(params) }}';
const designSystem = new nunjucks.Environment(new nunjucks.FileSystemLoader([nhsukDist]), { autoescape: true });
const byTemplate = nunjucks.compile(page, designSystem);
const byService = nunjucks.compile(page, createTemplateEnvironment({ watch: false }));

const STRUCTURE = /\s*(<\/?(?:table|caption|thead|tbody|tr|th|td)\b[^>]*>)\s*/g;
const tidy = (html: string) =>
  html
    .replace(/<[a-z][^>]*>/g, (tag) => tag.replace(/\s+/g, ' ').replace(/ >$/, '>'))
    .replace(STRUCTURE, '$1')
    .trim();
const drawn = (params: unknown) => ({
  template: tidy(byTemplate.render({ params })),
  service: tidy(byService.render({ params })),
});

const safe = (text: string) => new nunjucks.runtime.SafeString(text);
const words = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', 'Seen at home', 'a\nb', ' two\n\nlines ', '"quoted"', "it's", '<b>', 'R & D', '  '),
);
const markup = fc.constantFrom(
  '<strong class="nhsuk-tag">Did not attend</strong>',
  '<a href="/x">A\nB</a>',
  ' <b>x</b> ',
  '',
);
const text = fc.oneof(words, fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
const classes = fc.constantFrom(
  undefined,
  'app-x',
  'nhsuk-table__cell--numeric',
  'nhsuk-table__header--numeric',
  'nhsuk-u-text-align-left',
);
const format = fc.constantFrom(undefined, 'numeric', 'string', 'other');
const attributes = fc.constantFrom(
  undefined,
  { 'data-qa': 'cell' },
  { id: 'a"b', hidden: { value: true, optional: true } },
);
const cellObject = fc.record(
  { text, html: fc.oneof(markup, markup.map(safe)), format, classes, attributes },
  { requiredKeys: [] },
);
const cell = fc.oneof(
  { weight: 6, arbitrary: cellObject },
  { weight: 1, arbitrary: words },
  { weight: 1, arbitrary: markup.map(safe) },
  { weight: 1, arbitrary: fc.constantFrom(null, 3, undefined, ['x']) },
);
const heading = fc.oneof(cellObject, words, markup.map(safe), fc.constantFrom(null, 3, undefined));
const params = fc.record(
  {
    caption: words,
    captionSize: fc.constantFrom('s', 'm', 'l', 'xl', 'xs', ''),
    head: fc.array(heading, { maxLength: 4 }),
    rows: fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 4 }),
    firstCellIsHeader: fc.boolean(),
    classes: fc.constantFrom(undefined, 'app-table', ''),
    attributes,
  },
  { requiredKeys: [] },
);

describe('the design system’s table, in JavaScript', () => {
  it('draws the same table as the design system’s template for every table it accepts', () => {
    fc.assert(
      fc.property(params, (given) => {
        expect(handlesTable(given)).toBe(true);
        const { template, service } = drawn(given);
        expect(service).toBe(template);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves any other table to the design system’s template', () => {
    const others = [
      { head: [{ text: 'Name', sort: 'ascending' }], rows: [[{ text: 'A' }]] },
      { rows: [[{ text: 'A', href: '/a' }]] },
      { responsive: true, head: ['Name'], rows: [['A']] },
      { caption: { text: 'Cases', size: 'm' }, rows: [['A']] },
      { rows: [[{ text: 'A', colspan: 2 }]] },
    ];
    for (const other of others) {
      expect(handlesTable(other)).toBe(false);
      const { template, service } = drawn(other);
      expect(service).toBe(template);
    }
  });

  it('draws a page’s table as the design system would', () => {
    const contacts = {
      caption: 'The latest contacts, newest first',
      captionSize: 's',
      attributes: { 'data-qa': 'recent-contacts' },
      head: [{ text: 'When' }, { text: 'Notes' }],
      rows: [
        [{ html: safe('<a href="/c/1">1 Dec 2026</a>') }, { html: '<span class="app-preserve-lines">a\nb</span>' }],
      ],
    };
    const { service } = drawn(contacts);
    expect(service).toBe(
      '<table class="nhsuk-table" data-qa="recent-contacts">' +
        '<caption class="nhsuk-table__caption nhsuk-table__caption--s">The latest contacts, newest first</caption>' +
        '<thead class="nhsuk-table__head"><tr class="nhsuk-table__row">' +
        '<th class="nhsuk-table__header" scope="col">When</th><th class="nhsuk-table__header" scope="col">Notes</th>' +
        '</tr></thead><tbody class="nhsuk-table__body"><tr class="nhsuk-table__row">' +
        '<td class="nhsuk-table__cell"><a href="/c/1">1 Dec 2026</a></td>' +
        '<td class="nhsuk-table__cell"><span class="app-preserve-lines">a\n        b</span></td>' +
        '</tr></tbody></table>',
    );
  });
});
