// Issue 10: "Every value shown goes through one display vocabulary" and error messages say no internal codes.
import { describe, expect, it } from 'vitest';
import { inPageWords, pageMessage, say } from './vocabulary.ts';

describe('say', () => {
  it.each([
    ['conditional_release', 'Conditional release'],
    ['stepped_up_or_down', 'Stepped up or down to another service'],
    ['did_not_attend', 'Did not attend'],
    ['some_new_code', 'Some new code'],
    [null, 'Not recorded'],
    [undefined, 'Not recorded'],
    ['', 'Not recorded'],
    [true, 'Yes'],
    [['easy_read', 'large_print'], 'Easy read, Large print'],
    ['Lives with his sister', 'Lives with his sister'],
  ])('%j → %s', (code, words) => {
    expect(say(code)).toBe(words);
  });
});

describe('pageMessage', () => {
  it.each([
    ['Must be one of professionals, mdt, mappa, channel_panel', 'Select one of the options'],
    [
      'Choose who is making the referral: one of probation, nsd, counter_terrorism',
      'Select who is making the referral',
    ],
    ['Choose the RoSH level: one of low, medium, high, very_high', 'Select the RoSH level'],
    ['Choose accept, decline or more_information', 'Select accept, decline or ask the referrer for more information'],
    ['Enter a real date in the format YYYY-MM-DD', 'Enter a real date, like 10 11 2026'],
    ['Invalid input: expected string, received undefined', 'Answer this question'],
    ['Enter the organisation’s name', 'Enter the organisation’s name'],
  ])('%s → %s', (api, words) => {
    expect(pageMessage(api)).toBe(words);
  });

  it('rewrites only whole messages, and leaves codes the templates branch on', () => {
    const ctx = {
      errors: [{ text: 'Must be one of a, b_c', href: '#x' }],
      ids: new Map([['x', 'Must be an id from the API']]),
      status: 'more_information',
      at: new Date(0),
    };
    const out = inPageWords(ctx);
    expect(out.errors[0]!.text).toBe('Select one of the options');
    expect(out.ids.get('x')).toBe('Select one of the options');
    expect(out.status).toBe('more_information');
    expect(out.at).toBeInstanceOf(Date);
  });
});
