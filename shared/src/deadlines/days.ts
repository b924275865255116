import type { Duration } from './rules.js';

/** Days are plain `YYYY-MM-DD` strings; all arithmetic is in UTC so no timezone shifts a date. */
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
/** The day of a date; a date with no `YYYY-MM-DD` form (year 10000 on) is a programming error. */
const toDay = (date: Date) => {
  const day = date.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`no calendar day: ${day}`);
  return day;
};

export function addCalendarDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000);
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Adds a period the way courts count it (§ 188 BGB and its equivalents): a period of months or
 * years ends on the day with the same number; where that month has no such day, on its last day
 * (31 January + 1 month = 28 or 29 February; 29 February + 1 year = 28 February).
 */
export function addPeriod(day: string, duration: Duration): string {
  if ('days' in duration) return addCalendarDays(day, duration.days);
  if ('weeks' in duration) return addCalendarDays(day, duration.weeks * 7);
  const months = 'months' in duration ? duration.months : duration.years * 12;
  const [year, month, date] = day.split('-').map(Number);
  const totalMonths = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(totalMonths / 12);
  const targetMonth = totalMonths % 12;
  const targetDate = Math.min(date, daysInMonth(targetYear, targetMonth));
  return toDay(new Date(Date.UTC(targetYear, targetMonth, targetDate)));
}

/** The weekday of a day, 0 = Sunday. */
export function weekday(day: string): number {
  return toDate(day).getUTCDay();
}
