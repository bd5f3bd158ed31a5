// Form fields shared by the pages: trimmed strings, day/month/year boxes and times as people type them.
// Dates and times are England's (Europe/London), as practitioners read them.
import { isRealIsoDate } from '../identifiers/dates.ts';

export type Posted = Record<string, unknown>;

export const str = (posted: Posted, key: string): string => {
  const value = posted[key];
  return typeof value === 'string' ? value.trim() : '';
};

/** Day, month and year boxes as an ISO date, or a message for the error summary. */
export function dateFrom(posted: Posted, prefix: string, what: string): { iso: string } | { error: string } {
  const [day, month, year] = [
    str(posted, `${prefix}-day`),
    str(posted, `${prefix}-month`),
    str(posted, `${prefix}-year`),
  ];
  if (!day && !month && !year) return { error: `Enter ${what}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { error: `${capitalise(what)} must be a real date, like 10 11 2026` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isRealIsoDate(iso) ? { iso } : { error: `${capitalise(what)} must be a real date, like 10 11 2026` };
}

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "14:30", "2:30pm", "9.05am" as 24-hour "HH:MM". */
export function timeFrom(value: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(value.replace(/\s+/g, ' '));
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  } else if (m[2] === undefined) return undefined;
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Built once: constructing an Intl.DateTimeFormat costs far more than using one (the worklist calls this per case). */
const LONDON_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' });

/** Minutes England is ahead of UTC at an instant (0 in winter, 60 in summer time), from Intl. */
export function londonOffsetUncached(d: Date): number {
  const name = LONDON_OFFSET.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The offset of each UTC hour already asked about, as identifiers/dates.ts londonDate keeps the date: since 1972
 * England's clocks change on a whole UTC hour (01:00 UTC since 1981, 02:00 UTC before; the Summer Time Order
 * 2002, https://www.legislation.gov.uk/uksi/2002/262), so every instant of one UTC hour has one offset. The
 * worklist and the overdue actions ask for thousands of instants per page, and formatToParts is the cost.
 * Earlier instants (local mean time before 1847 was not a whole number of minutes) are not cached.
 */
const HOUR_MS = 3_600_000;
const CACHED_FROM_MS = Date.UTC(1972, 0, 1);
const LONDON_OFFSET_BY_HOUR = new Map<number, number>();

/** Minutes England is ahead of UTC at an instant (0 in winter, 60 in summer time). */
export function londonOffset(d: Date): number {
  const ms = d.getTime();
  if (!(ms >= CACHED_FROM_MS)) return londonOffsetUncached(d);
  const hour = Math.floor(ms / HOUR_MS);
  let offset = LONDON_OFFSET_BY_HOUR.get(hour);
  if (offset === undefined) {
    offset = londonOffsetUncached(d);
    if (LONDON_OFFSET_BY_HOUR.size >= 100_000) LONDON_OFFSET_BY_HOUR.clear();
    LONDON_OFFSET_BY_HOUR.set(hour, offset);
  }
  return offset;
}

/** A wall-clock time in England as an instant (ISO, UTC). */
export function londonInstant(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const first = new Date(guess.getTime() - londonOffset(guess) * 60_000);
  return new Date(guess.getTime() - londonOffset(first) * 60_000).toISOString();
}
