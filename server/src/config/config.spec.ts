import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const SECRET = 's'.repeat(40);

describe('loadConfig', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'haven-config-'));
    dirs.push(dir);
    return join(dir, 'data');
  };

  it('generates the secrets once into the data dir’s own keys/ in embedded mode, and keeps them', () => {
    const dataDir = tempDir();
    const first = loadConfig({ HAVEN_DATA_DIR: dataDir });
    expect(first.databaseUrl).toBeNull();
    expect(first.demo).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'keys', 'secret')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'keys', 'encryption-key')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, 'secret')) || existsSync(join(dataDir, 'encryption-key'))).toBe(
      false,
    );
    const second = loadConfig({ HAVEN_DATA_DIR: dataDir });
    expect(second.secret).toBe(first.secret);
    expect(second.encryptionKeys.get('k1')).toEqual(first.encryptionKeys.get('k1'));
    expect(readFileSync(join(dataDir, 'keys', 'encryption-key'), 'utf8').trim()).toBe(
      first.encryptionKeys.get('k1')!.toString('base64'),
    );
  });

  it('moves the secrets an earlier version kept in the data dir itself into keys/, and uses them', () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    const old = Buffer.alloc(32, 9).toString('base64');
    writeFileSync(join(dataDir, 'secret'), SECRET + '\n', { mode: 0o644 });
    writeFileSync(join(dataDir, 'encryption-key'), KEY + '\n', { mode: 0o644 });
    writeFileSync(join(dataDir, 'encryption-key-id'), 'k2\n');
    writeFileSync(join(dataDir, 'encryption-key.old.k1'), old + '\n');
    const config = loadConfig({ HAVEN_DATA_DIR: dataDir });
    expect(config.secret).toBe(SECRET);
    expect(config.currentKeyId).toBe('k2');
    expect(config.encryptionKeys.get('k2')!.toString('base64')).toBe(KEY);
    expect(config.encryptionKeys.get('k1')!.toString('base64')).toBe(old);
    for (const file of ['secret', 'encryption-key', 'encryption-key-id', 'encryption-key.old.k1']) {
      expect(existsSync(join(dataDir, file)), file).toBe(false);
      expect(statSync(join(dataDir, 'keys', file)).mode & 0o777, file).toBe(0o600);
    }
    // Both places at once: which one is right is not guessed.
    writeFileSync(join(dataDir, 'secret'), 'x'.repeat(40));
    expect(() => loadConfig({ HAVEN_DATA_DIR: dataDir })).toThrow(/both exist/);
  });

  it('reads HAVEN_SECRET_FILE and HAVEN_ENCRYPTION_KEY_FILE (trimmed), and refuses a variable and its file together', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'secret'), `  ${SECRET}\n`);
    writeFileSync(join(dir, 'key'), `${KEY}\n`);
    const url = 'postgres://u:p@db/haven';
    const config = loadConfig({
      DATABASE_URL: url,
      HAVEN_SECRET_FILE: join(dir, 'secret'),
      HAVEN_ENCRYPTION_KEY_FILE: join(dir, 'key'),
    });
    expect(config.secret).toBe(SECRET);
    expect(config.encryptionKeys.get('k1')!.toString('base64')).toBe(KEY);
    expect(() =>
      loadConfig({
        DATABASE_URL: url,
        HAVEN_SECRET: SECRET,
        HAVEN_SECRET_FILE: join(dir, 'secret'),
        HAVEN_ENCRYPTION_KEY: KEY,
      }),
    ).toThrow(/Set HAVEN_SECRET or HAVEN_SECRET_FILE, not both/);
    expect(() =>
      loadConfig({
        DATABASE_URL: url,
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY: KEY,
        HAVEN_ENCRYPTION_KEY_FILE: join(dir, 'key'),
      }),
    ).toThrow(/not both/);
    expect(() =>
      loadConfig({
        DATABASE_URL: url,
        HAVEN_SECRET_FILE: join(dir, 'missing'),
        HAVEN_ENCRYPTION_KEY: KEY,
      }),
    ).toThrow(/HAVEN_SECRET_FILE: cannot read .*ENOENT/);
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() =>
      loadConfig({
        DATABASE_URL: url,
        HAVEN_SECRET_FILE: join(dir, 'empty'),
        HAVEN_ENCRYPTION_KEY: KEY,
      }),
    ).toThrow(/is empty/);
    writeFileSync(join(dir, 'short'), 'abc');
    expect(() =>
      loadConfig({
        DATABASE_URL: url,
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY_FILE: join(dir, 'short'),
      }),
    ).toThrow(/32 random bytes/);
  });

  it('takes DATABASE_MIGRATION_URL with DATABASE_URL only', () => {
    const base = { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY };
    expect(
      loadConfig({
        ...base,
        DATABASE_URL: 'postgres://app:p@db/haven',
        DATABASE_MIGRATION_URL: 'postgres://owner:p@db/haven',
      }).databaseMigrationUrl,
    ).toBe('postgres://owner:p@db/haven');
    expect(
      loadConfig({ ...base, DATABASE_URL: 'postgres://app:p@db/haven' }).databaseMigrationUrl,
    ).toBeNull();
    expect(() =>
      loadConfig({
        ...base,
        HAVEN_DATA_DIR: tempDir(),
        DATABASE_MIGRATION_URL: 'postgres://owner:p@db/haven',
      }),
    ).toThrow(/DATABASE_MIGRATION_URL needs DATABASE_URL/);
  });

  it('requires the secrets with DATABASE_URL, and defaults the demo off', () => {
    const url = 'postgres://u:p@db/haven';
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
      /HAVEN_SECRET \(or HAVEN_SECRET_FILE\) is required/,
    );
    expect(() => loadConfig({ DATABASE_URL: url, HAVEN_SECRET: SECRET })).toThrow(
      /HAVEN_ENCRYPTION_KEY \(or HAVEN_ENCRYPTION_KEY_FILE\) is required/,
    );
    const config = loadConfig({
      DATABASE_URL: url,
      HAVEN_SECRET: SECRET,
      HAVEN_ENCRYPTION_KEY: KEY,
    });
    expect(config.demo).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.genericPlans).toBe(true);
    expect(config.sessionCacheSeconds).toBe(10);
    expect(
      loadConfig({
        DATABASE_URL: url,
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY: KEY,
        HAVEN_SESSION_CACHE_SECONDS: '0',
      }).sessionCacheSeconds,
    ).toBe(0);
    expect(
      loadConfig({
        DATABASE_URL: url,
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY: KEY,
        HAVEN_GENERIC_PLANS: '0',
      }).genericPlans,
    ).toBe(false);
  });

  it.each([
    [{ HAVEN_SECRET: 'short' }, /at least 32/],
    [
      { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') },
      /32 random bytes/,
    ],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, PORT: 'eighty' }, /PORT/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_DEMO: 'yes' }, /HAVEN_DEMO/],
    [
      { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_GENERIC_PLANS: 'yes' },
      /HAVEN_GENERIC_PLANS/,
    ],
    [
      { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_STATS_REQUIRE_CONSENT: 'yes' },
      /HAVEN_STATS_REQUIRE_CONSENT/,
    ],
    [
      { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_SESSION_IDLE_MINUTES: '0' },
      /HAVEN_SESSION_IDLE_MINUTES/,
    ],
    [
      { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_SESSION_CACHE_SECONDS: '61' },
      /HAVEN_SESSION_CACHE_SECONDS/,
    ],
    [
      {
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY: KEY,
        HAVEN_SESSION_CACHE_SECONDS: '60',
        HAVEN_SESSION_IDLE_MINUTES: '1',
      },
      /below the idle timeout/,
    ],
    [
      { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_SESSION_CACHE_SECONDS: '-1' },
      /HAVEN_SESSION_CACHE_SECONDS/,
    ],
    [
      { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_PUBLIC_URL: 'haven.example.org' },
      /HAVEN_PUBLIC_URL/,
    ],
    [
      {
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY: KEY,
        HAVEN_PUBLIC_URL: 'ftp://haven.example.org',
      },
      /HAVEN_PUBLIC_URL/,
    ],
    [
      { HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_PUBLIC_URL: 'javascript:alert(1)' },
      /HAVEN_PUBLIC_URL/,
    ],
    [
      {
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY: KEY,
        HAVEN_PUBLIC_URL: 'https://haven.example.org/?next=x',
      },
      /HAVEN_PUBLIC_URL/,
    ],
    [
      {
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY: KEY,
        HAVEN_PUBLIC_URL: 'https://haven.example.org/#x',
      },
      /HAVEN_PUBLIC_URL/,
    ],
    [
      {
        HAVEN_SECRET: SECRET,
        HAVEN_ENCRYPTION_KEY: KEY,
        HAVEN_PUBLIC_URL: 'https://user:pw@haven.example.org',
      },
      /HAVEN_PUBLIC_URL/,
    ],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/haven', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/haven', ...env })).toThrow(message);
  });

  it('builds the public URL from HAVEN_PUBLIC_URL without its trailing slash, else from the port', () => {
    const base = {
      DATABASE_URL: 'postgres://db/haven',
      HAVEN_SECRET: SECRET,
      HAVEN_ENCRYPTION_KEY: KEY,
    };
    expect(loadConfig(base).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ ...base, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...base, HAVEN_PUBLIC_URL: 'https://Haven.Example.org/' }).publicUrl).toBe(
      'https://haven.example.org',
    );
    expect(
      loadConfig({ ...base, HAVEN_PUBLIC_URL: ' https://ngo.example.org/haven// ' }).publicUrl,
    ).toBe('https://ngo.example.org/haven');
    expect(loadConfig({ ...base, HAVEN_PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe(
      'http://10.0.0.5:3000',
    );
  });

  it('keeps retired keys readable for rotation', () => {
    const old = Buffer.alloc(32, 1).toString('base64');
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/haven',
      HAVEN_SECRET: SECRET,
      HAVEN_ENCRYPTION_KEY: KEY,
      HAVEN_ENCRYPTION_KEY_ID: 'k2',
      HAVEN_ENCRYPTION_KEYS_OLD: `k1:${old}`,
    });
    expect(config.currentKeyId).toBe('k2');
    expect([...config.encryptionKeys.keys()].sort()).toEqual(['k1', 'k2']);
  });
  it('refuses HAVEN_TRUST_PROXY=true, asking for a number of hops; reads hops as numbers and anything else as addresses', () => {
    const base = {
      DATABASE_URL: 'postgres://db/haven',
      HAVEN_SECRET: SECRET,
      HAVEN_ENCRYPTION_KEY: KEY,
    };
    expect(() => loadConfig({ ...base, HAVEN_TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, HAVEN_TRUST_PROXY: ' true ' })).toThrow(/number of proxies/);
    expect(loadConfig({ ...base, HAVEN_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, HAVEN_TRUST_PROXY: ' 2 ' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, HAVEN_TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toBe(
      '10.0.0.0/8, loopback',
    );
    expect(loadConfig(base).trustProxy).toBeUndefined();
    expect(loadConfig({ ...base, HAVEN_TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
  });

  it('keeps the demo on loopback: HAVEN_DEMO with a HOST beyond this machine refuses to start, saying why', () => {
    const base = {
      DATABASE_URL: 'postgres://db/haven',
      HAVEN_SECRET: SECRET,
      HAVEN_ENCRYPTION_KEY: KEY,
    };
    expect(() => loadConfig({ ...base, HAVEN_DEMO: '1', HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, HAVEN_DEMO: '1', HOST: '0.0.0.0' })).toThrow(
      /demo.*loopback/,
    );
    expect(() => loadConfig({ ...base, HAVEN_DEMO: 'true', HOST: '::' })).toThrow(/loopback/);
    expect(() => loadConfig({ ...base, HAVEN_DEMO: '1', HOST: '192.168.1.10' })).toThrow(
      /loopback/,
    );
    // Embedded mode has the demo on by default: the same rule.
    expect(() => loadConfig({ HAVEN_DATA_DIR: tempDir(), HOST: '0.0.0.0' })).toThrow(/loopback/);
    expect(loadConfig({ ...base, HAVEN_DEMO: '1' }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...base, HAVEN_DEMO: '1', HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ ...base, HAVEN_DEMO: '1', HOST: 'localhost' }).host).toBe('localhost');
    expect(loadConfig({ ...base, HAVEN_DEMO: '1', HOST: '127.0.0.2' }).host).toBe('127.0.0.2');
    expect(loadConfig({ HAVEN_DATA_DIR: tempDir() }).host).toBe('127.0.0.1');
    // Without the demo, HOST is the operator's choice; the default serves every interface.
    expect(loadConfig(base).host).toBe('0.0.0.0');
    expect(loadConfig({ ...base, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
    expect(loadConfig({ HAVEN_DATA_DIR: tempDir(), HAVEN_DEMO: '0', HOST: '0.0.0.0' }).host).toBe(
      '0.0.0.0',
    );
  });
});
