import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../src/database/data-source.js';
import { CompiledQuery } from 'kysely';
import type { EntityManager } from 'typeorm';
import { setGenericPlans } from '../src/database/prepared.js';
import { run } from '../src/database/sql.js';
import { transaction } from '../src/database/transaction.js';

/** A text and its values, run as the layer runs statements (prepared, or generic when asked). */
const queryPrepared = <T>(
  on: DataSource | EntityManager,
  text: string,
  values: unknown[],
  options: { generic?: boolean } = {},
) =>
  run<T>(on, CompiledQuery.raw(text, values), { plan: options.generic ? 'generic' : 'prepared' });
import { createTestDatabase } from './harness.js';

describe('prepared statements', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const connections = async (dataSource: DataSource) =>
    Number(
      (
        await dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()`,
        )
      )[0].n,
    );

  it('runs generic-plan statements on connections set to the generic plan, and only those', async () => {
    const dataSource = new DataSource(dataSourceOptions(database.url, 3));
    await dataSource.initialize();
    try {
      const setting = (generic: boolean) =>
        queryPrepared<{ mode: string; n: number }>(
          dataSource,
          `SELECT current_setting('plan_cache_mode') AS mode, $1::int AS n`,
          [1],
          { generic },
        );
      expect((await setting(true))[0].mode).toBe('force_generic_plan');
      expect((await setting(false))[0].mode).toBe('auto');
      // The same text prepared on both pools answers on both.
      const [both] = await Promise.all([setting(true), setting(false), setting(true)]);
      expect(both[0].n).toBe(1);
      // Unnamed statements on the main pool keep planning with their parameters.
      const [plain] = await dataSource.query<{ mode: string }[]>(
        `SELECT current_setting('plan_cache_mode') AS mode`,
      );
      expect(plain.mode).toBe('auto');
    } finally {
      await dataSource.destroy();
    }
  });

  it('prepares a statement inside a transaction on the transaction’s own connection', async () => {
    const dataSource = new DataSource(dataSourceOptions(database.url, 3));
    await dataSource.initialize();
    try {
      const text = `SELECT $1::int + 41 AS n, txid_current_if_assigned() AS tx`;
      await transaction(dataSource, async (manager) => {
        const [mine] = await manager.query<{ tx: string }[]>(`SELECT txid_current()::text AS tx`);
        const [row] = await queryPrepared<{ n: number; tx: string }>(manager, text, [1]);
        expect(row.n).toBe(42);
        // The transaction's id: the statement ran inside it, not on another pool connection.
        expect(String(row.tx)).toBe(mine.tx);
        const prepared = await manager.query<{ name: string }[]>(
          `SELECT name FROM pg_prepared_statements WHERE statement = $1`,
          [text],
        );
        expect(prepared.map((p) => p.name)).toEqual([expect.stringMatching(/^haven_/)]);
      });
    } finally {
      await dataSource.destroy();
    }
  });

  it('runs them on the main pool when HAVEN_GENERIC_PLANS=0 (behind a transaction-mode pooler)', async () => {
    const dataSource = new DataSource(dataSourceOptions(database.url, 2));
    await dataSource.initialize();
    setGenericPlans(false);
    try {
      const [row] = await queryPrepared<{ mode: string }>(
        dataSource,
        `SELECT current_setting('plan_cache_mode') AS mode, $1::int AS n`,
        [2],
        { generic: true },
      );
      expect(row.mode).toBe('auto');
    } finally {
      setGenericPlans(true);
      await dataSource.destroy();
    }
  });

  it('can be destroyed and initialised again, and destroyed again', async () => {
    const dataSource = new DataSource(dataSourceOptions(database.url, 2));
    for (let round = 0; round < 2; round++) {
      await dataSource.initialize();
      const [row] = await queryPrepared<{ mode: string }>(
        dataSource,
        `SELECT current_setting('plan_cache_mode') AS mode, $1::int AS n`,
        [round],
        { generic: true },
      );
      expect(row.mode).toBe('force_generic_plan');
      await dataSource.destroy();
      expect(dataSource.isInitialized).toBe(false);
    }
  });

  it('ends the generic-plan pool with its data source', async () => {
    const observer = new DataSource(dataSourceOptions(database.url, 1));
    await observer.initialize();
    try {
      const before = await connections(observer);
      const dataSource = new DataSource(dataSourceOptions(database.url, 2));
      await dataSource.initialize();
      await Promise.all(
        [1, 2, 3].map((n) =>
          queryPrepared(dataSource, 'SELECT pg_sleep(0.05), $1::int AS n', [n], { generic: true }),
        ),
      );
      expect(await connections(observer)).toBeGreaterThan(before);
      await dataSource.destroy();
      await expect.poll(() => connections(observer), { timeout: 5000 }).toBe(before);
    } finally {
      await observer.destroy();
    }
  });
});
