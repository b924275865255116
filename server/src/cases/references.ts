import type { EntityManager } from 'typeorm';

/** Next reference for a prefix in the current year, e.g. `HV-2026-00042`; safe under concurrency. */
export async function nextReference(manager: EntityManager, prefix: 'HV' | 'CL', year = new Date().getUTCFullYear()): Promise<string> {
  const [row] = await manager.query<{ last: number }[]>(
    `INSERT INTO reference_counter (prefix, year, last) VALUES ($1, $2, 1)
     ON CONFLICT ON CONSTRAINT reference_counter_pkey DO UPDATE SET last = reference_counter.last + 1
     RETURNING last`,
    [prefix, year],
  );
  return `${prefix}-${year}-${String(row.last).padStart(5, '0')}`;
}
