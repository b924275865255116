import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_MAX_UPLOAD_MB, ROLES, type Role } from '@haven/shared';

/** Haven's configuration: read from the environment once, at start-up, failing fast on a bad value. */
export interface HavenConfig {
  port: number;
  /** The address to listen on (`HOST`); loopback only while the demo's well-known passwords exist. */
  host: string;
  /**
   * `HAVEN_TRUST_PROXY` as Express's `trust proxy`: a number of hops, or proxy addresses and subnets.
   * Unset: the socket's peer is the client.
   */
  trustProxy?: number | string;
  /** Unset: Haven starts an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | null;
  /**
   * `DATABASE_MIGRATION_URL`: the schema owner's connection, used for migrations only, so that
   * `DATABASE_URL` can be a runtime role that cannot alter the audit trail. Unset: DATABASE_URL.
   */
  databaseMigrationUrl?: string | null;
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
  /** How long an unfinished intake's draft is kept (`HAVEN_INTAKE_DRAFT_HOURS`, default 72); unset: the default. */
  intakeDraftHours?: number;
  /** How old the admin's all-teams dashboard figures may be; 0 computes them on every request. */
  dashboardMaxAgeSeconds: number;
  /**
   * For how many minutes after approving a task its approver may undo the approval
   * (`HAVEN_UNDO_APPROVE_MINUTES`, default 10; unset in hand-built test configs: 10).
   */
  undoApproveMinutes?: number;
  /**
   * Statistics count only clients whose current consent includes anonymised statistics
   * (`HAVEN_STATS_REQUIRE_CONSENT=1`); otherwise every case (the NGO's legitimate interest).
   */
  statsRequireConsent: boolean;
  /**
   * How long a change may wait before the statistics count it (`HAVEN_STATS_MAX_AGE_SECONDS`,
   * default 60): tables are counted from a rollup kept in the background, and a request finding a
   * change older than this waits for it to be counted. 0 (and unset, in hand-built test configs):
   * every change committed before a request is counted in its answer.
   */
  statsMaxAgeSeconds?: number;
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
  /**
   * Roles that must have a second factor (`HAVEN_MFA_REQUIRED_ROLES`, a comma list, or `none`; default
   * `admin,supervisor`, none in demo mode). `loadConfig` always sets it; unset (hand-built test configs): none.
   */
  mfaRequiredRoles?: readonly Role[];
  /** The largest document accepted, in MB (`HAVEN_MAX_UPLOAD_MB`, default 25); unset: the default. */
  maxUploadMb?: number;
  /**
   * `HAVEN_STORAGE_URL`: an S3-compatible object store for documents (documents/storage.ts); unset:
   * documents are kept in PostgreSQL.
   */
  storageUrl?: string | null;
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

/**
 * Where embedded mode keeps the secrets it generates: a folder of the data dir's own (0700, files
 * 0600), apart from the database files, so that it can be backed up separately — a copy of the
 * database alone does not carry the key that decrypts it.
 */
export const keysDir = (dataDir: string) => join(dataDir, 'keys');

const isKeyFile = (file: string) =>
  ['secret', 'encryption-key', 'encryption-key-id'].includes(file) ||
  file.startsWith('encryption-key.old.');

/** Creates `keys/` and moves into it the secrets earlier versions kept in the data dir itself. */
function prepareKeysDir(dataDir: string): string {
  const dir = keysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const file of readdirSync(dataDir).filter(isKeyFile)) {
    const target = join(dir, file);
    if (existsSync(target)) {
      throw new ConfigError(
        `${join(dataDir, file)} and ${target} both exist: keep the right one in ${dir} and remove the other`,
      );
    }
    renameSync(join(dataDir, file), target);
    chmodSync(target, 0o600);
  }
  return dir;
}

/** Reads a secret kept in `keys/`, creating it (mode 0600) on first use. */
function storedSecret(dir: string, file: string, make: () => string): string {
  const path = join(dir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, value + '\n', { mode: 0o600 });
  return value;
}

