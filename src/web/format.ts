// Dates as the NHS content style guide writes them: "1 March 2027", times "9:05am", in UK time.
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value) {
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

export function formatDate(value: unknown): string {
  const d = toDate(value);
  return d ? DATE.format(d) : '';
}

/**
 * Each instant's words, kept: two Intl formats cost microseconds, and a worklist of thousands of items writes
 * the same few due times over and over (its screening items, on every request). Bounded, as londonOffset is.
 */
const DATE_TIME_WORDS = new Map<number, string>();

export function formatDateTime(value: unknown): string {
  const d = toDate(value);
  if (!d) return '';
  const ms = d.getTime();
  let words = DATE_TIME_WORDS.get(ms);
  if (words === undefined) {
    words = `${DATE.format(d)} at ${TIME.format(d).replace(' ', '').toLowerCase()}`;
    if (DATE_TIME_WORDS.size >= 50_000) DATE_TIME_WORDS.clear();
    DATE_TIME_WORDS.set(ms, words);
  }
  return words;
}

/** "1 day 4 hours left", "3 hours overdue": for the screening queue. */
export function timeLeft(due: unknown, now: unknown): string {
  const d = toDate(due);
  const n = toDate(now);
  if (!d || !n) return '';
  const ms = d.getTime() - n.getTime();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const parts = days
    ? [`${days} day${days === 1 ? '' : 's'}`, `${hours} hour${hours === 1 ? '' : 's'}`]
    : hours
      ? [`${hours} hour${hours === 1 ? '' : 's'}`]
      : [`${minutes} minute${minutes === 1 ? '' : 's'}`];
  return ms >= 0 ? `${parts.join(' ')} left` : `${parts.join(' ')} overdue`;
}
