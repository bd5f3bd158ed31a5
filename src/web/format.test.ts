import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, timeLeft } from './format.ts';

// Deadlines are absolute (48 hours is 48 hours, seed 001); pages show them in UK time, so the clock
// change days must neither gain nor lose an hour on screen.
describe('dates and times on pages (Europe/London)', () => {
  it.each([
    [
      'the day the clocks go back: 48 hours after 12:00 BST on Saturday is 11:00 GMT on Monday',
      '2026-10-24T11:00:00Z',
      48,
      '26 October 2026 at 11:00am',
    ],
    [
      'the day the clocks go forward: 48 hours after 12:00 GMT on Saturday is 13:00 BST on Monday',
      '2026-03-28T12:00:00Z',
      48,
      '30 March 2026 at 1:00pm',
    ],
    ['29 February', '2028-02-28T09:00:00Z', 24, '29 February 2028 at 9:00am'],
  ])('%s', (_name, received, hours, shown) => {
    const due = new Date(new Date(received).getTime() + hours * 3_600_000);
    expect(formatDateTime(due)).toBe(shown);
  });

  it('shows a date-only value as that calendar day whatever the time zone', () => {
    expect(formatDate('2026-03-29')).toBe('29 March 2026');
    expect(formatDate('2026-10-25')).toBe('25 October 2026');
  });

  it.each([
    ['2026-11-12T09:00:00Z', '2026-11-10T09:00:00Z', '2 days 0 hours left'],
    ['2026-11-10T12:30:00Z', '2026-11-10T09:00:00Z', '3 hours left'],
    ['2026-11-10T09:20:00Z', '2026-11-10T09:00:00Z', '20 minutes left'],
    ['2026-11-09T08:00:00Z', '2026-11-10T09:00:00Z', '1 day 1 hour overdue'],
  ])('time left until %s at %s: %s', (due, now, text) => {
    expect(timeLeft(due, now)).toBe(text);
  });
});
