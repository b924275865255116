/** Reads and writes a dotted path (`documents.1.kind`) of a plain object, immutably. */
export function getPath(object: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        node === null || node === undefined ? undefined : (node as Record<string, unknown>)[key],
      object,
    );
}

export function setPath<T>(object: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const current = (object as Record<string, unknown>)[head];
  const next = rest.length === 0 ? value : setPath(current ?? {}, rest.join('.'), value);
  if (Array.isArray(object)) {
    const copy = [...(object as unknown[])];
    copy[Number(head)] = next;
    return copy as T;
  }
  return { ...(object as Record<string, unknown>), [head]: next } as T;
}

/** The DOM id of a wizard input, so that errors can move the keyboard focus to it. */
export const fieldId = (path: string) => `intake-${path.replace(/\./g, '-')}`;
