import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectEnumKeys, expectSameShape, missingKeys } from '../dashboard/messageChecks';
import { en, ru } from './messages';

describe('documents messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('name every kind and status', () => {
    expectEnumKeys(en, ru, 'haven.documents.kind', DOCUMENT_KINDS);
    expectEnumKeys(en, ru, 'haven.documents.status', DOCUMENT_STATUSES);
  });

  it('have every literal key the documents code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    expect(missingKeys(sources)).toEqual([]);
  });
});
