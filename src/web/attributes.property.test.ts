import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { createTemplateEnvironment, nhsukDist } from './render.ts';
import { nhsukAttributes } from './attributes.ts';

// attributes.ts stands in for nhsuk-frontend's own nhsukAttributes macro (dist/nhsuk/macros/attributes.njk) on every
// page: for anything a component may pass, it must give the macro's attributes exactly, in the same order and
// quoting. The macro's output starts with the whitespace its own tags leave (inside an element's tag, where HTML
// ignores it); that is all that may differ.
const designSystem = new nunjucks.Environment(new nunjucks.FileSystemLoader([nhsukDist]), { autoescape: true });
const macroTemplate = nunjucks.compile(
  '{% from "nhsuk/macros/attributes.njk" import nhsukAttributes %}{{ nhsukAttributes(attributes) }}',
  designSystem,
);
const byMacro = (attributes: unknown) => macroTemplate.render({ attributes });

const safe = (text: string) => new nunjucks.runtime.SafeString(text);
const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('"', "'", '<b>', '&amp;', 'a "b" c', ''));
const plain = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.oneof(plain, text.map(safe), fc.array(text, { maxLength: 3 }));
const options = fc.record(
  { value, type: fc.constantFrom('string', 'array', 'other'), optional: fc.oneof(fc.boolean(), fc.constant('yes')) },
  { requiredKeys: [] },
);
const names = fc.constantFrom('class', 'id', 'data-qa', 'aria-hidden', 'hidden', 'role', 'data-module', 'x<y', 'a"b');
const attributes = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(names, fc.oneof(value, options), { maxKeys: 6 }) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: text.map(safe) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.array(text)) },
);

describe('the design system’s attributes, in JavaScript', () => {
  it('gives exactly the macro’s attributes for anything a component may pass', () => {
    fc.assert(
      fc.property(attributes, (given) => {
        const expected = byMacro(given);
        const actual = String(nhsukAttributes(given));
        expect(expected.endsWith(actual)).toBe(true);
        expect(expected.slice(0, expected.length - actual.length).trim()).toBe('');
      }),
      { numRuns: 3000 },
    );
  });

  it('is what the components use: a table and a tag render the same elements as with the macro', () => {
    const ours = createTemplateEnvironment({ watch: false });
    // A table with an id is drawn by the design system's own template (web/table.ts draws the others).
    const page =
      '{% from "nhsuk/components/tables/macro.njk" import table %}{% from "nhsuk/components/tag/macro.njk" import tag %}' +
      '{{ table({ id: "contacts", caption: "Contacts", head: [{ text: "When" }, { text: "What", format: "numeric" }],' +
      ' rows: [[{ text: "Today" }, { html: "<b>Seen</b>", attributes: { "data-qa": "seen" } }]],' +
      ' attributes: { "data-qa": "contacts" } }) }}{{ tag({ text: "Open", classes: "nhsuk-tag--green" }) }}';
    // Whitespace inside a tag, before its first attribute or where there is none, is all that differs.
    const tidy = (html: string) => html.replace(/<[^>]*>/g, (tag) => tag.replace(/\s+/g, ' ').replace(/ >$/, '>'));
    const withMacro = new nunjucks.Environment(new nunjucks.FileSystemLoader([nhsukDist]), { autoescape: true });
    expect(tidy(nunjucks.compile(page, ours).render({}))).toBe(tidy(nunjucks.compile(page, withMacro).render({})));
    expect(nunjucks.compile(page, ours).render({})).toContain('data-qa="seen"');
  });
});
