/**
 * Names across scripts, shared by the server (the duplicate check's and the client search's name
 * keys) and the client (the Latin-only fields' transliteration), so both romanise alike.
 *
 * Names compared across scripts. Every name is reduced to a Latin *key* that the common
 * transliteration variants share, so that trigram similarity (pg_trgm) can compare them:
 *
 * 1. Cyrillic (Russian, Ukrainian, Belarusian letters) is transliterated with the passport system
 *    (ICAO Doc 9303 / Russian government order 2013): Дмитрий → dmitrii, Юлия → iuliia, Щ → shch.
 * 2. Ge'ez (Tigrinya, Amharic) syllables are romanised consonant + vowel: each syllable's order gives
 *    the vowel (1st ä→e, 2nd u, 3rd i, 4th a, 5th e, 6th ə→none, 7th o): ዮናስ → yonas, ተስፋይ → tesfay.
 * 3. Diacritics are folded (é → e, ł → l) and the Latin is lower-cased.
 * 4. Spelling variants are folded to one form: y, j → i (Yulia, Julia, Iuliia → iulia), x → ks,
 *    kh → h, g → h (Belarusian and Ukrainian г), w → v, ph → f, q → k, c before e/i → ts, ck → k, doubled letters → one (ii → i, ll → l).
 *    ё and iotated e fold to e (Fyodorov / Fedorov, Yegor / Egor, Abdulayev / Abdulaev).
 *    So Dmitrii / Dmitriy / Dmitry → dmitri, Aleksei / Alexey → aleksei.
 * 5. Patronymics (…ovich, …evich, …ovna, …evna, …ichna) are dropped where a name has three or more
 *    words (so the Belarusian family name Karpovich stays), particles too, and the remaining
 *    words are sorted, so that given and family names may come in either order.
 */
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  // Ukrainian and Belarusian letters.
  і: 'i',
  ї: 'i',
  є: 'ie',
  ґ: 'g',
  ў: 'u',
  "'": '',
  ʼ: '',
};

/** Ethiopic consonant rows (first code point of each 8-code-point row) → Latin consonant. */
const GEEZ_ROWS: Record<number, string> = {
  0x1200: 'h',
  0x1208: 'l',
  0x1210: 'h',
  0x1218: 'm',
  0x1220: 's',
  0x1228: 'r',
  0x1230: 's',
  0x1238: 'sh',
  0x1240: 'k',
  0x1248: 'kw',
  0x1250: 'k',
  0x1260: 'b',
  0x1268: 'v',
  0x1270: 't',
  0x1278: 'ch',
  0x1280: 'h',
  0x1288: 'hw',
  0x1290: 'n',
  0x1298: 'ny',
  0x12a0: '',
  0x12a8: 'k',
  0x12b0: 'kw',
  0x12b8: 'h',
  0x12c0: 'hw',
  0x12c8: 'w',
  0x12d0: '',
  0x12d8: 'z',
  0x12e0: 'zh',
  0x12e8: 'y',
  0x12f0: 'd',
  0x12f8: 'd',
  0x1300: 'j',
  0x1308: 'g',
  0x1310: 'gw',
  0x1318: 'g',
  0x1320: 't',
  0x1328: 'ch',
  0x1330: 'p',
  0x1338: 'ts',
  0x1340: 'ts',
  0x1348: 'f',
  0x1350: 'p',
};
const GEEZ_VOWELS = ['e', 'u', 'i', 'a', 'e', '', 'o', 'ua'];

function transliterateChar(char: string): string {
  const lower = char.toLowerCase();
  if (lower in CYRILLIC) return CYRILLIC[lower];
  const code = char.codePointAt(0)!;
  if (code >= 0x1200 && code <= 0x137f) {
    const row = code - (code % 8);
    const consonant = GEEZ_ROWS[row];
    if (consonant === undefined) return '';
    return consonant + GEEZ_VOWELS[code % 8];
  }
  return lower;
}

const PATRONYMIC = /(ovich|evich|ovych|evych|ovna|evna|ichna|ivna|aviciute|oglu|ogly|kyzy|kizi)$/;
const PARTICLES = new Set(['bin', 'ibn', 'de', 'van', 'von', 'al', 'el']);

