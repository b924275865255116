import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Haven's configuration: read from the environment once, at start-up, failing fast on a bad value. */
export interface HavenConfig {
  port: number;
  /** Unset: Haven starts an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  demo: boolean;
  secret: string;
  /** Key id → 32-byte key; `currentKeyId` encrypts, every key decrypts. */
  encryptionKeys: Map<string, Buffer>;
  currentKeyId: string;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  /**
   * How long a successful session check may be remembered (auth/session-cache.ts); a session ended
   * anywhere is forgotten at once through the database's notifications. 0: check on every request.
   */
  sessionCacheSeconds: number;
  /** Background jobs (deadline reminders) every N seconds; 0 turns them off on this instance. */
  jobIntervalSeconds: number;
  /** How old the admin's all-teams dashboard figures may be; 0 computes them on every request. */
  dashboardMaxAgeSeconds: number;
  /**
   * Run dashboards and scoped lists on a second pool whose connections use generic plans
   * (database/prepared.ts). Off behind a pooler in transaction mode, where a session setting would
   * follow the server connection into other clients' statements.
   */
  genericPlans: boolean;
  logLevel: string;
  /** Where the built client lives; served at `/` when present. */
  clientDir: string;
  /**
   * The address users reach Haven at (`HAVEN_PUBLIC_URL`, no trailing slash): links Haven hands out,
   * such as the calendar feed URL, are built from it, never from a request's Host header.
   */
  publicUrl: string;
  /** Duplicate checks a user may run per minute (`HAVEN_DUPLICATE_CHECKS_PER_MINUTE`, default 30); unset: the default. */
  duplicateChecksPerMinute?: number;
}

export class ConfigError extends Error {}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

function decodeKey(name: string, raw: string): Buffer {
  const key = Buffer.from(raw.trim(), 'base64');
  if (key.length !== 32) {
    throw new ConfigError(
      `${name} must be 32 random bytes, base64-encoded (openssl rand -base64 32); it decodes to ${key.length} bytes`,
    );
  }
  return key;
}

/** Reads a secret kept in the data dir, creating it (mode 0600) on first use. */
function storedSecret(dataDir: string, file: string, make: () => string): string {
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = make();
  writeFileSync(path, value + '\n', { mode: 0o600 });
  return value;
}

