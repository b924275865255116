import { addDays, daysBetween } from '../common/dates';

/** One cell of a month grid. */
export interface GridDay {
  day: string;
  /** Whether the day belongs to the month shown (the others pad the first and last weeks). */
  inMonth: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO weekday (1 = Monday … 7 = Sunday) of a day. */
export function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The weeks of a month as a calendar shows them: whole weeks starting on `weekStartsOn`
 * (ISO weekday, 1 = Monday, 7 = Sunday), as many as the month needs (4 to 6).
 * `month` is 1–12.
 */
export function monthGrid(year: number, month: number, weekStartsOn = 1): GridDay[][] {
  const first = `${year}-${pad(month)}-01`;
  const last = `${year}-${pad(month)}-${pad(daysInMonth(year, month))}`;
  const lead = (isoWeekday(first) - weekStartsOn + 7) % 7;
  const start = addDays(first, -lead);
  const weekCount = Math.ceil((lead + daysBetween(first, last) + 1) / 7);
  return Array.from({ length: weekCount }, (_week, w) =>
    Array.from({ length: 7 }, (_cell, d) => {
      const day = addDays(start, w * 7 + d);
      return { day, inMonth: day >= first && day <= last };
    }),
  );
}

/** The first and last day a month grid shows: the due-date range to ask the server for. */
export function gridRange(grid: GridDay[][]): { from: string; to: string } {
  return { from: grid[0][0].day, to: grid[grid.length - 1][6].day };
}

/** The ISO weekdays of the grid's columns, in order. */
export function weekdayOrder(weekStartsOn = 1): number[] {
  return Array.from({ length: 7 }, (_v, i) => ((weekStartsOn - 1 + i) % 7) + 1);
}

/** The month before or after (`delta` months away). */
export function shiftMonth(
  year: number,
  month: number,
  delta: number,
): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Items by their day, for the grid's cells. */
export function byDay<T extends { dueOn: string }>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.dueOn) ?? [];
    list.push(item);
    map.set(item.dueOn, list);
  }
  return map;
}

/**
 * The agenda's order: open deadlines already past their day first (the ones to act on now), then
 * everything by due date. Stable, so the server's order breaks ties.
 */
export function agendaOrder<T extends { dueOn: string; status: string }>(
  items: T[],
  today: string,
): T[] {
  const overdue = (item: T) => item.status === 'open' && item.dueOn < today;
  return items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        Number(overdue(b.item)) - Number(overdue(a.item)) ||
        a.item.dueOn.localeCompare(b.item.dueOn) ||
        a.index - b.index,
    )
    .map(({ item }) => item);
}
