import { describe, expect, it } from 'vitest';
import { FEATURE_EN, FEATURE_RU, expectSameShape, leaf, missingKeys } from './messageChecks';
import { AGE_BUCKETS } from './SupervisorDashboard';
import { en, ru } from './messages';

describe('dashboard messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('name every age bucket', () => {
    for (const { label } of AGE_BUCKETS) {
      expect(leaf(en, label), label).toBeTypeOf('string');
      expect(leaf(ru, label), label).toBeTypeOf('string');
    }
  });

  it('have every literal key the dashboard code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(5);
    expect(missingKeys(sources)).toEqual([]);
  });

  it('five feature files, each a tree of its own (no key defined twice)', () => {
    expect(FEATURE_EN).toHaveLength(5);
    expect(FEATURE_RU).toHaveLength(5);
    const owners = new Map<string, number>();
    FEATURE_EN.forEach((tree, index) => {
      for (const section of Object.keys((tree as { haven: object }).haven)) {
        expect(owners.has(section), section).toBe(false);
        owners.set(section, index);
      }
    });
  });
});
