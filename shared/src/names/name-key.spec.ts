import { describe, expect, it } from 'vitest';
import { nameKey, nonLatinLetters, transliterate } from './name-key.js';

describe('transliterate', () => {
  it.each([
    ['Дмитрий', 'Dmitrii'],
    ['Соколов', 'Sokolov'],
    ['Юлия', 'Iuliia'],
    ['Щукин', 'Shchukin'],
    ['ЩУКИН', 'SHCHUKIN'],
    ['Фёдоров-Ковальчук', 'Fedorov-Kovalchuk'],
    ['Аляксандр', 'Aliaksandr'],
    ['Ґалина Їжак', 'Galina Izhak'],
    ['ዮናስ ተስፋይ', 'Yonas Tesfay'],
    ['Anna Müller', 'Anna Müller'],
  ])('%s → %s', (text, latin) => {
    expect(transliterate(text)).toBe(latin);
  });

  it('romanises as the name key does: the key of the result is the key of the original', () => {
    for (const name of ['Дмитрий Соколов', 'Юлия Ковальчук', 'ዮናስ ተስፋይ', 'Фёдоров Артём']) {
      expect(nameKey(transliterate(name))).toBe(nameKey(name));
    }
  });

  it('leaves letters of scripts it does not know', () => {
    expect(transliterate('Ahmed أحمد')).toBe('Ahmed أحمد');
  });
});

describe('nonLatinLetters', () => {
  it('finds Cyrillic, Ge’ez and other scripts, once each', () => {
    expect(nonLatinLetters('Dmitrий')).toEqual(['и', 'й']);
    expect(nonLatinLetters('ዮና')).toEqual(['ዮ', 'ና']);
    expect(nonLatinLetters('أحمد')).toHaveLength(4);
    // A Cyrillic "а" that looks like a Latin one.
    expect(nonLatinLetters('Аnna')).toEqual(['А']);
  });

  it('accepts Latin letters with accents, digits, punctuation and the modifier apostrophe', () => {
    expect(nonLatinLetters('Zoë O’Brien-Łukasik ʼ 1990')).toEqual([]);
    expect(nonLatinLetters('')).toEqual([]);
  });
});
