import { DATA_REQUEST_STATUSES, DATA_REQUEST_TYPES } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectEnumKeys, expectSameShape, missingKeys } from '../dashboard/messageChecks';
import { en, ru } from './messages';

describe('data request messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('name every type and status', () => {
    expectEnumKeys(en, ru, 'haven.data_requests.type', DATA_REQUEST_TYPES);
    expectEnumKeys(en, ru, 'haven.data_requests.status', DATA_REQUEST_STATUSES);
  });

  it('have every literal key the data requests code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(missingKeys(sources)).toEqual([]);
  });
});
