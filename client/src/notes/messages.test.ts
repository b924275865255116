import { EVIDENCE_KINDS, NOTE_STATUSES, STRENGTHS } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectEnumKeys, expectSameShape, missingKeys } from '../dashboard/messageChecks';
import { en, ru } from './messages';

describe('notes messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('name every strength, evidence kind and status', () => {
    expectEnumKeys(en, ru, 'haven.notes.strength', STRENGTHS);
    expectEnumKeys(en, ru, 'haven.notes.evidence_kind', EVIDENCE_KINDS);
    expectEnumKeys(en, ru, 'haven.notes.status', NOTE_STATUSES);
  });

  it('have every literal key the notes code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(5);
    expect(missingKeys(sources)).toEqual([]);
  });
});
