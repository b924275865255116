import { CONSENT_ACTIONS, CONSENT_BASES } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectEnumKeys, expectSameShape, missingKeys } from '../dashboard/messageChecks';
import { en, ru } from './messages';

describe('consent messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('name every action and basis', () => {
    expectEnumKeys(en, ru, 'haven.consent.action', CONSENT_ACTIONS);
    expectEnumKeys(en, ru, 'haven.consent.basis', CONSENT_BASES);
  });

  it('have every literal key the consent code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(missingKeys(sources)).toEqual([]);
  });
});
