import type { DataSource } from 'typeorm';

/** Arbitrary but fixed: several instances starting together migrate one at a time. */
const MIGRATION_LOCK = 7_271_001;

/** Runs pending migrations under a PostgreSQL advisory lock. Returns the names applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
