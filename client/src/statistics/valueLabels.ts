import { statValueLabel } from '@haven/shared';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A dimension's value as the reader should see it (shared statValueLabel, the same rules as the
 * CSV's label columns), in the page's translations: country names for codes, translated
 * enumerations, months written out. "none" is the server's category for a missing outcome or
 * ground, "unknown" an age band without a date of birth, "other" the rare nationalities grouped.
 */
export function valueLabel(
  dimension: string,
  value: string | null,
  translate: Translate,
  locale: string,
): string {
  return statValueLabel(dimension, value, {
    locale,
    total: translate('haven.statistics.total'),
    word: (word) => translate(`haven.statistics.values.${word}`),
    enumLabel: (group, code) => translate(`haven.enums.${group}.${code}`, { _: code }),
  });
}
