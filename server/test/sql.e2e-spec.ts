import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../src/database/data-source.js';
import { poolOf } from '../src/database/pool.js';
import { db, exec, first, rows } from '../src/database/sql.js';
import { transaction } from '../src/database/transaction.js';
import { createTestDatabase } from './harness.js';

describe('the typed query layer (database/sql.ts) on Haven’s own pool', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(database.url, 3));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('runs TypeORM and typed queries on one pool, the one Haven created', async () => {
    const pool = poolOf(dataSource);
    const before = pool.totalCount;
    const [row] = await rows(
      dataSource,
      db.selectFrom('team').select((eb) => eb.fn.countAll<string>().as('n')),
    );
    expect(Number(row.n)).toBeGreaterThanOrEqual(0);
    await dataSource.query('SELECT 1');
    // Both ran on connections of the same pool: it never grew past what it had plus one.
    expect(pool.totalCount).toBeGreaterThanOrEqual(Math.max(before, 1));
    expect(pool.totalCount).toBeLessThanOrEqual(3);
  });

  it('runs inside the caller’s transaction: sees its writes, and they roll back with it', async () => {
    const name = `sql-spec ${Date.now()}`;
    await expect(
      transaction(dataSource, async (manager) => {
        await exec(manager, db.insertInto('team').values({ name, country: 'DE' }));
        const inside = await first(
          manager,
          db.selectFrom('team').select(['id', 'name']).where('name', '=', name),
        );
        expect(inside?.name).toBe(name);
        // Not visible outside the transaction before it commits.
        const outside = await first(
          dataSource,
          db.selectFrom('team').select('id').where('name', '=', name),
        );
        expect(outside).toBeUndefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await first(
      dataSource,
      db.selectFrom('team').select('id').where('name', '=', name),
    );
    expect(after).toBeUndefined();
  });

  it('prepares statements by default, runs generic ones on the generic-plan pool, unnamed on request', async () => {
    const mode = db.selectNoFrom(sql<string>`current_setting('plan_cache_mode')`.as('mode'));
    expect((await first(dataSource, mode, { plan: 'generic' }))?.mode).toBe('force_generic_plan');
    expect((await first(dataSource, mode))?.mode).toBe('auto');
    const text = mode.compile().sql;
    const prepared = await rows(
      dataSource,
      db
        .selectFrom(sql<{ statement: string }>`pg_prepared_statements`.as('p'))
        .select('p.statement')
        .where('p.statement', '=', text),
    );
    // The connection that ran it may differ from this one; a run on every connection proves it.
    expect(prepared.length).toBeLessThanOrEqual(1);
    const unnamed = await first(dataSource, mode, { plan: 'unnamed' });
    expect(unnamed?.mode).toBe('auto');
  });

  it('binds values as parameters, never into the text', () => {
    const query = db
      .selectFrom('legal_case as c')
      .select(['c.id', 'c.stage'])
      .where('c.reference', '=', "x'; DROP TABLE legal_case; --")
      .compile();
    expect(query.sql).not.toContain('DROP');
    expect(query.parameters).toEqual(["x'; DROP TABLE legal_case; --"]);
  });

  it('types queries by the migrated schema: a column that does not exist does not compile', () => {
    // The drift check regenerates schema.ts from the migrations; a migration renaming a column a
    // query reads makes that query a type error like this one (npm test's typecheck runs it).
    const query = db
      .selectFrom('legal_case')
      // @ts-expect-error: legal_case has no column "phase"
      .select(['id', 'phase']);
    expect(query.compile().sql).toContain('"phase"');
  });
});
