import { describe, expect, it } from 'vitest';
import { LABELS } from '@haven/shared';
import { en } from './en';
import { ru } from './ru';

type Tree = { [key: string]: string | Tree };

/** Every object of a message tree (its subtrees, at any depth). */
function subtrees(tree: Tree): Tree[] {
  const found: Tree[] = [tree];
  for (const value of Object.values(tree))
    if (typeof value === 'object' && value !== null) found.push(...subtrees(value));
  return found;
}

/**
 * The subject-access summary (a PDF the server writes) names codes with the same words as the
 * screens: each group of its labels must be found, word for word, in the client's messages — so a
 * label changed on screen and not in the PDF (or the other way round) fails here.
 */
describe('the labels of the subject-access PDF', () => {
  for (const [locale, messages] of [
    ['en', en],
    ['ru', ru],
  ] as const) {
    it(`are the screens' words in ${locale}`, () => {
      const trees = subtrees(messages as unknown as Tree);
      const groups = LABELS[locale] as Record<string, Record<string, string>>;
      const unmatched = Object.entries(groups)
        .filter(
          ([, labels]) =>
            !trees.some((tree) =>
              Object.entries(labels).every(([code, label]) => tree[code] === label),
            ),
        )
        .map(([group]) => group);
      expect(unmatched).toEqual([]);
    });
  }
});