/**
 * `needSecrets: false` is for command-line tasks that sign nothing (create-user, migrate): with
 * `DATABASE_URL` they may run without `HAVEN_SECRET`; a key, when given, is still checked.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { needSecrets?: boolean } = {}): HavenConfig {
  const needSecrets = options.needSecrets ?? true;
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const dataDir = resolve(env.HAVEN_DATA_DIR?.trim() || './.haven');
  const embedded = databaseUrl === null;

  const demoRaw = env.HAVEN_DEMO?.trim();
  if (demoRaw !== undefined && demoRaw !== '' && !['0', '1', 'true', 'false'].includes(demoRaw)) {
    throw new ConfigError(`HAVEN_DEMO must be 1 or 0, got "${demoRaw}"`);
  }
  const demo = demoRaw === undefined || demoRaw === '' ? embedded : ['1', 'true'].includes(demoRaw);
  const genericRaw = env.HAVEN_GENERIC_PLANS?.trim();
  if (genericRaw !== undefined && genericRaw !== '' && !['0', '1'].includes(genericRaw)) {
    throw new ConfigError(`HAVEN_GENERIC_PLANS must be 1 or 0, got "${genericRaw}"`);
  }

  let secret = env.HAVEN_SECRET?.trim() ?? '';
  let keyRaw = env.HAVEN_ENCRYPTION_KEY?.trim() ?? '';
  if (embedded) {
    // Embedded mode is for one machine: secrets are generated once and kept beside the data.
    secret ||= storedSecret(dataDir, 'secret', () => randomBytes(48).toString('base64url'));
    keyRaw ||= storedSecret(dataDir, 'encryption-key', () => randomBytes(32).toString('base64'));
  }
  if (!secret && !needSecrets) secret = randomBytes(48).toString('base64url');
  if (!keyRaw && !needSecrets) keyRaw = randomBytes(32).toString('base64');
  if (!secret) {
    throw new ConfigError('HAVEN_SECRET is required when DATABASE_URL is set (at least 32 characters)');
  }
  if (secret.length < 32) throw new ConfigError('HAVEN_SECRET must be at least 32 characters long');
  if (!keyRaw) {
    throw new ConfigError(
      'HAVEN_ENCRYPTION_KEY is required when DATABASE_URL is set (openssl rand -base64 32)',
    );
  }

  // Rotation: the current key is `HAVEN_ENCRYPTION_KEY` (id "k1" unless `HAVEN_ENCRYPTION_KEY_ID` says
  // otherwise); retired keys stay readable through `HAVEN_ENCRYPTION_KEYS_OLD="id:base64,id:base64"`.
  // In embedded mode `rotate-key` keeps the same facts in the data dir.
  const embeddedKeyId = embedded && existsSync(join(dataDir, 'encryption-key-id')) ? readFileSync(join(dataDir, 'encryption-key-id'), 'utf8').trim() : '';
  const currentKeyId = env.HAVEN_ENCRYPTION_KEY_ID?.trim() || embeddedKeyId || 'k1';
  if (!/^[a-z0-9_-]{1,16}$/i.test(currentKeyId)) {
    throw new ConfigError('HAVEN_ENCRYPTION_KEY_ID must be 1-16 letters, digits, - or _');
  }
  const encryptionKeys = new Map<string, Buffer>();
  const oldEntries = (env.HAVEN_ENCRYPTION_KEYS_OLD ?? '').split(',').filter((e) => e.trim());
  if (embedded && existsSync(dataDir)) {
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('encryption-key.old.'))) {
      oldEntries.push(`${file.slice('encryption-key.old.'.length)}:${readFileSync(join(dataDir, file), 'utf8').trim()}`);
    }
  }
  for (const entry of oldEntries) {
    const [id, value] = entry.split(':');
    if (!id || !value) throw new ConfigError('HAVEN_ENCRYPTION_KEYS_OLD must look like "id:base64,…"');
    encryptionKeys.set(id.trim(), decodeKey('HAVEN_ENCRYPTION_KEYS_OLD', value));
  }
  encryptionKeys.set(currentKeyId, decodeKey('HAVEN_ENCRYPTION_KEY', keyRaw));

  const port = intVar(env, 'PORT', 3000, 0);
  return {
    port,
    databaseUrl,
    dataDir,
    demo,
    secret,
    encryptionKeys,
    currentKeyId,
    sessionIdleSeconds: intVar(env, 'HAVEN_SESSION_IDLE_MINUTES', 30, 1) * 60,
    sessionMaxSeconds: intVar(env, 'HAVEN_SESSION_MAX_HOURS', 12, 1) * 3600,
    sessionCacheSeconds: sessionCacheSeconds(env),
    jobIntervalSeconds: intVar(env, 'HAVEN_JOB_INTERVAL_SECONDS', 300, 0),
    dashboardMaxAgeSeconds: intVar(env, 'HAVEN_DASHBOARD_MAX_AGE_SECONDS', 60, 0),
    genericPlans: genericRaw !== '0',
    logLevel: env.LOG_LEVEL?.trim() || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    clientDir: resolve(env.HAVEN_CLIENT_DIR?.trim() || new URL('../../../../../client/dist', import.meta.url).pathname),
    publicUrl: publicUrl(env, port),
    duplicateChecksPerMinute: intVar(env, 'HAVEN_DUPLICATE_CHECKS_PER_MINUTE', 30, 1),
  };
}

/** An absolute http(s) URL without credentials, query or fragment; a path (behind a proxy) is kept. */
function publicUrl(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.HAVEN_PUBLIC_URL?.trim();
  if (!raw) return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`HAVEN_PUBLIC_URL must be an absolute http(s) URL such as https://haven.example.org, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`HAVEN_PUBLIC_URL must start with http:// or https://, got "${raw}"`);
  if (url.username || url.password) throw new ConfigError('HAVEN_PUBLIC_URL must not contain a user name or password');
  if (raw.includes('?') || raw.includes('#')) throw new ConfigError(`HAVEN_PUBLIC_URL must have no query or fragment, got "${raw}"`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * At most a minute, and below the idle timeout: a remembered check skips the idle check and the
 * touch of `last_seen_at`, and its lifetime bounds how long a revocation can go unseen should the
 * notifications fail unnoticed.
 */
function sessionCacheSeconds(env: NodeJS.ProcessEnv): number {
  const seconds = intVar(env, 'HAVEN_SESSION_CACHE_SECONDS', 10, 0);
  const idle = intVar(env, 'HAVEN_SESSION_IDLE_MINUTES', 30, 1) * 60;
  if (seconds > 60 || (seconds > 0 && seconds >= idle)) {
    throw new ConfigError(`HAVEN_SESSION_CACHE_SECONDS must be at most 60 and below the idle timeout, got "${seconds}"`);
  }
  return seconds;
}

export const HAVEN_CONFIG = Symbol('HAVEN_CONFIG');
