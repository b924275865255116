import { STAT_DIMENSIONS } from '@haven/shared';
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
