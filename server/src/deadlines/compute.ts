import Holidays from 'date-holidays';
import {
  addCalendarDays,
  addPeriod,
  daysBetween,
  findRule,
  formatLegalDay,
  weekday,
  type DeadlineExplanation,
  type StayPeriod,
  stayLastDays,
  stayLimitsOf,
  type DeadlineRule,
  type StayLimitResult,
} from '@haven/shared';

export { addPeriod, addCalendarDays as addDays } from '@haven/shared';

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

  /**
   * The days a public holiday covers whole, in the country's own time: an Islamic feast runs from the
   * evening before to noon after in the data, and only the full days are days off (a half day — the
   * arife — stays a working day, so no period is carried past a day the court was open).
   */
  private yearOf(year: number): Map<string, string> {
    let days = this.years.get(year);
    if (!days) {
      days = new Map();
      const zone = this.holidays.getTimezones()?.[0] ?? 'UTC';
      const local = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      const parts = (date: Date) => {
        const p = Object.fromEntries(local.formatToParts(date).map((x) => [x.type, x.value]));
        return {
          day: `${p.year}-${p.month}-${p.day}`,
          midnight: p.hour === '00' && p.minute === '00',
        };
      };
      for (const holiday of this.holidays.getHolidays(year, 'en') || []) {
        if (holiday.type !== 'public') continue;
        const start = parts(holiday.start);
        const end = parts(holiday.end);
        // First whole day: the start's day if it starts at midnight, else the next; the end is exclusive.
        let day = start.midnight ? start.day : addCalendarDays(start.day, 1);
        for (; day < end.day; day = addCalendarDays(day, 1)) days.set(day, holiday.name);
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
    return this.weekend.includes(weekday(day));
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

/** "4 Apr 2026" / "Sat 4 Apr 2026": English, for audit-free messages and the CLI. */
export function formatDay(day: string, weekday = false): string {
  return formatLegalDay(day, 'en', weekday);
}

export interface ComputedDeadline {
  dueOn: string;
  /** The end of the period before any move to a working day. */
  periodEnd: string;
  explanation: DeadlineExplanation;
}

/** A request under another rule that suspended this rule's period (France: legal aid, CNDA). */
export interface Suspension {
  /** The day the suspending request was made. */
  from: string;
  /** The day the period runs again (service of the decision on the request). */
  resumedOn: string;
}

/**
 * The due date of a rule from its trigger date, and how it was reached as `{code, params}` a
 * caseworker can check by hand: "2 weeks from service of the decision on 21 Mar 2026 = Sat 4 Apr
 * 2026; next working day after Easter Monday: Tue 7 Apr 2026 (§ 74(1) AsylG …)".
 *
 * A suspension counts only the days of the period left when the request was made, from the day
 * the period runs again: the earliest reading of "the period resumes".
 */
export function computeDeadline(
  rule: DeadlineRule,
  triggerDate: string,
  options: { suspension?: Suspension | null; stays?: readonly StayPeriod[] } = {},
): ComputedDeadline {
  const base = { ruleId: rule.id, version: rule.version, legalBasis: rule.legalBasis };
  if (rule.fixedDate) {
    return {
      dueOn: rule.fixedDate,
      periodEnd: rule.fixedDate,
      explanation: { code: 'deadline.fixed_date', params: { ...base, dueOn: rule.fixedDate } },
    };
  }
  if (rule.beforeStayEnd) {
    const stayRule = findRule(rule.beforeStayEnd.stayRuleId);
    if (!stayRule) throw new Error(`${rule.id}: no stay rule ${rule.beforeStayEnd.stayRuleId}`);
    const stays = options.stays ?? [{ entryDate: triggerDate, exitDate: null }];
    const stay = stayLastDays(stayLimitsOf(stayRule), stays)!;
    const dueOn = addCalendarDays(stay.lastLegalDay, -rule.beforeStayEnd.days);
    return {
      dueOn,
      periodEnd: dueOn,
      explanation: {
        code: 'deadline.before_stay_end',
        params: {
          ...base,
          days: rule.beforeStayEnd.days,
          entryDate: stay.entryDate,
          stayLastDay: stay.lastLegalDay,
          dueOn,
        },
      },
    };
  }
  if (isStayRule(rule)) {
    // A stay rule from an entry date is that stay with no earlier visits: the one stay computation.
    const stays = options.stays ?? [{ entryDate: triggerDate, exitDate: null }];
    const stay = stayLastDays(stayLimitsOf(rule), stays)!;
    return {
      dueOn: stay.lastLegalDay,
      periodEnd: stay.lastLegalDay,
      explanation: { code: 'deadline.stay', params: { ...base, ...stayParams(rule, stay) } },
    };
  }
  const calendar = calendarFor(rule.jurisdiction);
  let periodEnd: string;
  if (rule.dayType === 'working') {
    const n = Object.values(rule.duration)[0];
    periodEnd = triggerDate;
    for (let counted = 0; counted < n;) {
      periodEnd = addCalendarDays(periodEnd, 1);
      if (calendar.isWorkingDay(periodEnd)) counted++;
    }
  } else {
    periodEnd = addPeriod(triggerDate, rule.duration);
  }
  let suspended: { from: string; resumedOn: string; days: number } | null = null;
  const suspension = options.suspension;
  if (suspension && suspension.from <= periodEnd && suspension.resumedOn >= suspension.from) {
    const days = daysBetween(suspension.from, suspension.resumedOn);
    suspended = { ...suspension, days };
    periodEnd = addCalendarDays(periodEnd, days);
  }
  let dueOn = periodEnd;
  let moved: MovedReason = null;
  if (rule.endRule === 'next_working_day') {
    // No calendar has a month of days off: a bound, so no data can make this loop endless.
    for (let tries = 0; !calendar.isWorkingDay(dueOn); tries++) {
      if (tries > 31)
        throw new RangeError(`${rule.id}: no working day within a month of ${periodEnd}`);
      const holiday = calendar.holiday(dueOn);
      moved = holiday ? { reason: 'holiday', holiday } : { reason: 'weekend' };
      dueOn = addCalendarDays(dueOn, 1);
    }
  }
  return {
    dueOn,
    periodEnd,
    explanation: {
      code: 'deadline.period',
      params: {
        ...base,
        duration: rule.duration,
        working: rule.dayType === 'working',
        triggerEvent: rule.triggerEvent,
        triggerDate,
        periodEnd,
        dueOn,
        moved,
        suspended,
        legalBasis: rule.legalBasis,
      },
    },
  };
}

type MovedReason = null | { reason: 'weekend' } | { reason: 'holiday'; holiday: string };

/** A rule that limits a stay (per visit and/or rolling), computed by the one stay function. */
export function isStayRule(rule: DeadlineRule): boolean {
  return rule.kind === 'stay_expiry' && rule.triggerEvent === 'entry' && !rule.beforeStayEnd;
}

/** The stay computation as explanation params (the stay panel's and a stay deadline's). */
export function stayParams(rule: DeadlineRule, result: StayLimitResult) {
  const limits = stayLimitsOf(rule);
  return {
    entryDate: result.entryDate,
    perVisitMaxDays: limits.perVisitMaxDays,
    perVisitLastDay: result.perVisitLastDay,
    maxDays: limits.rolling?.maxDays ?? null,
    windowDays: limits.rolling?.windowDays ?? null,
    rollingLastDay: result.rollingLastDay,
    lastLegalDay: result.lastLegalDay,
    binding: result.binding,
    daysUsedBefore: result.daysUsedBefore,
  };
}
