import { describe, expect, it } from 'vitest';
import {
  endedQuarters,
  formatQuarterMonths,
  isMonth,
  isQuarter,
  monthOf,
  quarterMonths,
  quarterOfMonth,
} from './periods';

describe('months', () => {
  it('takes YYYY-MM with a real month only', () => {
    expect(isMonth('2026-01')).toBe(true);
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-00')).toBe(false);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(isMonth('2026-03-01')).toBe(false);
    expect(isMonth('')).toBe(false);
    expect(isMonth(202601)).toBe(false);
  });

  it('reads the month of an instant in UTC', () => {
    expect(monthOf(new Date('2026-03-31T23:30:00Z'))).toBe('2026-03');
    expect(monthOf(new Date('2026-04-01T00:00:00Z'))).toBe('2026-04');
  });
});

describe('quarters', () => {
  it('maps months to quarters and back', () => {
    expect(quarterOfMonth('2026-01')).toBe('2026-Q1');
    expect(quarterOfMonth('2026-03')).toBe('2026-Q1');
    expect(quarterOfMonth('2026-04')).toBe('2026-Q2');
    expect(quarterOfMonth('2026-12')).toBe('2026-Q4');
    expect(quarterMonths('2026-Q3')).toEqual({ first: '2026-07', last: '2026-09' });
    expect(quarterMonths('2025-Q1')).toEqual({ first: '2025-01', last: '2025-03' });
    expect(isQuarter('2026-Q4')).toBe(true);
    expect(isQuarter('2026-Q5')).toBe(false);
    expect(isQuarter('2026-3')).toBe(false);
  });

  it('offers only quarters that have ended, the most recent first', () => {
    expect(endedQuarters(new Date('2026-08-15T12:00:00Z'), 4)).toEqual([
      '2026-Q2',
      '2026-Q1',
      '2025-Q4',
      '2025-Q3',
    ]);
    // The last instant of a quarter: it has not ended yet.
    expect(endedQuarters(new Date('2026-09-30T23:59:59Z'), 1)).toEqual(['2026-Q2']);
    // The first instant of the next: now it has.
    expect(endedQuarters(new Date('2026-10-01T00:00:00Z'), 1)).toEqual(['2026-Q3']);
    // Across a year.
    expect(endedQuarters(new Date('2026-01-01T00:00:00Z'), 2)).toEqual(['2025-Q4', '2025-Q3']);
    expect(endedQuarters(new Date('2026-02-10T00:00:00Z'))).toHaveLength(12);
  });

  it("writes a quarter's months in the reader's language", () => {
    expect(formatQuarterMonths('2026-Q3', 'en')).toMatch(/Jul.*2026 – Sep.*2026/);
    expect(formatQuarterMonths('2026-Q1', 'ru')).toMatch(/янв.*2026.*–.*мар.*2026/);
    expect(formatQuarterMonths('nonsense', 'en')).toBe('nonsense');
  });
});
