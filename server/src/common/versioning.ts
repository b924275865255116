import { StaleVersionException } from './errors.js';

/** Optimistic locking: the client must send the version it last read. */
export function assertVersion(current: number, sent: number): void {
  if (current !== sent) throw new StaleVersionException();
}

/**
 * Copies the given fields onto the record and returns the names of those that really changed
 * (for the audit trail: names only, never values).
 */
export function applyChanges<T extends object>(record: T, changes: Partial<T>): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const current = (record as Record<string, unknown>)[key];
    const same =
      current instanceof Date && typeof value === 'string'
        ? current.toISOString().startsWith(value)
        : JSON.stringify(current) === JSON.stringify(value);
    if (!same) {
      (record as Record<string, unknown>)[key] = value;
      changed.push(key);
    }
  }
  return changed;
}
