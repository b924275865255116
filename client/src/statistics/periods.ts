import { statMonthName } from '@haven/shared';

/**
 * Whole months and quarters as the statistics API takes them (api-contract.md, Statistics):
 * `from`/`to` are months `YYYY-MM` (a day is refused), and a microdata release is one quarter
 * `YYYY-Qn` that has ended. Pure functions; "now" is always a parameter in tests. The server decides
 * in UTC, so the client does too: a quarter is offered only once it has ended in UTC.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/** Whether `value` is a month `YYYY-MM` (01–12), as `from`/`to` must be. */
export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** Whether `value` is a quarter `YYYY-Qn`. */
export function isQuarter(value: unknown): value is string {
  return typeof value === 'string' && QUARTER.test(value);
}

/** The UTC month of an instant, `YYYY-MM`. */
export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The quarter a month falls in: `2026-08` → `2026-Q3`. */
export function quarterOfMonth(month: string): string {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`Not a month: ${month}`);
  return `${match[1]}-Q${Math.ceil(Number(match[2]) / 3)}`;
}

/** The first and last month of a quarter: `2026-Q3` → `2026-07`, `2026-09`. */
export function quarterMonths(quarter: string): { first: string; last: string } {
  const match = QUARTER.exec(quarter);
  if (!match) throw new Error(`Not a quarter: ${quarter}`);
  const firstMonth = (Number(match[2]) - 1) * 3 + 1;
  const pad = (month: number) => String(month).padStart(2, '0');
  return { first: `${match[1]}-${pad(firstMonth)}`, last: `${match[1]}-${pad(firstMonth + 2)}` };
}

function previousQuarter(quarter: string): string {
  const match = QUARTER.exec(quarter);
  if (!match) throw new Error(`Not a quarter: ${quarter}`);
  const year = Number(match[1]);
  const q = Number(match[2]);
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/**
 * The quarters that have ended by `now` (UTC), the most recent first: the ones a release may be made
 * of. The quarter `now` falls in has not ended, so the list starts with the one before it.
 */
export function endedQuarters(now: Date, count = 12): string[] {
  const quarters: string[] = [];
  let quarter = previousQuarter(quarterOfMonth(monthOf(now)));
  while (quarters.length < count) {
    quarters.push(quarter);
    quarter = previousQuarter(quarter);
  }
  return quarters;
}

/** A month in the reader's language: "Mar 2026", "март 2026 г." (the CSV's labels write the same). */
export function formatMonth(month: string, locale: string): string {
  return statMonthName(month, locale);
}

/** A quarter's months in the reader's language: "Jul 2026 – Sep 2026". */
export function formatQuarterMonths(quarter: string, locale: string): string {
  if (!isQuarter(quarter)) return quarter;
  const { first, last } = quarterMonths(quarter);
  return `${formatMonth(first, locale)} – ${formatMonth(last, locale)}`;
}
