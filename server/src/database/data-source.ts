import 'reflect-metadata';
import type { ClientBase } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { AUDIT_KEY_SETTING, auditChainKey } from '../audit/audit-chain.js';
import { MIGRATIONS } from '../../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './naming.strategy.js';
import { havenDriver } from './pool.js';

/**
 * Sets the audit chain key (audit/audit-chain.ts) on a new connection before its first statement
 * (pg-pool awaits onConnect). Passed as a parameter, so the key appears in no statement text.
 */
export function auditKeyOnConnect(secret: string): (client: ClientBase) => Promise<void> {
  const key = auditChainKey(secret);
  return (client) =>
    client
      .query('SELECT set_config($1, $2, false)', [AUDIT_KEY_SETTING, key])
      .then(() => undefined);
}

/**
 * One definition for the app, the CLI, the tests and the TypeORM CLI. The schema comes from
 * migrations only. With `secret`, every connection carries the audit chain key: without it a
 * connection can read the trail but not write an event.
 */
export function dataSourceOptions(
  url: string,
  poolSize = 20,
  keys: { secret?: string } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // Haven's own pool (database/pool.ts): TypeORM and the typed queries share its connections.
    driver: havenDriver(),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install on a managed database.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: {
      max: poolSize,
      application_name: 'haven',
      ...(keys.secret ? { onConnect: auditKeyOnConnect(keys.secret) } : {}),
    },
  };
}

/** For the TypeORM CLI (`typeorm -d dist/server/src/database/data-source.js …`): needs DATABASE_URL. */
export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/haven'),
);
