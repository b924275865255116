import { expect } from 'vitest';
import { en as appEn } from '../i18n/en';
import { mergeMessages, messageKeys } from '../i18n/merge';
import { en as dashboardEn, ru as dashboardRu } from './messages';
import { en as duplicatesEn, ru as duplicatesRu } from '../duplicates/messages';
import { en as notesEn, ru as notesRu } from '../notes/messages';
import { en as statisticsEn, ru as statisticsRu } from '../statistics/messages';
import { en as tasksEn, ru as tasksRu } from '../tasks/messages';

/**
 * Checks for the feature message files (notes, tasks, dashboard, statistics, duplicates) before
 * they are merged into i18n/en.ts and i18n/ru.ts: used by each folder's messages.test.ts.
 */
export const FEATURE_EN = [notesEn, tasksEn, dashboardEn, statisticsEn, duplicatesEn];
export const FEATURE_RU = [notesRu, tasksRu, dashboardRu, statisticsRu, duplicatesRu];

/** The English tree the app will have once the feature files are merged in. */
export const mergedEn = () => mergeMessages(appEn, ...FEATURE_EN);

export function leaf(tree: object, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

const placeholders = (text: string) => [...new Set(text.match(/%\{\w+\}/g) ?? [])].sort();

/** Same keys in both languages, every message non-empty text, the same placeholders. */
export function expectSameShape(en: object, ru: object): void {
  const english = messageKeys(en).sort();
  const russian = messageKeys(ru).sort();
  expect(
    russian.filter((key) => !english.includes(key)),
    'only in ru',
  ).toEqual([]);
  expect(
    english.filter((key) => !russian.includes(key)),
    'only in en',
  ).toEqual([]);
  for (const key of english) {
    const a = leaf(en, key);
    const b = leaf(ru, key);
    expect(typeof a, key).toBe('string');
    expect(typeof b, key).toBe('string');
    expect((b as string).trim(), key).not.toBe('');
    expect(placeholders(b as string), key).toEqual(placeholders(a as string));
  }
}

/** Literal `haven.…` and `resources.…` keys in the sources that the merged messages lack. */
export function missingKeys(sources: Record<string, string>): string[] {
  const messages = mergedEn();
  const missing: string[] = [];
  for (const [file, source] of Object.entries(sources)) {
    for (const [, key] of source.matchAll(
      /['"]((?:haven|resources)\.[a-z_-]+(?:\.[A-Za-z_]+)+)['"]/g,
    )) {
      if (typeof leaf(messages, key) !== 'string') missing.push(`${file}: ${key}`);
    }
  }
  return missing;
}

/** `haven.<prefix>.<value>` exists for every value, in both languages. */
export function expectEnumKeys(en: object, ru: object, prefix: string, values: readonly string[]) {
  for (const value of values) {
    const key = `${prefix}.${value}`;
    expect(leaf(en, key), key).toBeTypeOf('string');
    expect(leaf(ru, key), key).toBeTypeOf('string');
  }
}
