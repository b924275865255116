import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { DEMO_PASSWORD, seedAccounts } from '../src/cli/demo.js';
import type { HavenConfig } from '../src/config/config.js';
import { createApp } from '../src/create-app.js';
import { dataSourceOptions } from '../src/database/data-source.js';

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  config: HavenConfig;
  /** supertest against the app's HTTP server. */
  http: () => ReturnType<typeof request>;
  /** Logs in (once per email) and returns the bearer header value. */
  tokenFor(email: string): Promise<string>;
  /** Fresh login, never cached. */
  login(email: string, password?: string): Promise<string>;
  userId(email: string): Promise<string>;
  teamId(name: string): Promise<string>;
  /**
   * A statement as the database's superuser, who owns the schema: for tests that play an attacker
   * with every right. `dataSource` is the app's own runtime role.
   */
  ownerQuery<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export function testConfig(databaseUrl: string, overrides: Partial<HavenConfig> = {}): HavenConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    dataDir: '/nonexistent',
    demo: false,
    secret: randomBytes(32).toString('hex'),
    encryptionKeys: new Map([['k1', randomBytes(32)]]),
    currentKeyId: 'k1',
    sessionIdleSeconds: 30 * 60,
    sessionMaxSeconds: 12 * 3600,
    sessionCacheSeconds: 10,
    jobIntervalSeconds: 0,
    dashboardMaxAgeSeconds: 60,
    statsRequireConsent: false,
    genericPlans: true,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    clientDir: '/nonexistent',
    publicUrl: 'http://haven.test',
    ...overrides,
  };
}

/**
 * A database of this test file's own, cloned from the migrated template: `url` as the runtime role
 * the app runs as, `ownerUrl` as the superuser.
 */
export async function createTestDatabase(): Promise<{
  url: string;
  ownerUrl: string;
  drop(): Promise<void>;
}> {
  const base = inject('databaseUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new DataSource({ type: 'postgres', url: base });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE haven_template`);
  await admin.destroy();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const appUrl = new URL(inject('appDatabaseUrl'));
  appUrl.pathname = `/${name}`;
  return {
    url: appUrl.toString(),
    ownerUrl: url.toString(),
    drop: async () => {
      const again = new DataSource({ type: 'postgres', url: base });
      await again.initialize();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.destroy();
    },
  };
}

/** The real app (guards, pipes, filter) over a fresh migrated database with the demo accounts. */
export async function startTestApp(
  overrides: Partial<HavenConfig> = {},
  options: { route?: (url: string) => string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  // `route`: the app reaches its database another way (through a test's TCP proxy, say).
  const appUrl = options.route ? options.route(database.url) : database.url;
  const config = testConfig(appUrl, overrides);
  const dataSource = new DataSource(dataSourceOptions(appUrl, 5, config));
  await dataSource.initialize();
  let owner: DataSource | null = null;
  await dataSource.transaction((manager) => seedAccounts(manager));
  const app = await createApp(config, dataSource);
  await app.init();
  // Fastify routes and hooks are in place only once its instance is ready (supertest then drives
  // the Node server Nest wraps it in).
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  // One login per email, shared by concurrent callers (simultaneous logins of one account are throttled).
  const tokens = new Map<string, Promise<string>>();
  const login = async (email: string, password = DEMO_PASSWORD): Promise<string> => {
    const response = await http().post('/api/auth/login').send({ email, password });
    if (response.status !== 200 || typeof response.body.accessToken !== 'string')
      throw new Error(`login ${email}: ${response.status} ${JSON.stringify(response.body)}`);
    // An account an admin made must change its password first (its session opens only /api/auth/*):
    // tests about something else get an unrestricted session; mfa.e2e-spec.ts tests the restriction.
    if (response.body.passwordChangeRequired) {
      await dataSource.query(
        'UPDATE app_user SET password_change_required = false WHERE email = $1',
        [email.trim().toLowerCase()],
      );
      return login(email, password);
    }
    return `Bearer ${response.body.accessToken as string}`;
  };
  return {
    app,
    dataSource,
    config,
    http,
    login,
    async tokenFor(email) {
      if (!tokens.has(email)) tokens.set(email, login(email));
      return tokens.get(email)!;
    },
    async userId(email) {
      const [row] = await dataSource.query<{ id: string }[]>(
        'SELECT id FROM app_user WHERE email = $1',
        [email],
      );
      return row.id;
    },
    async teamId(name) {
      const [row] = await dataSource.query<{ id: string }[]>(
        'SELECT id FROM team WHERE name = $1',
        [name],
      );
      return row.id;
    },
    async ownerQuery<T>(sql: string, params: unknown[] = []) {
      if (!owner) {
        owner = new DataSource(dataSourceOptions(database.ownerUrl, 1));
        await owner.initialize();
      }
      return owner.query<T>(sql, params);
    },
    async close() {
      await app.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      if (owner?.isInitialized) await owner.destroy();
      await database.drop();
    },
  };
}
