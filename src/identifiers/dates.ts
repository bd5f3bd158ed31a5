/**
 * Calendar dates as ISO "YYYY-MM-DD" strings. API.md: "Dates are ISO `YYYY-MM-DD` and must be real
 * calendar dates", so nothing here ever rolls 2026-02-31 over into March the way `new Date()` does.
 * ISO date strings compare correctly as strings, which the rules rely on.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The months in English, January first: for dates written out in words. */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function parse(iso: string): Ymd | null {
  const match = ISO_DATE.exec(iso);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function parseOrThrow(iso: string): Ymd {
  const ymd = parse(iso);
  if (!ymd) throw new Error(`Not a real ISO calendar date: ${JSON.stringify(iso)}`);
  return ymd;
}

/** The instant of UTC midnight on a date; setUTCFullYear avoids Date.UTC's 1900 offset for years below 100. */
function utcMidnight({ year, month, day }: Ymd): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function format({ year, month, day }: Ymd): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real calendar date in YYYY-MM-DD form: 2024-02-29 yes, 2025-02-29 and 2026-02-31 no. */
export function isRealIsoDate(value: string): boolean {
  return parse(value) !== null;
}

/** Built once: constructing an Intl.DateTimeFormat costs far more than using one. */
const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in England at an instant. The services run in England, so "today" is the
 * Europe/London date: at 00:30 BST on 1 July the UTC date is still 30 June.
 */
export function londonDate(now: Date): string {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  let date = LONDON_DATE_BY_HOUR.get(hour);
  if (date === undefined) {
    date = londonDateUncached(now);
    if (LONDON_DATE_BY_HOUR.size >= 100_000) LONDON_DATE_BY_HOUR.clear();
    LONDON_DATE_BY_HOUR.set(hour, date);
  }
  return date;
}

/**
 * The London date of each UTC hour already asked about. England's offset from UTC is a whole number of hours
 * and changes on the hour (01:00 UTC), so every instant of one UTC hour has the same London date; reports and
 * the worklist ask about thousands of instants, and formatting each one costs far more than a lookup.
 */
const HOUR_MS = 3_600_000;
const LONDON_DATE_BY_HOUR = new Map<number, string>();

/** londonDate without the cache: what the cache must always agree with. */
export function londonDateUncached(now: Date): string {
  const parts = LONDON_DATE.formatToParts(now);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Adds (or with a negative number subtracts) calendar months, clamping to the end of a shorter month:
 * 2027-08-31 minus 6 months is 2027-02-28, never 3 March.
 */
export function addMonthsIso(iso: string, months: number): string {
  const { year, month, day } = parseOrThrow(iso);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  return format({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}

/** Adds (or subtracts) whole days. */
export function addDaysIso(iso: string, days: number): string {
  const ymd = parseOrThrow(iso);
  const date = utcMidnight({ ...ymd, day: ymd.day + days });
  return format({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetweenIso(from: string, to: string): number {
  const a = parseOrThrow(from);
  const b = parseOrThrow(to);
  return Math.round((utcMidnight(b).getTime() - utcMidnight(a).getTime()) / 86_400_000);
}

/**
 * Age in completed years on a date. Someone born on 29 February has their birthday on 1 March in
 * other years (the usual reading in England and Wales).
 */
export function ageOnIso(dateOfBirth: string, onDate: string): number {
  const birth = parseOrThrow(dateOfBirth);
  const on = parseOrThrow(onDate);
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

/** "2026-09-01" → "1 September 2026", for plain-English messages. */
export function formatIsoDateLong(iso: string): string {
  const { year, month, day } = parseOrThrow(iso);
  return `${day} ${MONTH_NAMES[month - 1] ?? ''} ${year}`;
}
