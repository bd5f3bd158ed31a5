import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { createTemplateEnvironment, nhsukDist, trim } from './render.ts';
import { handlesSummaryList } from './summaryList.ts';

// summaryList.ts draws the service's summary lists in the design system's template's place (nhsuk-frontend
// dist/nhsuk/components/summary-list/template.njk and row/template.njk): for anything it accepts, the page must show
// the same list. The template leaves whitespace between its elements and inside their tags, where a browser ignores
// it; that is all that may differ. Inside a key or a value, markup and text are compared as they are, line breaks
// and indentation included (values that keep their lines, `app-preserve-lines`, show them).
const page = '{% from "nhsuk/components/summary-list/macro.njk" import summaryList %}{{ summaryList(params) }}';
const called =
  '{% from "nhsuk/components/summary-list/macro.njk" import summaryList %}' +
  '{% call summaryList(params) %}<div class="nhsuk-summary-list__row">Given</div>{% endcall %}';
// The design system's templates with the service's filters: its `trim` takes a number or true as text, as a page
// may give (render.ts), where Nunjucks' own fails.
const designSystem = new nunjucks.Environment(new nunjucks.FileSystemLoader([nhsukDist]), { autoescape: true });
designSystem.addFilter('trim', trim);
const service = createTemplateEnvironment({ watch: false });

const STRUCTURE = /\s*(<\/?(?:dl|div|dt|dd|ul|li)\b[^>]*>)\s*/g;
const tidy = (html: string) =>
  html
    .replace(/<[a-z][^>]*>/g, (tag) => tag.replace(/\s+/g, ' ').replace(/ >$/, '>'))
    .replace(STRUCTURE, '$1')
    .trim();
const drawn = (params: unknown, source = page) => ({
  template: tidy(nunjucks.compile(source, designSystem).render({ params })),
  service: tidy(nunjucks.compile(source, service).render({ params })),
});

const safe = (text: string) => new nunjucks.runtime.SafeString(text);
const words = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', 'Seen at home', 'a\nb', ' two\n\nlines ', '"quoted"', "it's", '<b>', 'R & D', '  '),
);
const markup = fc.constantFrom(
  '<strong class="nhsuk-tag">Restricted</strong>',
  '<p>Line one</p>\n<p>Line two</p>',
  '<a href="/x">A\nB</a>',
  ' <b>x</b> ',
  '',
);
const text = fc.oneof(words, fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
const classes = fc.constantFrom(undefined, '', 'app-x', 'nhsuk-u-font-weight-bold', 'a"b');
const attributes = fc.constantFrom(
  undefined,
  { 'data-qa': 'row' },
  { id: 'a"b', hidden: { value: true, optional: true } },
  'data-raw="1"',
);
const cellObject = fc.record(
  { text, html: fc.oneof(markup, markup.map(safe)), classes, attributes },
  { requiredKeys: [] },
);
const cell = fc.oneof(
  { weight: 6, arbitrary: cellObject },
  { weight: 2, arbitrary: words },
  { weight: 1, arbitrary: markup.map(safe) },
  { weight: 1, arbitrary: fc.constantFrom(null, 3, undefined, ['x']) },
);
const action = fc.record(
  {
    href: fc.constantFrom('/episodes/1/release-details', '/a?b=1&c="2"'),
    text: fc.oneof(words, fc.constant(undefined)),
    visuallyHiddenText: fc.oneof(words, fc.constant(undefined)),
  },
  { requiredKeys: ['href'] },
);
const actions = fc.oneof(
  fc.constant(undefined),
  fc.record({ items: fc.oneof(fc.array(action, { maxLength: 3 }), fc.constant(undefined)) }, { requiredKeys: [] }),
);
const row = fc.oneof(
  { weight: 8, arbitrary: fc.record({ key: cell, value: cell, actions, classes, attributes }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 'text', 4, ['x']) },
);
const params = fc.record(
  {
    rows: fc.oneof(fc.array(row, { maxLength: 6 }), fc.constantFrom(undefined, null, '')),
    classes: fc.constantFrom(undefined, '', 'nhsuk-summary-list--no-border', 'app-list'),
    attributes,
  },
  { requiredKeys: [] },
);

describe('the design system’s summary list, in JavaScript', () => {
  it('draws the same list as the design system’s template for every list it accepts', () => {
    fc.assert(
      fc.property(params, (given) => {
        expect(handlesSummaryList(given)).toBe(true);
        const { template, service } = drawn(given);
        expect(service).toBe(template);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves any other list to the design system’s template', () => {
    const others = [
      { rows: [{ key: { text: 'Name' }, value: { text: 'A' }, actions: { items: [{ text: 'Change' }] } }] },
      { rows: [{ key: 'Name', value: 'A', actions: { items: [{ href: '/a', text: 'Change', classes: 'x' }] } }] },
      { rows: [{ key: 'Name', value: 'A', actions: [{ href: '/a', text: 'Change' }] }] },
      { rows: [{ key: { text: 'Name' }, value: { text: 'A' } }], card: { title: { text: 'Details' } } },
      { rows: [{ key: { text: 'Name', width: 'one-third' }, value: { text: 'A' } }] },
      { rows: [{ key: 'Name', value: 'A', border: false }] },
      { rows: [{ key: 'Name', value: 'A' }], lastRowBorder: false },
      { rows: [{ key: 'Name', value: 'A' }], id: 'details' },
      { html: safe('<div class="nhsuk-summary-list__row">Given</div>') },
      { rows: [safe('<div>x</div>')] },
    ];
    for (const other of others) {
      expect(handlesSummaryList(other)).toBe(false);
      const { template, service } = drawn(other);
      expect(service).toBe(template);
    }
    const rows = { rows: [{ key: 'Name', value: 'A' }] };
    expect(drawn(rows, called).service).toBe(drawn(rows, called).template);
    expect(drawn(rows, called).service).toContain('Given');
  });

  it('draws a page’s list as the design system would', () => {
    const details = {
      attributes: { 'data-qa': 'episode-summary' },
      rows: [
        { key: { text: 'Lead worker' }, value: { text: 'Sam Lee' } },
        { key: 'Notes', value: { html: '<span class="app-preserve-lines">a\nb</span>' }, classes: 'app-notes' },
      ],
    };
    expect(drawn(details).service).toBe(
      '<dl class="nhsuk-summary-list" data-qa="episode-summary">' +
        '<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">Lead worker</dt>' +
        '<dd class="nhsuk-summary-list__value">Sam Lee</dd></div>' +
        '<div class="nhsuk-summary-list__row app-notes"><dt class="nhsuk-summary-list__key">Notes</dt>' +
        '<dd class="nhsuk-summary-list__value"><span class="app-preserve-lines">a\n      b</span></dd></div></dl>',
    );
  });
});
