import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The fonts the summary PDF embeds: Noto Sans (Latin, Cyrillic, Greek, Vietnamese) and Noto Sans
 * Ethiopic (Ge'ez: Tigrinya, Amharic), from the npm packages of Fontsource, which ship each
 * script's subset as a WOFF file with the Unicode ranges it covers (`unicode.json`); SIL Open Font
 * License 1.1, which allows embedding. Nothing is fetched at run time: the files are read from
 * node_modules once, on the first export.
 */
const SOURCES = [
  {
    pkg: '@fontsource/noto-sans',
    family: 'noto-sans',
    subsets: ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'],
  },
  { pkg: '@fontsource/noto-sans-ethiopic', family: 'noto-sans-ethiopic', subsets: ['ethiopic'] },
] as const;

export type Weight = 400 | 700;
const WEIGHTS: Weight[] = [400, 700];

interface Face {
  /** The name the face is registered under in a document. */
  name: string;
  weight: Weight;
  data: Buffer;
  ranges: [number, number][];
}

/** A run of text and the face that shows it. */
export interface Run {
  font: string;
  text: string;
}

/** `U+0000-00FF,U+0131` → [[0x0, 0xff], [0x131, 0x131]]. */
export function parseUnicodeRanges(spec: string): [number, number][] {
  return spec.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from, 16);
    return [start, to ? parseInt(to, 16) : start];
  });
}

const covers = (face: Face, cp: number) => face.ranges.some(([a, b]) => cp >= a && cp <= b);

/** Characters that take the face of the text around them: spaces and combining marks. */
const neutral = (cp: number) =>
  cp === 0x20 || cp === 0xa0 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200d || cp === 0x200c;

/**
 * A stack of faces, the first that covers a character showing it: text of several scripts (a Latin
 * label, a Russian name, an Eritrean name in Ge'ez) is cut into runs, each in a face that has its
 * glyphs. A character no face covers falls to the first face (shown as a missing glyph, its text
 * still in the PDF's text layer).
 */
export class FontStack {
  private constructor(private readonly faces: Face[]) {}

  private static loaded: FontStack | null = null;

  /** The stack, its files read once per process. */
  static load(): FontStack {
    if (FontStack.loaded) return FontStack.loaded;
    const require = createRequire(import.meta.url);
    const faces: Face[] = [];
    for (const weight of WEIGHTS) {
      for (const source of SOURCES) {
        const root = dirname(require.resolve(`${source.pkg}/package.json`));
        const unicode = JSON.parse(readFileSync(join(root, 'unicode.json'), 'utf8')) as Record<
          string,
          string
        >;
        for (const subset of source.subsets) {
          const spec = unicode[subset];
          if (!spec) throw new Error(`${source.pkg} has no subset ${subset}`);
          faces.push({
            name: `${source.family}-${subset}-${weight}`,
            weight,
            data: readFileSync(
              join(root, 'files', `${source.family}-${subset}-${weight}-normal.woff`),
            ),
            ranges: parseUnicodeRanges(spec),
          });
        }
      }
    }
    FontStack.loaded = new FontStack(faces);
    return FontStack.loaded;
  }

  /** Every face, to register in a document (pdfkit embeds only those used, as subsets). */
  get all(): readonly { name: string; data: Buffer }[] {
    return this.faces;
  }

  /** `text` cut into runs of one face each, in `weight`. */
  runs(text: string, weight: Weight = 400): Run[] {
    const faces = this.faces.filter((face) => face.weight === weight);
    const runs: Run[] = [];
    let current: Face | null = null;
    let buffer = '';
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      if (current && (neutral(cp) || covers(current, cp))) {
        buffer += char;
        continue;
      }
      const face = faces.find((candidate) => covers(candidate, cp)) ?? faces[0];
      if (face === current) {
        buffer += char;
        continue;
      }
      if (current && buffer) runs.push({ font: current.name, text: buffer });
      current = face;
      buffer = char;
    }
    if (current && buffer) runs.push({ font: current.name, text: buffer });
    return runs;
  }
}
