import { describe, expect, it } from 'vitest';
import { valueLabel } from './valueLabels';

const translate = (key: string, options?: Record<string, unknown>) =>
  key.startsWith('haven.enums.stage.')
    ? `Stage ${key.split('.').pop()}`
    : typeof options?._ === 'string'
      ? options._
      : key;

describe('valueLabel', () => {
  it('names totals, missing values, countries, months and enumerations', () => {
    expect(valueLabel('nationality', null, translate, 'en')).toBe('haven.statistics.total');
    expect(valueLabel('outcome', 'none', translate, 'en')).toBe('haven.statistics.values.none');
    expect(valueLabel('ageBand', 'unknown', translate, 'en')).toBe(
      'haven.statistics.values.unknown',
    );
    expect(valueLabel('nationality', 'RU', translate, 'en')).toBe('Russia');
    expect(valueLabel('jurisdiction', 'DE', translate, 'ru')).toBe('Германия');
    expect(valueLabel('openedMonth', '2026-03', translate, 'en')).toMatch(/Mar.*2026/);
    expect(valueLabel('decidedMonth', '2025-11', translate, 'en')).toMatch(/Nov.*2025/);
    expect(valueLabel('stage', 'lodged', translate, 'en')).toBe('Stage lodged');
    expect(valueLabel('ageBand', '18-59', translate, 'en')).toBe('18-59');
    expect(valueLabel('team', 'Tbilisi', translate, 'en')).toBe('Tbilisi');
  });
});
