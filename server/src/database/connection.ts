import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HavenConfig } from '../config/config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseHandle {
  url: string;
  /** True when this process started the embedded server (and must stop it). */
  embedded: boolean;
  stop(): Promise<void>;
}

/** The embedded server already running on this data dir (another Haven, or `npm start` beside a CLI). */
function runningEmbedded(dataDir: string): string | null {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = join(dataDir, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale pid file: PostgreSQL cleans it up when it starts
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  return `postgres://haven:${encodeURIComponent(password)}@127.0.0.1:${port}/haven`;
}

/** `DATABASE_URL` when set; otherwise the embedded PostgreSQL under `HAVEN_DATA_DIR`. */
export async function openDatabase(config: HavenConfig, options: { fast?: boolean } = {}): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: () => Promise.resolve() };
  const attached = runningEmbedded(config.dataDir);
  if (attached) return { url: attached, embedded: false, stop: () => Promise.resolve() };
  const database = await startEmbeddedPostgres({ dataDir: config.dataDir, persistent: true, fast: options.fast });
  return { url: database.url, embedded: true, stop: () => database.stop() };
}
