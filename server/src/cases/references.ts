import type { EntityManager } from 'typeorm';
import { queryPreparedWith } from '../database/prepared.js';

type Prefix = 'HV' | 'CL';

const format = (prefix: Prefix, year: number, last: number) =>
  `${prefix}-${year}-${String(last).padStart(5, '0')}`;

/**
 * The next reference of each prefix in the current year, e.g. `CL-2026-00041` and `HV-2026-00042`,
 * taken in one statement; safe under concurrency (each counter row is locked by its update).
 */
export async function nextReferences<P extends Prefix>(
  manager: EntityManager,
  prefixes: readonly P[],
  year = new Date().getUTCFullYear(),
): Promise<Record<P, string>> {
  const rows = await queryPreparedWith<{ prefix: P; last: number }>(
    manager,
    `INSERT INTO reference_counter (prefix, year, last) SELECT prefix, $2, 1 FROM unnest($1::varchar[]) AS prefix
     ON CONFLICT ON CONSTRAINT reference_counter_pkey DO UPDATE SET last = reference_counter.last + 1
     RETURNING prefix, last`,
    [prefixes, year],
  );
  return Object.fromEntries(
    rows.map((row) => [row.prefix, format(row.prefix, year, row.last)]),
  ) as Record<P, string>;
}

/** Next reference for a prefix in the current year, e.g. `HV-2026-00042`; safe under concurrency. */
export async function nextReference(
  manager: EntityManager,
  prefix: Prefix,
  year = new Date().getUTCFullYear(),
): Promise<string> {
  return (await nextReferences(manager, [prefix], year))[prefix];
}
