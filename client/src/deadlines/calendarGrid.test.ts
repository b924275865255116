import { describe, expect, it } from 'vitest';
import {
  agendaOrder,
  byDay,
  daysInMonth,
  gridRange,
  isoWeekday,
  monthGrid,
  shiftMonth,
  weekdayOrder,
} from './calendarGrid';

describe('month grid', () => {
  it('builds whole Monday-first weeks around April 2026', () => {
    const grid = monthGrid(2026, 4, 1);
    // 1 April 2026 is a Wednesday: two days of March lead the first week.
    expect(grid[0].map((cell) => cell.day)).toEqual([
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-04',
      '2026-04-05',
    ]);
    expect(grid[0][1].inMonth).toBe(false);
    expect(grid[0][2].inMonth).toBe(true);
    expect(grid).toHaveLength(5);
    expect(grid.at(-1)!.at(-1)).toEqual({ day: '2026-05-03', inMonth: false });
    expect(grid.flat().filter((cell) => cell.inMonth)).toHaveLength(30);
    expect(gridRange(grid)).toEqual({ from: '2026-03-30', to: '2026-05-03' });
  });

  it('starts weeks on Sunday where the locale does', () => {
    const grid = monthGrid(2026, 4, 7);
    expect(grid[0][0].day).toBe('2026-03-29');
    expect(isoWeekday(grid[0][0].day)).toBe(7);
    expect(weekdayOrder(7)).toEqual([7, 1, 2, 3, 4, 5, 6]);
    expect(weekdayOrder(1)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('needs four weeks for a February that starts on the first weekday, six for a long spread', () => {
    // February 2027 starts on a Monday and has 28 days.
    expect(monthGrid(2027, 2, 1)).toHaveLength(4);
    // August 2026 starts on a Saturday and has 31 days.
    expect(monthGrid(2026, 8, 1)).toHaveLength(6);
    expect(daysInMonth(2028, 2)).toBe(29);
  });

  it('every row is a week of seven consecutive days', () => {
    for (const cells of monthGrid(2026, 11, 1)) {
      expect(cells).toHaveLength(7);
      expect(new Set(cells.map((cell) => isoWeekday(cell.day)))).toEqual(
        new Set([1, 2, 3, 4, 5, 6, 7]),
      );
    }
  });

  it('moves between months across years', () => {
    expect(shiftMonth(2026, 12, 1)).toEqual({ year: 2027, month: 1 });
    expect(shiftMonth(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
    expect(shiftMonth(2026, 5, 0)).toEqual({ year: 2026, month: 5 });
  });
});

describe('agenda', () => {
  const TODAY = '2026-11-28';
  it('puts open overdue deadlines first, then everything by due date', () => {
    const rows = [
      { id: 'a', dueOn: '2026-11-30', status: 'open' },
      { id: 'b', dueOn: '2026-11-20', status: 'done' },
      { id: 'c', dueOn: '2026-11-25', status: 'open' },
      { id: 'd', dueOn: '2026-11-10', status: 'open' },
      { id: 'e', dueOn: '2026-12-01', status: 'open' },
    ];
    expect(agendaOrder(rows, TODAY).map((row) => row.id)).toEqual(['d', 'c', 'b', 'a', 'e']);
  });

  it('groups by day for the calendar cells', () => {
    const grouped = byDay([
      { id: 1, dueOn: '2026-04-07' },
      { id: 2, dueOn: '2026-04-07' },
      { id: 3, dueOn: '2026-04-08' },
    ]);
    expect(grouped.get('2026-04-07')?.map((item) => item.id)).toEqual([1, 2]);
    expect(grouped.get('2026-04-09')).toBeUndefined();
  });
});
