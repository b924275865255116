/**
 * Calendar days (`YYYY-MM-DD`) as the API sends them, and what the UI derives from them. Days are
 * not instants: they are compared and formatted without time zones so that a due date never moves
 * by a day in a browser west of UTC. Pure functions; "today" is always a parameter in tests.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Whether `value` is a real calendar day `YYYY-MM-DD` (no 31 February), as the server checks. */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(value);
}

function utcMillis(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/** The local calendar day of an instant (the user's "today"). */
export function localDay(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The UTC calendar day of an instant: the server's "today" for its "not in the future" checks. */
export function utcDay(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMillis(to) - utcMillis(from)) / MS_PER_DAY);
}

export function addDays(day: string, days: number): string {
  return new Date(utcMillis(day) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

export type Urgency = 'overdue' | 'soon' | 'later' | 'settled';

/** Days at or below which an open deadline is "soon" (shown orange). */
export const SOON_DAYS = 7;

/**
 * How pressing a due date is: an open deadline past its day is overdue (red), one due within a
 * week is soon (orange); done, missed or waived ones are settled whatever their date.
 */
export function urgency(dueOn: string, today: string, status: string = 'open'): Urgency {
  if (status !== 'open') return 'settled';
  const left = daysBetween(today, dueOn);
  if (left < 0) return 'overdue';
  if (left <= SOON_DAYS) return 'soon';
  return 'later';
}

export const URGENCY_COLOR: Record<Urgency, 'error' | 'warning' | 'default'> = {
  overdue: 'error',
  soon: 'warning',
  later: 'default',
  settled: 'default',
};

/** The translation key and count that say how far a day is: "in 3 days", "2 days overdue". */
export function daysLeftMessage(dueOn: string, today: string): { key: string; count: number } {
  const left = daysBetween(today, dueOn);
  if (left === 0) return { key: 'haven.dates.today', count: 0 };
  if (left === 1) return { key: 'haven.dates.tomorrow', count: 1 };
  if (left > 1) return { key: 'haven.dates.in_days', count: left };
  return { key: 'haven.dates.overdue_days', count: -left };
}

/** A day in the user's locale ("7 Apr 2026", "7 апр. 2026 г."), never shifted by a time zone. */
export function formatDay(
  day: string,
  locale: string,
  options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' },
): string {
  if (!isDay(day)) return day;
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(
    new Date(utcMillis(day)),
  );
}

/**
 * An instant (audit times, "updated at") in the user's locale and time zone, always on a 24-hour
 * clock: "7 дек. 2026 г., 14:16", "7 Dec 2026, 14:16". `seconds` adds them (the audit trail).
 * The one formatter of instants: every time on screen goes through here.
 */
export function formatInstant(
  instant: string | Date,
  locale: string,
  options: { seconds?: boolean; timeZone?: string } = {},
): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  return new Intl.DateTimeFormat(safeLocale(locale) ?? 'en', {
    dateStyle: 'medium',
    timeStyle: options.seconds ? 'medium' : 'short',
    hourCycle: 'h23',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(date);
}

/** A day written out in words: "15 марта 1994 г.", "15 March 1994" (the echo under a date input). */
export function dayInWords(day: string, locale: string): string {
  return formatDay(day, safeLocale(locale) ?? 'en', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

export type DayPart = 'day' | 'month' | 'year';

/**
 * How the locale writes a day in digits: the order of its parts and the separator ("dd.mm.yyyy"
 * in Russian, "mm/dd/yyyy" in American English, "dd/mm/yyyy" in British English).
 */
export function dayInputFormat(locale: string): { order: DayPart[]; separator: string } {
  const parts = new Intl.DateTimeFormat(safeLocale(locale) ?? 'en', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(Date.UTC(2000, 10, 22)));
  const order = parts
    .map((part) => part.type)
    .filter((type): type is DayPart => type === 'day' || type === 'month' || type === 'year');
  const literal = parts.find((part) => part.type === 'literal')?.value.trim() || '/';
  return order.length === 3
    ? { order, separator: literal[0] }
    : { order: ['day', 'month', 'year'], separator: '.' };
}

const PLACEHOLDER: Record<string, Record<DayPart, string>> = {
  ru: { day: 'дд', month: 'мм', year: 'гггг' },
};

/** What a date input shows while empty: "дд.мм.гггг", "mm/dd/yyyy". */
export function dayInputPlaceholder(locale: string): string {
  const { order, separator } = dayInputFormat(locale);
  const words = PLACEHOLDER[locale.toLowerCase().split('-')[0]] ?? {
    day: 'dd',
    month: 'mm',
    year: 'yyyy',
  };
  return order.map((part) => words[part]).join(separator);
}

/** A day `YYYY-MM-DD` as the locale types it: "15.03.1994"; anything else as it is. */
export function formatDayInput(day: string | null | undefined, locale: string): string {
  if (!day) return '';
  if (!isDay(day)) return day;
  const [year, month, date] = day.split('-');
  const values: Record<DayPart, string> = { day: date, month, year };
  const { order, separator } = dayInputFormat(locale);
  return order.map((part) => values[part]).join(separator);
}

/**
 * A day typed in the locale's order, as `YYYY-MM-DD`: any non-digit separates ("15.3.1994",
 * "15/03/1994", "15-03-1994"), and eight digits alone are read in the locale's order
 * ("15031994"). '' for an empty text, null for what is not a real day (31.02.2026, 1.2.94).
 */
export function parseDayInput(text: string, locale: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return '';
  // Already ISO (a paste from elsewhere, a value from the server).
  const iso = isDay(trimmed) ? trimmed : null;
  if (iso) return iso;
  const { order } = dayInputFormat(locale);
  let pieces = trimmed.split(/\D+/).filter(Boolean);
  if (pieces.length === 1 && /^\d{8}$/.test(pieces[0])) {
    const digits = pieces[0];
    const widths: Record<DayPart, number> = { day: 2, month: 2, year: 4 };
    let at = 0;
    pieces = order.map((part) => {
      const piece = digits.slice(at, at + widths[part]);
      at += widths[part];
      return piece;
    });
  }
  if (pieces.length !== 3) return null;
  const values = Object.fromEntries(order.map((part, i) => [part, pieces[i]])) as Record<
    DayPart,
    string
  >;
  if (values.year.length !== 4 || values.month.length > 2 || values.day.length > 2) return null;
  const day = `${values.year}-${values.month.padStart(2, '0')}-${values.day.padStart(2, '0')}`;
  return isDay(day) ? day : null;
}

/**
 * The locale dates are written in: the browser's own regional variant of the interface language
 * when it has one (en-GB writes "7 Apr 2026", en-US "Apr 7, 2026"), else the interface language.
 */
export function dateLocale(appLocale: string, browserLanguages: readonly string[] = []): string {
  const match = browserLanguages
    .map(safeLocale)
    .find((tag) => tag?.toLowerCase().split('-')[0] === appLocale.toLowerCase());
  return match ?? safeLocale(appLocale) ?? 'en';
}

/**
 * A locale tag every `Intl` constructor accepts, or null. Browsers and systems report tags Intl
 * rejects with a RangeError — POSIX forms such as `en-US@posix` or `de_DE.UTF-8` — and one such tag
 * must not take a page down: the modifier and encoding go, `_` becomes `-`, and what is still
 * invalid is dropped.
 */
export function safeLocale(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const cleaned = tag.split(/[@.]/)[0].replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(cleaned)[0] ?? null;
  } catch {
    return null;
  }
}

/** The first day of the week in a locale (1 = Monday … 7 = Sunday), Monday where unknown. */
export function firstDayOfWeek(locale: string): number {
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    return info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
}
