import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { HavenConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { migrate } from './migrate.js';
import { applyRuntimeGrantsAfterMigration, EMBEDDED_RUNTIME_ROLE } from './roles.js';

export interface DatabaseHandle {
  /** What the server runs as: the runtime role (`DATABASE_URL`, or `haven_app` when embedded). */
  url: string;
  /** What migrations run as: the schema's owner (`DATABASE_MIGRATION_URL`, else `DATABASE_URL`; `haven` when embedded). */
  migrationUrl: string;
  /** True when this process started the embedded server (and must stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

/** The embedded server already running on this data dir (another Haven, or `npm start` beside a CLI). */
function runningEmbedded(dataDir: string): { url: string; migrationUrl: string } | null {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = join(dataDir, 'pg-password');
  const appPasswordFile = join(dataDir, 'pg-app-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile) || !existsSync(appPasswordFile))
    return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale pid file: PostgreSQL cleans it up when it starts
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const appPassword = readFileSync(appPasswordFile, 'utf8').trim();
  return {
    url: `postgres://${EMBEDDED_RUNTIME_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/haven`,
    migrationUrl: `postgres://haven:${encodeURIComponent(password)}@127.0.0.1:${port}/haven`,
  };
}

/** `DATABASE_URL` when set; otherwise the embedded PostgreSQL under `HAVEN_DATA_DIR`. */
export async function openDatabase(
  config: HavenConfig,
  options: { fast?: boolean } = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return {
      url: config.databaseUrl,
      migrationUrl: config.databaseMigrationUrl ?? config.databaseUrl,
      embedded: false,
      stop: () => Promise.resolve(),
    };
  }
  const attached = runningEmbedded(config.dataDir);
  if (attached) return { ...attached, embedded: false, stop: () => Promise.resolve() };
  const database = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    persistent: true,
    fast: options.fast,
  });
  return {
    url: database.appUrl,
    migrationUrl: database.url,
    embedded: true,
    stop: () => database.stop(),
  };
}

/**
 * Runs pending migrations as the owner role and, when the server runs as another role, gives that
 * role its rights on what the migrations created (database/roles.ts). The owner's connection
 * carries the audit chain key too, for migrations that record events. Returns the names applied.
 */
export async function migrateAsOwner(
  config: { secret?: string },
  database: Pick<DatabaseHandle, 'url' | 'migrationUrl'>,
): Promise<string[]> {
  const owner = new DataSource(dataSourceOptions(database.migrationUrl, 2, config));
  await owner.initialize();
  try {
    const applied = await migrate(owner);
    await applyRuntimeGrantsAfterMigration(owner, database.url);
    return applied;
  } finally {
    await owner.destroy();
  }
}
