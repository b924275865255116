import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** How many distinct statement texts may be prepared; past it, statements run unnamed. */
const MAX_NAMED = 256;
const names = new Map<string, string>();

/**
 * Runs a statement as a named prepared statement on the connection pool, so PostgreSQL parses it
 * once per connection and may keep a generic plan for it, instead of parsing and planning it on
 * every request (planning was more than half of a case list's database time). For hot statements
 * whose shape does not depend on the data searched for: a trigram search, whose best plan depends
 * on the pattern, should run unnamed. The number of named texts is bounded (the texts of list
 * statements vary with the filters a caller combines).
 */
export async function queryPrepared<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `haven_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query<T & Record<string, unknown>>(name === undefined ? { text, values } : { name, text, values });
  return result.rows;
}

/**
 * `queryPrepared` for code handed an EntityManager: prepared on the pool when the manager is not
 * bound to a transaction, otherwise run on the transaction's connection as usual.
 */
export function queryPreparedWith<T>(manager: EntityManager, text: string, values: unknown[] = []): Promise<T[]> {
  return manager.queryRunner ? manager.query<T[]>(text, values) : queryPrepared<T>(manager.connection, text, values);
}
