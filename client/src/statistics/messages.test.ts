import { STAT_DIMENSIONS, STAT_PERIODS_BY, STAT_UNITS, type StatSuggestion } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectEnumKeys, expectSameShape, missingKeys } from '../dashboard/messageChecks';
import { en, ru } from './messages';

describe('statistics messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('name every dimension and period', () => {
    expectEnumKeys(en, ru, 'haven.statistics.dimensions', STAT_DIMENSIONS);
    expectEnumKeys(en, ru, 'haven.statistics.periods', ['month', 'quarter', 'year']);
    expectEnumKeys(en, ru, 'haven.statistics.units', STAT_UNITS);
    expectEnumKeys(en, ru, 'haven.statistics.unit_help', STAT_UNITS);
    expectEnumKeys(en, ru, 'haven.statistics.periods_by', STAT_PERIODS_BY);
    expectEnumKeys(en, ru, 'haven.statistics.period_by_help', STAT_PERIODS_BY);
    expectEnumKeys(en, ru, 'haven.statistics.releases', ['download_csv', 'download_json']);
    expectEnumKeys(en, ru, 'haven.statistics.withheld_notice.suggest', [
      'fewer_dimensions',
      'longer_period',
      'lower_k',
      'aggregate_table',
    ] satisfies StatSuggestion['kind'][]);
    for (const kind of ['aggregate', 'microdata'])
      for (const key of ['title', 'why', 'none'])
        expect(
          (en.haven.statistics.withheld_notice as Record<string, unknown>)[`${key}_${kind}`],
        ).toBeTruthy();
  });

  it('have every literal key the statistics code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(5);
    expect(missingKeys(sources)).toEqual([]);
  });
});
