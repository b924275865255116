import { CONSENT_BASES, PROCESSING_BASES } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectSameShape, leaf } from '../dashboard/messageChecks';
import { en as appEn } from '../i18n/en';
import { messageKeys } from '../i18n/merge';
import { ru as appRu } from '../i18n/ru';
import { en, ru } from './messages';

describe('intake messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('reach the app, in both languages, over the intake’s older texts', () => {
    for (const key of messageKeys(en)) {
      expect(leaf(appEn, key), key).toBe(leaf(en, key));
      expect(leaf(appRu, key), key).toBe(leaf(ru, key));
    }
  });

  it('name every basis that may stand in for consent', () => {
    for (const basis of PROCESSING_BASES) {
      expect(CONSENT_BASES).toContain(basis);
      expect(typeof leaf(appEn, `haven.consent.basis.${basis}`), basis).toBe('string');
      expect(typeof leaf(appRu, `haven.consent.basis.${basis}`), basis).toBe('string');
    }
  });

  it('have every literal key the intake code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const missing: string[] = [];
    for (const [file, source] of Object.entries(sources))
      for (const [, key] of source.matchAll(/['"](haven\.[a-z_-]+(?:\.[A-Za-z_]+)+)['"]/g))
        if (typeof leaf(appEn, key) !== 'string' || typeof leaf(appRu, key) !== 'string')
          missing.push(`${file}: ${key}`);
    expect(missing).toEqual([]);
  });
});
