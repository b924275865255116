import type { TranslationMessages } from 'react-admin';

type Tree = { [key: string]: string | Tree };

/** Deep-merges message trees: later trees add keys and override leaves of earlier ones. */
export function mergeMessages(...trees: object[]): TranslationMessages {
  const result: Tree = {};
  for (const tree of trees) mergeInto(result, tree as Tree);
  return result as TranslationMessages;
}

function mergeInto(target: Tree, source: Tree): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value === 'object' && value !== null) {
      const branch: Tree = typeof existing === 'object' && existing !== null ? existing : {};
      target[key] = branch;
      mergeInto(branch, value);
    } else {
      target[key] = value;
    }
  }
}

/** Every leaf key of a message tree, dotted (`ra.action.save`). */
export function messageKeys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? messageKeys(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}
