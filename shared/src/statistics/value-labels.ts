import type { Locale } from '../auth/roles.js';
import { LABELS } from '../labels/labels.js';
import type { StatDimension } from './statistics.types.js';

/**
 * How a statistics value reads to people, in one place for the page (client/src/statistics/
 * valueLabels.ts, through its translations) and the CSV's label columns (server): totals, the
 * server's own categories, countries, months and the enumerations.
 */

/** The statistics' own words: the client's messages take them from here (statistics/messages.ts). */
export const STAT_WORDS: Record<
  Locale,
  { total: string; values: Record<'none' | 'unknown' | 'other', string> }
> = {
  en: {
    total: 'Total',
    values: { none: 'None recorded', unknown: 'Unknown', other: 'Other (rare)' },
  },
  ru: {
    total: 'Итого',
    values: { none: 'Не указано', unknown: 'Неизвестно', other: 'Другое (редкое)' },
  },
};

/** The code a CSV writes for a total or margin in a dimension's own column (never empty). */
export const STAT_TOTAL_CODE = 'Total';

/** Dimensions whose values are enumerations with labels (`LABELS[lang][group]`). */
export const STAT_ENUM_GROUPS: Partial<
  Record<StatDimension, 'caseType' | 'stage' | 'outcome' | 'ground' | 'sex'>
> = {
  caseType: 'caseType',
  stage: 'stage',
  outcome: 'outcome',
  ground: 'ground',
  sex: 'sex',
};

/** Where a labeller gets its words: the page's translations, or the shared labels. */
export interface StatLabeller {
  /** A BCP 47 tag for the Intl names of countries and months. */
  locale: string;
  total: string;
  word: (word: 'none' | 'unknown' | 'other') => string;
  /** An enumeration's label, or undefined for the code itself. */
  enumLabel: (group: string, value: string) => string | undefined;
}

/** The shared words in one language (the server's CSV). */
export function statLabeller(lang: Locale, locale: string = lang): StatLabeller {
  const groups = LABELS[lang] as unknown as Record<string, Record<string, string> | undefined>;
  return {
    locale,
    total: STAT_WORDS[lang].total,
    word: (word) => STAT_WORDS[lang].values[word],
    enumLabel: (group, value) => groups[group]?.[value],
  };
}

/** A country's name in the locale ("RU" → "Russia", "Россия"); the code when Intl has none. */
export function statCountryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month `YYYY-MM` in the reader's language: "Mar 2026", "март 2026 г.". */
export function statMonthName(month: string, locale: string): string {
  const match = MONTH.exec(month);
  if (!match) return month;
  try {
    return new Intl.DateTimeFormat(locale, {
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
  } catch {
    return month;
  }
}

/**
 * A dimension's value as the reader should see it: "Total" for a total (null), the server's
 * categories ("none": no outcome or ground, "unknown": no date of birth, "other": rare
 * nationalities grouped), country names for codes, months written out, enumerations labelled;
 * anything else (a team's name, an age band) as it is.
 */
export function statValueLabel(
  dimension: string,
  value: string | null,
  labeller: StatLabeller,
): string {
  if (value === null) return labeller.total;
  if (value === 'none') return labeller.word('none');
  if (value === 'unknown') return labeller.word('unknown');
  const country = dimension === 'nationality' || dimension === 'jurisdiction';
  if (country && value === 'other') return labeller.word('other');
  if (country) return /^[A-Z]{2}$/.test(value) ? statCountryName(value, labeller.locale) : value;
  if (dimension === 'openedMonth' || dimension === 'decidedMonth')
    return statMonthName(value, labeller.locale);
  const group = STAT_ENUM_GROUPS[dimension as StatDimension];
  return (group && labeller.enumLabel(group, value)) ?? value;
}
