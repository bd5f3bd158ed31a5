/**
 * Working days for the safety net's deadlines ("no contact within 2 working days of release"): Monday to
 * Friday, excluding bank holidays in England and Wales. Every site in PRODUCT.md is in England.
 *
 * Source: https://www.gov.uk/bank-holidays (England and Wales), read for 2026 and 2027. Add each new
 * year here when gov.uk publishes it; a year not listed counts weekends only, which can make a deadline
 * fall a day early, never late.
 */
import { addDaysIso } from '../identifiers/dates.ts';

export const BANK_HOLIDAYS_ENGLAND_AND_WALES: ReadonlySet<string> = new Set([
  // 2026
  '2026-01-01', // New Year's Day
  '2026-04-03', // Good Friday
  '2026-04-06', // Easter Monday
  '2026-05-04', // Early May bank holiday
  '2026-05-25', // Spring bank holiday
  '2026-08-31', // Summer bank holiday
  '2026-12-25', // Christmas Day
  '2026-12-28', // Boxing Day (substitute day)
  // 2027
  '2027-01-01', // New Year's Day
  '2027-03-26', // Good Friday
  '2027-03-29', // Easter Monday
  '2027-05-03', // Early May bank holiday
  '2027-05-31', // Spring bank holiday
  '2027-08-30', // Summer bank holiday
  '2027-12-27', // Christmas Day (substitute day)
  '2027-12-28', // Boxing Day (substitute day)
]);

/** Whether an ISO date is a working day in England and Wales. */
export function isWorkingDay(iso: string): boolean {
  const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !BANK_HOLIDAYS_ENGLAND_AND_WALES.has(iso);
}

/** The `n`th working day after `iso` (the day itself not counted): 2 working days after Friday is Tuesday. */
export function addWorkingDays(iso: string, n: number): string {
  let day = iso;
  let counted = 0;
  while (counted < n) {
    day = addDaysIso(day, 1);
    if (isWorkingDay(day)) counted += 1;
  }
  return day;
}