/**
 * A secret given in the environment (`NAME`) or in a file (`NAME_FILE`: Docker and systemd secrets),
 * trimmed; both at once is an error. '' when neither is set.
 */
function secretVar(env: NodeJS.ProcessEnv, name: string): string {
  const direct = env[name]?.trim() ?? '';
  const file = env[`${name}_FILE`]?.trim() ?? '';
  if (!file) return direct;
  if (direct) throw new ConfigError(`Set ${name} or ${name}_FILE, not both`);
  let value: string;
  try {
    value = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(
      `${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  if (!value) throw new ConfigError(`${name}_FILE: ${file} is empty`);
  return value;
}

/**
 * `needSecrets: false` is for command-line tasks that sign nothing (create-user, migrate): with
 * `DATABASE_URL` they may run without `HAVEN_SECRET`; a key, when given, is still checked.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { needSecrets?: boolean } = {},
): HavenConfig {
  const needSecrets = options.needSecrets ?? true;
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const databaseMigrationUrl = env.DATABASE_MIGRATION_URL?.trim() || null;
  const dataDir = resolve(env.HAVEN_DATA_DIR?.trim() || './.haven');
  const embedded = databaseUrl === null;
  if (databaseMigrationUrl && embedded)
    throw new ConfigError(
      'DATABASE_MIGRATION_URL needs DATABASE_URL (the embedded database sets up its own roles)',
    );

  const demoRaw = env.HAVEN_DEMO?.trim();
  if (demoRaw !== undefined && demoRaw !== '' && !['0', '1', 'true', 'false'].includes(demoRaw)) {
    throw new ConfigError(`HAVEN_DEMO must be 1 or 0, got "${demoRaw}"`);
  }
  const demo = demoRaw === undefined || demoRaw === '' ? embedded : ['1', 'true'].includes(demoRaw);
  const genericRaw = env.HAVEN_GENERIC_PLANS?.trim();
  // (flagVar below reads 0/1 switches the same way.)
  if (genericRaw !== undefined && genericRaw !== '' && !['0', '1'].includes(genericRaw)) {
    throw new ConfigError(`HAVEN_GENERIC_PLANS must be 1 or 0, got "${genericRaw}"`);
  }

  let secret = secretVar(env, 'HAVEN_SECRET');
  let keyRaw = secretVar(env, 'HAVEN_ENCRYPTION_KEY');
  if (embedded) {
    // Embedded mode is for one machine: secrets are generated once and kept in the data dir's keys/.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const keys = prepareKeysDir(dataDir);
    secret ||= storedSecret(keys, 'secret', () => randomBytes(48).toString('base64url'));
    keyRaw ||= storedSecret(keys, 'encryption-key', () => randomBytes(32).toString('base64'));
  }
  if (!secret && !needSecrets) secret = randomBytes(48).toString('base64url');
  if (!keyRaw && !needSecrets) keyRaw = randomBytes(32).toString('base64');
  if (!secret) {
    throw new ConfigError(
      'HAVEN_SECRET (or HAVEN_SECRET_FILE) is required when DATABASE_URL is set (at least 32 characters)',
    );
  }
  if (secret.length < 32) throw new ConfigError('HAVEN_SECRET must be at least 32 characters long');
  if (!keyRaw) {
    throw new ConfigError(
      'HAVEN_ENCRYPTION_KEY (or HAVEN_ENCRYPTION_KEY_FILE) is required when DATABASE_URL is set (openssl rand -base64 32)',
    );
  }

  // Rotation: the current key is `HAVEN_ENCRYPTION_KEY` (id "k1" unless `HAVEN_ENCRYPTION_KEY_ID` says
  // otherwise); retired keys stay readable through `HAVEN_ENCRYPTION_KEYS_OLD="id:base64,id:base64"`.
  // In embedded mode `rotate-key` keeps the same facts in the data dir.
  const keyIdFile = join(keysDir(dataDir), 'encryption-key-id');
  const embeddedKeyId =
    embedded && existsSync(keyIdFile) ? readFileSync(keyIdFile, 'utf8').trim() : '';
  const currentKeyId = env.HAVEN_ENCRYPTION_KEY_ID?.trim() || embeddedKeyId || 'k1';
  if (!/^[a-z0-9_-]{1,16}$/i.test(currentKeyId)) {
    throw new ConfigError('HAVEN_ENCRYPTION_KEY_ID must be 1-16 letters, digits, - or _');
  }
  const encryptionKeys = new Map<string, Buffer>();
  const oldEntries = (env.HAVEN_ENCRYPTION_KEYS_OLD ?? '').split(',').filter((e) => e.trim());
  if (embedded && existsSync(keysDir(dataDir))) {
    for (const file of readdirSync(keysDir(dataDir)).filter((f) =>
      f.startsWith('encryption-key.old.'),
    )) {
      oldEntries.push(
        `${file.slice('encryption-key.old.'.length)}:${readFileSync(join(keysDir(dataDir), file), 'utf8').trim()}`,
      );
    }
  }
  for (const entry of oldEntries) {
    const [id, value] = entry.split(':');
    if (!id || !value)
      throw new ConfigError('HAVEN_ENCRYPTION_KEYS_OLD must look like "id:base64,…"');
    encryptionKeys.set(id.trim(), decodeKey('HAVEN_ENCRYPTION_KEYS_OLD', value));
  }
  encryptionKeys.set(currentKeyId, decodeKey('HAVEN_ENCRYPTION_KEY', keyRaw));

  const port = intVar(env, 'PORT', 3000, 0);
  return {
    port,
    host: listenHost(env, embedded, demo),
    trustProxy: trustProxy(env),
    databaseUrl,
    databaseMigrationUrl,
    dataDir,
    demo,
    secret,
    encryptionKeys,
    currentKeyId,
    sessionIdleSeconds: intVar(env, 'HAVEN_SESSION_IDLE_MINUTES', 30, 1) * 60,
    sessionMaxSeconds: intVar(env, 'HAVEN_SESSION_MAX_HOURS', 12, 1) * 3600,
    sessionCacheSeconds: sessionCacheSeconds(env),
    jobIntervalSeconds: intVar(env, 'HAVEN_JOB_INTERVAL_SECONDS', 300, 0),
    intakeDraftHours: intVar(env, 'HAVEN_INTAKE_DRAFT_HOURS', 72, 1),
    dashboardMaxAgeSeconds: intVar(env, 'HAVEN_DASHBOARD_MAX_AGE_SECONDS', 60, 0),
    undoApproveMinutes: intVar(env, 'HAVEN_UNDO_APPROVE_MINUTES', 10, 0),
    statsRequireConsent: flagVar(env, 'HAVEN_STATS_REQUIRE_CONSENT'),
    statsMaxAgeSeconds: intVar(env, 'HAVEN_STATS_MAX_AGE_SECONDS', 60, 0),
    genericPlans: genericRaw !== '0',
    logLevel: env.LOG_LEVEL?.trim() || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    clientDir: resolve(
      env.HAVEN_CLIENT_DIR?.trim() ||
        new URL('../../../../../client/dist', import.meta.url).pathname,
    ),
    publicUrl: publicUrl(env, port),
    duplicateChecksPerMinute: intVar(env, 'HAVEN_DUPLICATE_CHECKS_PER_MINUTE', 30, 1),
    mfaRequiredRoles: mfaRequiredRoles(env, demo),
    maxUploadMb: intVar(env, 'HAVEN_MAX_UPLOAD_MB', DEFAULT_MAX_UPLOAD_MB, 1),
    storageUrl: secretVar(env, 'HAVEN_STORAGE_URL') || null,
  };
}

/**
 * Unset or empty: `admin,supervisor`, or none in demo mode (whose well-known accounts sign in with the
 * password alone). `none` turns the requirement off; an unknown role is refused rather than ignored.
 */
export function mfaRequiredRoles(env: NodeJS.ProcessEnv, demo: boolean): Role[] {
  const raw = env.HAVEN_MFA_REQUIRED_ROLES?.trim().toLowerCase();
  if (!raw) return demo ? [] : ['admin', 'supervisor'];
  if (raw === 'none') return [];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(ROLES as readonly string[]).includes(name));
  if (unknown.length || !names.length) {
    throw new ConfigError(
      `HAVEN_MFA_REQUIRED_ROLES must be "none" or a comma list of ${ROLES.join(', ')}; got "${env.HAVEN_MFA_REQUIRED_ROLES}"`,
    );
  }
  return [...new Set(names as Role[])];
}

/** `localhost`, 127.0.0.0/8 and ::1 (also IPv4-mapped): reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const value = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:/, '');
  return value === 'localhost' || value === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(value);
}

/**
 * `HOST`: loopback by default with the embedded database or the demo, every interface otherwise.
 * The demo's accounts share one published password, so a demo never listens beyond this machine.
 */
function listenHost(env: NodeJS.ProcessEnv, embedded: boolean, demo: boolean): string {
  const raw = env.HOST?.trim();
  const host = raw || (embedded || demo ? '127.0.0.1' : '0.0.0.0');
  if (!/^[a-z0-9.:-]{1,253}$/i.test(host))
    throw new ConfigError(`HOST must be an address or a host name, got "${raw}"`);
  if (demo && !isLoopback(host)) {
    throw new ConfigError(
      `HOST=${host} with the demo on: the demo accounts share a published password, so the demo listens on loopback only (127.0.0.1 or ::1). ` +
        'Set HAVEN_DEMO=0 to serve other machines, with accounts of your own.',
    );
  }
  return host;
}

/**
 * Express's `trust proxy` from `HAVEN_TRUST_PROXY`: a hop count (`1`: the one proxy in front) or the
 * proxies' addresses and subnets (`10.0.0.0/8, loopback`). `true` would trust every hop, letting any
 * client name its own address in X-Forwarded-For and so escape the login throttle: refused. Express
 * reads a string as addresses only, so `"1"` passed through would trust the address 0.0.0.1.
 */
function trustProxy(env: NodeJS.ProcessEnv): number | string | undefined {
  const raw = env.HAVEN_TRUST_PROXY?.trim();
  if (!raw || raw === 'false' || raw === '0') return undefined;
  if (raw === 'true') {
    throw new ConfigError(
      'HAVEN_TRUST_PROXY=true would believe any X-Forwarded-For a client sends, so anyone could pick the address the login throttle and audit trail see; give the number of proxies in front of Haven (usually 1) or their addresses (10.0.0.0/8)',
    );
  }
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** An absolute http(s) URL without credentials, query or fragment; a path (behind a proxy) is kept. */
function publicUrl(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.HAVEN_PUBLIC_URL?.trim();
  if (!raw) return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `HAVEN_PUBLIC_URL must be an absolute http(s) URL such as https://haven.example.org, got "${raw}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`HAVEN_PUBLIC_URL must start with http:// or https://, got "${raw}"`);
  if (url.username || url.password)
    throw new ConfigError('HAVEN_PUBLIC_URL must not contain a user name or password');
  if (raw.includes('?') || raw.includes('#'))
    throw new ConfigError(`HAVEN_PUBLIC_URL must have no query or fragment, got "${raw}"`);
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
    throw new ConfigError(
      `HAVEN_SESSION_CACHE_SECONDS must be at most 60 and below the idle timeout, got "${seconds}"`,
    );
  }
  return seconds;
}

export const HAVEN_CONFIG = Symbol('HAVEN_CONFIG');

/** A 0/1 switch: unset or empty is off; anything but 0 or 1 refuses to start. */
function flagVar(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return false;
  if (raw !== '0' && raw !== '1') throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
  return raw === '1';
}
