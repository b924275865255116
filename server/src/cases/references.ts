import { sql } from 'kysely';
import { db, rows, type On } from '../database/sql.js';

type Prefix = 'HV' | 'CL';

const format = (prefix: Prefix, year: number, last: number) =>
  `${prefix}-${year}-${String(last).padStart(5, '0')}`;

/**
 * The next reference of each prefix in the current year, e.g. `CL-2026-00041` and `HV-2026-00042`,
 * taken in one statement; safe under concurrency (each counter row is locked by its update).
 */
export async function nextReferences<P extends Prefix>(
  on: On,
  prefixes: readonly P[],
  year = new Date().getUTCFullYear(),
): Promise<Record<P, string>> {
  const taken = await rows(
    on,
    db
      .insertInto('reference_counter')
      .columns(['prefix', 'year', 'last'])
      .expression(
        // One array parameter: the text is the same however many prefixes are taken.
        db
          .selectFrom(sql<{ prefix: P }>`unnest(${[...prefixes]}::varchar[])`.as('prefix'))
          .select((eb) => ['prefix.prefix', eb.val(year).as('year'), eb.lit(1).as('last')]),
      )
      .onConflict((oc) =>
        oc
          .constraint('reference_counter_pkey')
          .doUpdateSet((eb) => ({ last: eb('reference_counter.last', '+', 1) })),
      )
      .returning(['prefix', 'last']),
  );
  return Object.fromEntries(
    taken.map((row) => [row.prefix, format(row.prefix as P, year, row.last)]),
  ) as Record<P, string>;
}

/** Next reference for a prefix in the current year, e.g. `HV-2026-00042`; safe under concurrency. */
export async function nextReference(
  on: On,
  prefix: Prefix,
  year = new Date().getUTCFullYear(),
): Promise<string> {
  return (await nextReferences(on, [prefix], year))[prefix];
}
