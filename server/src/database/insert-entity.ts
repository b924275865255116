import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { queryPreparedWith } from './prepared.js';

/**
 * Inserts one entity as TypeORM's `insert` writes it for PostgreSQL — its insertable columns, each
 * value as the driver prepares it, DEFAULT for an undefined one, a version of 1 — and merges the
 * generated columns (created, updated, version, defaults) back into `record` as TypeORM does (the
 * driver's values, unconverted); but as a prepared statement, on the caller's transaction's
 * connection when there is one. The query builder cost an intake ~0.5 ms of Node per insert and
 * PostgreSQL a parse and plan each time. For plain entities only: it refuses one with listeners,
 * subscribers or a discriminator, and SQL-function values, which TypeORM's insert would honour.
 */
export async function insertEntity<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  record: E,
): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  if (
    metadata.ownListeners.length > 0 ||
    metadata.discriminatorColumn ||
    manager.connection.subscribers.some((s) => !s.listenTo || s.listenTo() === metadata.target)
  ) {
    throw new Error(
      `insertEntity: ${metadata.name} has listeners, subscribers or a discriminator; use its repository`,
    );
  }
  const names: string[] = [];
  const expressions: string[] = [];
  const values: unknown[] = [];
  for (const column of metadata.columns) {
    if (!column.isInsert) continue;
    const value: unknown = driver.preparePersistentValue(column.getEntityValue(record), column);
    if (typeof value === 'function')
      throw new Error(
        `insertEntity: ${metadata.name}.${column.propertyName} is an SQL function; use the repository`,
      );
    names.push(driver.escape(column.databaseName));
    if (column.isVersion && value === undefined) expressions.push('1');
    else if (value === undefined) expressions.push('DEFAULT');
    else expressions.push(`$${values.push(value)}`);
  }
  const returning = metadata.getInsertionReturningColumns();
  const text =
    `INSERT INTO ${driver.escape(metadata.tablePath)} (${names.join(', ')}) VALUES (${expressions.join(', ')})` +
    (returning.length
      ? ` RETURNING ${returning.map((column) => driver.escape(column.databaseName)).join(', ')}`
      : '');
  const [row] = await queryPreparedWith<Record<string, unknown>>(manager, text, values);
  for (const column of returning) column.setEntityValue(record, row[column.databaseName]);
}
