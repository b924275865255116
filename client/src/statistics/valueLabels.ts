import type { StatDimension } from '@haven/shared';
import { countryName } from '../teams/countries';
import { formatMonth, isMonth } from './periods';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Enumerations whose values the interface already names (`haven.enums.<name>.<value>`). */
const ENUMS: Partial<Record<StatDimension, string>> = {
  caseType: 'caseType',
  stage: 'stage',
  outcome: 'outcome',
  ground: 'ground',
  sex: 'sex',
};

/**
 * A dimension's value as the reader should see it: country names for codes, translated
 * enumerations, months written out. "none" is the server's category for a missing outcome or
 * ground, "unknown" an age band without a date of birth, "other" the rare nationalities grouped.
 */
export function valueLabel(
  dimension: string,
  value: string | null,
  translate: Translate,
  locale: string,
): string {
  if (value === null) return translate('haven.statistics.total');
  if (value === 'none') return translate('haven.statistics.values.none');
  if (value === 'unknown') return translate('haven.statistics.values.unknown');
  if (value === 'other' && (dimension === 'nationality' || dimension === 'jurisdiction')) {
    return translate('haven.statistics.values.other');
  }
  if (dimension === 'nationality' || dimension === 'jurisdiction') {
    return /^[A-Z]{2}$/.test(value) ? countryName(value, locale) : value;
  }
  if ((dimension === 'openedMonth' || dimension === 'decidedMonth') && isMonth(value)) {
    return formatMonth(value, locale);
  }
  const enumName = ENUMS[dimension as StatDimension];
  if (enumName) return translate(`haven.enums.${enumName}.${value}`, { _: value });
  return value;
}
