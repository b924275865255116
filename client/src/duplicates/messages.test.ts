import { DUPLICATE_REASONS } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectSameShape, leaf, missingKeys } from '../dashboard/messageChecks';
import { reasonKey } from './duplicateQuery';
import { en, ru } from './messages';

describe('duplicates messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('translate every reason the server gives', () => {
    for (const reason of DUPLICATE_REASONS) {
      const key = reasonKey(reason);
      expect(key, reason).not.toBeNull();
      expect(leaf(en, key!), reason).toBeTypeOf('string');
      expect(leaf(ru, key!), reason).toBeTypeOf('string');
    }
  });

  it('have every literal key the duplicates code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(3);
    expect(missingKeys(sources)).toEqual([]);
  });
});
