import { nonLatinLetters, transliterate } from '@haven/shared';

/** What a Latin-only field holds that is not Latin, and the passport spelling when there is one. */
export interface LatinCheck {
  /** The letters that are not Latin, each once, in order of appearance. */
  letters: string[];
  /**
   * The text romanised as the name keys romanise it (ICAO 9303 for Cyrillic, consonant + vowel
   * for Ge'ez; shared/src/names/name-key.ts), or null when a script is left that has no table.
   */
  latin: string | null;
}

/** Null for a value in Latin letters (accents, digits and punctuation included) or empty. */
export function checkLatin(value: unknown): LatinCheck | null {
  if (typeof value !== 'string') return null;
  const letters = nonLatinLetters(value);
  if (letters.length === 0) return null;
  const latin = transliterate(value);
  return { letters, latin: nonLatinLetters(latin).length === 0 ? latin : null };
}
