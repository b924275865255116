import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { db, exec } from './sql.js';

/** Arbitrary but fixed: several instances starting together migrate one at a time. */
const MIGRATION_LOCK = 7_271_001;

/** Runs pending migrations under a PostgreSQL advisory lock. Returns the names applied. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // A session lock, on the runner's own connection (runner.manager runs there).
    await exec(
      runner.manager,
      db.selectNoFrom(sql`pg_advisory_lock(${MIGRATION_LOCK})`.as('locked')),
    );
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await exec(
      runner.manager,
      db.selectNoFrom(sql`pg_advisory_unlock(${MIGRATION_LOCK})`.as('unlocked')),
    ).catch(() => undefined);
    await runner.release();
  }
}
