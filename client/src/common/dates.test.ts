import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateLocale,
  daysBetween,
  firstDayOfWeek,
  formatInstant,
  dayInWords,
  dayInputFormat,
  dayInputPlaceholder,
  daysLeftMessage,
  formatDayInput,
  parseDayInput,
  formatDay,
  isDay,
  localDay,
  urgency,
} from './dates';

// A fixed clock: every "today" below is this day.
const TODAY = '2026-11-28';

describe('days left and urgency at a fixed clock', () => {
  it('counts whole calendar days, across month ends and the DST change', () => {
    expect(daysBetween(TODAY, '2026-12-05')).toBe(7);
    expect(daysBetween(TODAY, '2026-11-27')).toBe(-1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });

  it('colours overdue red, seven days or less orange, later plain', () => {
    expect(urgency('2026-11-27', TODAY)).toBe('overdue');
    expect(urgency(TODAY, TODAY)).toBe('soon');
    expect(urgency('2026-12-05', TODAY)).toBe('soon');
    expect(urgency('2026-12-06', TODAY)).toBe('later');
  });

  it('never calls a settled deadline overdue', () => {
    expect(urgency('2026-01-01', TODAY, 'done')).toBe('settled');
    expect(urgency('2026-01-01', TODAY, 'waived')).toBe('settled');
    expect(urgency('2026-01-01', TODAY, 'open')).toBe('overdue');
  });

  it('says how far a day is', () => {
    expect(daysLeftMessage(TODAY, TODAY)).toEqual({ key: 'haven.dates.today', count: 0 });
    expect(daysLeftMessage('2026-11-29', TODAY)).toEqual({ key: 'haven.dates.tomorrow', count: 1 });
    expect(daysLeftMessage('2026-12-08', TODAY)).toEqual({ key: 'haven.dates.in_days', count: 10 });
    expect(daysLeftMessage('2026-11-25', TODAY)).toEqual({
      key: 'haven.dates.overdue_days',
      count: 3,
    });
  });

  it('takes "today" as the local calendar day', () => {
    expect(localDay(new Date(2026, 10, 28, 23, 59))).toBe('2026-11-28');
    expect(localDay(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01');
  });
});

describe('writing days in the user locale', () => {
  it('writes a day without moving it by a time zone', () => {
    expect(formatDay('2026-04-07', 'en-GB')).toBe('7 Apr 2026');
    expect(formatDay('2026-04-07', 'en-US')).toBe('Apr 7, 2026');
    expect(formatDay('2026-04-07', 'ru')).toMatch(/^7 апр\.? 2026/);
    expect(formatDay('not a day', 'en-GB')).toBe('not a day');
  });

  it("uses the browser's regional variant of the interface language", () => {
    expect(dateLocale('en', ['en-GB', 'ru'])).toBe('en-GB');
    expect(dateLocale('ru', ['en-GB', 'ru-RU'])).toBe('ru-RU');
    expect(dateLocale('ru', ['en-GB'])).toBe('ru');
  });

  it('survives any tag a browser reports: POSIX forms are cleaned, invalid ones dropped', () => {
    expect(dateLocale('en', ['en-US@posix'])).toBe('en-US');
    expect(dateLocale('ru', ['ru_RU.UTF-8'])).toBe('ru-RU');
    expect(dateLocale('en', ['not a tag!', 'en-GB'])).toBe('en-GB');
    expect(dateLocale('en', ['x-!!'])).toBe('en');
    for (const tag of ['en-US@posix', 'ru_RU.UTF-8', 'C', 'not a tag!', '']) {
      const locale = dateLocale('en', [tag]);
      expect(() => formatDay('2026-12-07', locale)).not.toThrow();
      expect(() => formatInstant('2026-12-07T10:00:00Z', locale)).not.toThrow();
      expect(() => firstDayOfWeek(locale)).not.toThrow();
    }
  });

  it('recognises real calendar days only', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-4-7')).toBe(false);
    expect(isDay(20260407)).toBe(false);
  });
});

describe('the one formatter of instants', () => {
  const at = '2026-12-07T14:16:27Z';

  it('writes Russian times as "7 дек. 2026 г., 14:16", on a 24-hour clock', () => {
    expect(formatInstant(at, 'ru', { timeZone: 'UTC' })).toBe('7 дек. 2026 г., 14:16');
    expect(formatInstant(at, 'ru', { timeZone: 'UTC', seconds: true })).toBe(
      '7 дек. 2026 г., 14:16:27',
    );
  });

  it('never writes AM or PM, even for American English', () => {
    for (const locale of ['en', 'en-US', 'en-GB', 'ru', 'en-US@posix']) {
      const text = formatInstant('2026-12-07T02:16:27Z', locale, {
        timeZone: 'UTC',
        seconds: true,
      });
      expect(text).not.toMatch(/AM|PM/);
      expect(text).toContain('02:16:27');
    }
  });

  it('leaves what is not an instant as it is', () => {
    expect(formatInstant('not a time', 'ru')).toBe('not a time');
  });
});

describe('date inputs in the UI locale', () => {
  it('knows each locale’s order and separator', () => {
    expect(dayInputFormat('ru')).toEqual({ order: ['day', 'month', 'year'], separator: '.' });
    expect(dayInputFormat('en-US')).toEqual({ order: ['month', 'day', 'year'], separator: '/' });
    expect(dayInputFormat('en-GB')).toEqual({ order: ['day', 'month', 'year'], separator: '/' });
    expect(dayInputPlaceholder('ru')).toBe('дд.мм.гггг');
    expect(dayInputPlaceholder('en-US')).toBe('mm/dd/yyyy');
  });

  it('shows a day in the locale’s digits', () => {
    expect(formatDayInput('1994-03-15', 'ru')).toBe('15.03.1994');
    expect(formatDayInput('1994-03-15', 'en-US')).toBe('03/15/1994');
    expect(formatDayInput('', 'ru')).toBe('');
    expect(formatDayInput(null, 'ru')).toBe('');
  });

  it('reads what is typed in the locale’s order', () => {
    expect(parseDayInput('15.03.1994', 'ru')).toBe('1994-03-15');
    expect(parseDayInput('15.3.1994', 'ru')).toBe('1994-03-15');
    expect(parseDayInput('15031994', 'ru')).toBe('1994-03-15');
    expect(parseDayInput(' 15/03/1994 ', 'ru')).toBe('1994-03-15');
    expect(parseDayInput('03/15/1994', 'en-US')).toBe('1994-03-15');
    expect(parseDayInput('15/03/1994', 'en-GB')).toBe('1994-03-15');
    expect(parseDayInput('1994-03-15', 'ru')).toBe('1994-03-15');
  });

  it('refuses what is not a real day, and reads nothing as empty', () => {
    expect(parseDayInput('31.02.2026', 'ru')).toBeNull();
    expect(parseDayInput('15.03.94', 'ru')).toBeNull();
    expect(parseDayInput('03/15/1994', 'ru')).toBeNull();
    expect(parseDayInput('15.03', 'ru')).toBeNull();
    expect(parseDayInput('   ', 'ru')).toBe('');
  });

  it('echoes the day in words', () => {
    expect(dayInWords('1994-03-15', 'ru')).toMatch(/^15 марта 1994/);
    expect(dayInWords('1994-03-15', 'en-GB')).toBe('15 March 1994');
  });
});
