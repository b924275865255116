import { LOCALES } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectSameShape, leaf } from '../dashboard/messageChecks';
import { en as appEn } from '../i18n/en';
import { ru as appRu } from '../i18n/ru';
import { en, ru } from './messages';

describe('data-protection messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('are merged into the app’s messages', () => {
    expect(leaf(appEn, 'haven.dataProtection.export.button')).toBe(
      en.haven.dataProtection.export.button,
    );
    expect(leaf(appRu, 'haven.dataProtection.export.button')).toBe(
      ru.haven.dataProtection.export.button,
    );
  });

  it('have every key the export code uses, a language name for every language', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const used = Object.values(sources).flatMap((source) =>
      [...source.matchAll(/`\$\{K\}\.([a-z_]+)`/g)].map((match) => match[1]),
    );
    expect(used.length).toBeGreaterThan(8);
    for (const key of [...used, ...LOCALES.map((code) => `lang_${code}`)]) {
      expect(leaf(en, `haven.dataProtection.export.${key}`), key).toBeTypeOf('string');
      expect(leaf(ru, `haven.dataProtection.export.${key}`), key).toBeTypeOf('string');
    }
  });
});
