import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { createTemplateEnvironment } from './render.ts';

/** Nunjucks' own trim filter (nunjucks/src/filters.js), which the environment's replaces. */
const nunjucksTrim = (s: string) => s.replace(/^\s*|\s*$/g, '');

describe('the templates’ trim filter', () => {
  const env = createTemplateEnvironment({ watch: false });
  const render = (template: string, value: unknown) => env.renderString(template, { value });

  it('trims what nunjucks’ own trim trims, every kind of whitespace included', () => {
    const whitespace = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff'];
    const piece = fc.oneof(fc.constantFrom(...whitespace), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const value = pieces.join('');
        expect(render('{{ value | trim }}', value)).toBe(render('{{ value }}', nunjucksTrim(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps markup already made safe safe, and escapes the rest', () => {
    expect(render('{{ value | safe | trim }}', '  <b>x</b>\n ')).toBe('<b>x</b>');
    expect(render('{{ value | trim }}', '  <b>x</b>\n ')).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(render('{{ value | trim }}', new nunjucks.runtime.SafeString(' <i>y</i> '))).toBe('<i>y</i>');
  });
});
