import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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

  it('generates the secrets once into the data dir in embedded mode, and keeps them', () => {
    const dataDir = tempDir();
    const first = loadConfig({ HAVEN_DATA_DIR: dataDir });
    expect(first.databaseUrl).toBeNull();
    expect(first.demo).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(existsSync(join(dataDir, 'secret'))).toBe(true);
    expect(statSync(join(dataDir, 'encryption-key')).mode & 0o777).toBe(0o600);
    const second = loadConfig({ HAVEN_DATA_DIR: dataDir });
    expect(second.secret).toBe(first.secret);
    expect(second.encryptionKeys.get('k1')).toEqual(first.encryptionKeys.get('k1'));
    expect(readFileSync(join(dataDir, 'encryption-key'), 'utf8').trim()).toBe(first.encryptionKeys.get('k1')!.toString('base64'));
  });

  it('requires the secrets with DATABASE_URL, and defaults the demo off', () => {
    const url = 'postgres://u:p@db/haven';
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/HAVEN_SECRET is required/);
    expect(() => loadConfig({ DATABASE_URL: url, HAVEN_SECRET: SECRET })).toThrow(/HAVEN_ENCRYPTION_KEY is required/);
    const config = loadConfig({ DATABASE_URL: url, HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY });
    expect(config.demo).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.genericPlans).toBe(true);
    expect(config.sessionCacheSeconds).toBe(10);
    expect(loadConfig({ DATABASE_URL: url, HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_SESSION_CACHE_SECONDS: '0' }).sessionCacheSeconds).toBe(0);
    expect(loadConfig({ DATABASE_URL: url, HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_GENERIC_PLANS: '0' }).genericPlans).toBe(false);
  });

  it.each([
    [{ HAVEN_SECRET: 'short' }, /at least 32/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, /32 random bytes/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, PORT: 'eighty' }, /PORT/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_DEMO: 'yes' }, /HAVEN_DEMO/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_GENERIC_PLANS: 'yes' }, /HAVEN_GENERIC_PLANS/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_SESSION_IDLE_MINUTES: '0' }, /HAVEN_SESSION_IDLE_MINUTES/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_SESSION_CACHE_SECONDS: '61' }, /HAVEN_SESSION_CACHE_SECONDS/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_SESSION_CACHE_SECONDS: '60', HAVEN_SESSION_IDLE_MINUTES: '1' }, /below the idle timeout/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_SESSION_CACHE_SECONDS: '-1' }, /HAVEN_SESSION_CACHE_SECONDS/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_PUBLIC_URL: 'haven.example.org' }, /HAVEN_PUBLIC_URL/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_PUBLIC_URL: 'ftp://haven.example.org' }, /HAVEN_PUBLIC_URL/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_PUBLIC_URL: 'javascript:alert(1)' }, /HAVEN_PUBLIC_URL/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_PUBLIC_URL: 'https://haven.example.org/?next=x' }, /HAVEN_PUBLIC_URL/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_PUBLIC_URL: 'https://haven.example.org/#x' }, /HAVEN_PUBLIC_URL/],
    [{ HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY, HAVEN_PUBLIC_URL: 'https://user:pw@haven.example.org' }, /HAVEN_PUBLIC_URL/],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/haven', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/haven', ...env })).toThrow(message);
  });

  it('builds the public URL from HAVEN_PUBLIC_URL without its trailing slash, else from the port', () => {
    const base = { DATABASE_URL: 'postgres://db/haven', HAVEN_SECRET: SECRET, HAVEN_ENCRYPTION_KEY: KEY };
    expect(loadConfig(base).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ ...base, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...base, HAVEN_PUBLIC_URL: 'https://Haven.Example.org/' }).publicUrl).toBe('https://haven.example.org');
    expect(loadConfig({ ...base, HAVEN_PUBLIC_URL: ' https://ngo.example.org/haven// ' }).publicUrl).toBe('https://ngo.example.org/haven');
    expect(loadConfig({ ...base, HAVEN_PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe('http://10.0.0.5:3000');
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
});
