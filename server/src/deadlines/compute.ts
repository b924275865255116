import Holidays from 'date-holidays';
import {
  describeDuration,
  stayLastDays,
  stayLimitsOf,
  type DeadlineRule,
  type Duration,
  type StayLimitResult,
} from '@haven/shared';

/** Days are plain `YYYY-MM-DD` strings; all arithmetic is in UTC so no timezone shifts a date. */
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
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
  if ('days' in duration) return addDays(day, duration.days);
  if ('weeks' in duration) return addDays(day, duration.weeks * 7);
  const months = 'months' in duration ? duration.months : duration.years * 12;
  const [year, month, date] = day.split('-').map(Number);
  const totalMonths = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(totalMonths / 12);
  const targetMonth = totalMonths % 12;
  const targetDate = Math.min(date, daysInMonth(targetYear, targetMonth));
  return toDay(new Date(Date.UTC(targetYear, targetMonth, targetDate)));
}

/** Weekends differ: Friday and Saturday in Israel. */
const WEEKENDS: Record<string, number[]> = { IL: [5, 6] };

/** Public holidays of a country from `date-holidays` (maintained data, national level), cached per year. */
export class HolidayCalendar {
  private readonly years = new Map<number, Map<string, string>>();
  private readonly holidays: Holidays;
  private readonly weekend: number[];

  constructor(readonly country: string) {
    this.holidays = new Holidays(country, { languages: ['en'], types: ['public'] });
    this.weekend = WEEKENDS[country] ?? [0, 6];
  }

  private yearOf(year: number): Map<string, string> {
    let days = this.years.get(year);
    if (!days) {
      days = new Map();
      for (const holiday of this.holidays.getHolidays(year, 'en') || []) {
        if (holiday.type === 'public') days.set(holiday.date.slice(0, 10), holiday.name);
      }
      this.years.set(year, days);
    }
    return days;
  }

  /** The holiday's name, or null. */
  holiday(day: string): string | null {
    return this.yearOf(Number(day.slice(0, 4))).get(day) ?? null;
  }

  isWeekend(day: string): boolean {
    return this.weekend.includes(toDate(day).getUTCDay());
  }

  isWorkingDay(day: string): boolean {
    return !this.isWeekend(day) && this.holiday(day) === null;
  }
}

const calendars = new Map<string, HolidayCalendar>();
export function calendarFor(country: string): HolidayCalendar {
  let calendar = calendars.get(country);
  if (!calendar) {
    calendar = new HolidayCalendar(country);
    calendars.set(country, calendar);
  }
  return calendar;
}

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function formatDay(day: string, weekday = false): string {
  const date = toDate(day);
  const text = `${date.getUTCDate()} ${MONTH[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return weekday ? `${WEEKDAY[date.getUTCDay()]} ${text}` : text;
}

export interface ComputedDeadline {
  dueOn: string;
  /** The end of the period before any move to a working day. */
  periodEnd: string;
  explanation: string;
}

/**
 * The due date of a rule from its trigger date, with a sentence a caseworker can check by hand:
 * "2 weeks from service of the BAMF decision on 21 Mar 2026 = Sat 4 Apr 2026; next working day
 * after Easter Monday: Tue 7 Apr 2026 (§ 74(1) AsylG …)".
 */
export function computeDeadline(rule: DeadlineRule, triggerDate: string): ComputedDeadline {
  if (rule.kind === 'stay_expiry') {
    // A stay rule from an entry date is that stay with no earlier visits: the one stay computation.
    const stay = stayLastDays(stayLimitsOf(rule), [{ entryDate: triggerDate, exitDate: null }])!;
    return {
      dueOn: stay.lastLegalDay,
      periodEnd: stay.lastLegalDay,
      explanation: stayText(rule, stay),
    };
  }
  const calendar = calendarFor(rule.jurisdiction);
  let periodEnd: string;
  if (rule.dayType === 'working') {
    const n = Object.values(rule.duration)[0];
    periodEnd = triggerDate;
    for (let counted = 0; counted < n;) {
      periodEnd = addDays(periodEnd, 1);
      if (calendar.isWorkingDay(periodEnd)) counted++;
    }
  } else {
    periodEnd = addPeriod(triggerDate, rule.duration);
  }
  let dueOn = periodEnd;
  let skipped: string | null = null;
  if (rule.endRule === 'next_working_day') {
    while (!calendar.isWorkingDay(dueOn)) {
      skipped = calendar.holiday(dueOn) ?? 'the weekend';
      dueOn = addDays(dueOn, 1);
    }
  }
  const head = `${describeDuration(rule.duration)}${rule.dayType === 'working' ? ' (working days)' : ''} from ${rule.trigger} on ${formatDay(triggerDate)} = ${formatDay(periodEnd, true)}`;
  const move = skipped ? `; next working day after ${skipped}: ${formatDay(dueOn, true)}` : '';
  return { dueOn, periodEnd, explanation: `${head}${move} (${rule.legalBasis})` };
}

/**
 * The English sentence for a stay's last legal day, naming both limits and the one that binds:
 * "Entry on 1 Jan 2026 is day 1. 60 days a visit: Sun 1 Mar 2026; at most 90 days in any 180:
 * Tue 31 Mar 2026. Last legal day: Sun 1 Mar 2026 (the per-visit cap) (basis)".
 */
export function stayText(rule: DeadlineRule, result: StayLimitResult): string {
  const limits = stayLimitsOf(rule);
  const parts: string[] = [];
  if (limits.perVisitMaxDays !== null && result.perVisitLastDay)
    parts.push(
      `${limits.perVisitMaxDays} days a visit: ${formatDay(result.perVisitLastDay, true)}`,
    );
  if (limits.rolling && result.rollingLastDay)
    parts.push(
      `at most ${limits.rolling.maxDays} days in any ${limits.rolling.windowDays}${result.daysUsedBefore ? ` (${result.daysUsedBefore} days of earlier visits count)` : ''}: ${formatDay(result.rollingLastDay, true)}`,
    );
  const binds = {
    per_visit: 'the per-visit cap',
    rolling: 'the rolling limit',
    both: 'both limits',
  }[result.binding];
  const head = `Entry on ${formatDay(result.entryDate)} is day 1. ${parts.join('; ')}.`;
  const tail =
    result.lastLegalDay < result.entryDate
      ? `No legal day left: earlier visits already use up the limit`
      : `Last legal day: ${formatDay(result.lastLegalDay, true)} (${binds})`;
  return `${head} ${tail} (${rule.legalBasis})`;
}
