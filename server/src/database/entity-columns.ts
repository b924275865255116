import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

const cache = new Map<unknown, Map<string, string>>();

/**
 * The select list of every column of an entity over `alias`, each named by its property, with
 * `date` columns as text (YYYY-MM-DD, as the entity has them): a row read by hand-written SQL then
 * has the entity's shape and goes through the entity's mapper.
 */
export function entityColumns(
  dataSource: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  let byAlias = cache.get(entity);
  if (!byAlias) cache.set(entity, (byAlias = new Map()));
  let columns = byAlias.get(alias);
  if (!columns) {
    columns = dataSource
      .getMetadata(entity)
      .columns.map(
        (column) =>
          `${alias}.${column.databaseName}${column.type === 'date' ? '::text' : ''} AS "${column.propertyName}"`,
      )
      .join(', ');
    byAlias.set(alias, columns);
  }
  return columns;
}