/** Folds the Latin spelling variants of one word. */
export function foldWord(word: string): string {
  let w = word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z]/g, '');
  w = w
    .replace(/shch|sch/g, 'shch')
    .replace(/x/g, 'ks')
    .replace(/kh/g, 'h')
    // Ukrainian and Belarusian г is h (Heorhii, Hanna); Russian г is g (Georgii, Anna).
    .replace(/g/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/w/g, 'v')
    .replace(/c(?=[ei])/g, 'ts')
    .replace(/tz/g, 'ts')
    .replace(/[yj]/g, 'i')
    // ё and iotated e: Fyodorov / Fedorov, Artyom / Artem, Yegor / Egor, Abdulayev / Abdulaev.
    .replace(/([bcdfghklmnprstvz])io/g, '$1e')
    .replace(/^ie/, 'e')
    .replace(/([aeiou])ie/g, '$1e')
    .replace(/(.)\1+/g, '$1');
  return w;
}

/** The comparable key of a full name (any script, any order): sorted folded words. */
export function nameKey(...parts: (string | null | undefined)[]): string {
  const words = parts
    .filter((p): p is string => Boolean(p))
    .join(' ')
    .split(/[\s\-‐,.]+/)
    .map((word) => [...word].map(transliterateChar).join(''))
    .map(foldWord)
    .filter((w) => w.length > 1 && !PARTICLES.has(w));
  // A patronymic only stands beside a given and a family name: Karpovich alone is a family name.
  // Russian order is "Given Patronymic Family" or "Family Given Patronymic".
  let kept = words;
  if (words.length >= 3) {
    if (PATRONYMIC.test(words[1])) kept = words.filter((_, i) => i !== 1);
    else if (PATRONYMIC.test(words[words.length - 1])) kept = words.slice(0, -1);
  }
  return [...new Set(kept)].sort().join(' ');
}

/** A client's stored key: the words of the Latin names and of the original-script name together. */
export function clientNameKey(
  givenName: string,
  familyName: string,
  nativeName: string | null | undefined,
): string {
  const words = new Set(
    [...nameKey(givenName, familyName).split(' '), ...nameKey(nativeName).split(' ')].filter(
      Boolean,
    ),
  );
  return [...words].sort().join(' ');
}

/** The key without vowels: Ge'ez romanisations often differ only in vowels (Berhane / Brhane). */
export function consonantSkeleton(key: string): string {
  return key.replace(/[aeiou]/g, '');
}

/** Whether a character is a letter of the Ge'ez (Ethiopic) script. */
const isGeez = (code: number) => code >= 0x1200 && code <= 0x137f;

/**
 * The romanisation of a text as a passport writes it (the same tables as the name key: ICAO 9303 for
 * Cyrillic, consonant + vowel for Ge'ez), keeping everything else and the letter case: Дмитрий →
 * Dmitrii, ЩУКИН → SHCHUKIN, ዮናስ → Yonas. Letters of other scripts stay as they are
 * (`nonLatinLetters` still finds them).
 */
export function transliterate(text: string): string {
  const chars = [...text];
  let out = '';
  chars.forEach((char, i) => {
    const code = char.codePointAt(0)!;
    const lower = char.toLowerCase();
    if (lower in CYRILLIC && /\p{Script=Cyrillic}/u.test(char)) {
      const latin = CYRILLIC[lower];
      if (char === lower || latin === '') {
        out += latin;
        return;
      }
      // A capital: the whole romanisation in capitals when the word is (ЩУКИН → SHCHUKIN).
      const next = chars[i + 1];
      const previous = chars[i - 1];
      const shouting = [next, previous].some((c) => c !== undefined && /\p{Lu}/u.test(c));
      out += shouting ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
      return;
    }
    if (isGeez(code)) {
      const latin = transliterateChar(char);
      // Ge'ez has no capitals: a word begins with one.
      const wordStart = i === 0 || !/[\p{L}\p{M}]/u.test(out.slice(-1));
      out += wordStart ? latin.charAt(0).toUpperCase() + latin.slice(1) : latin;
      return;
    }
    out += char;
  });
  return out;
}

// Letters shared by every script (the modifier apostrophe ʼ) count as Latin.
const LATIN_OR_COMMON = /[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * The distinct letters of a text that are not Latin (Cyrillic, Ge'ez, Arabic…), in order of first
 * appearance; empty for a text in Latin letters (accents included) or without letters.
 */
export function nonLatinLetters(text: string): string[] {
  return [...new Set([...text].filter((c) => /\p{L}/u.test(c) && !LATIN_OR_COMMON.test(c)))];
}
