import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { migrate } from '../src/database/migrate.js';

/**
 * One real PostgreSQL for the run, and a template database built by the real migrations.
 * Each test file clones the template into a database of its own (fast, isolated, parallel).
 * `TEST_DATABASE_URL` points the suite at an existing server instead (it needs CREATEDB).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let baseUrl = process.env.TEST_DATABASE_URL;
  let stop: () => Promise<void> = () => Promise.resolve();
  let dir: string | null = null;
  if (!baseUrl) {
    dir = mkdtempSync(join(tmpdir(), 'haven-test-'));
    const database = await startEmbeddedPostgres({ dataDir: dir, persistent: false, fast: true });
    baseUrl = database.url;
    stop = () => database.stop();
  }
  const template = new URL(baseUrl);
  template.pathname = '/haven_template';
  const admin = new DataSource({ type: 'postgres', url: baseUrl });
  await admin.initialize();
  await admin.query('DROP DATABASE IF EXISTS haven_template WITH (FORCE)');
  await admin.query('CREATE DATABASE haven_template');
  await admin.destroy();
  const migrated = new DataSource(dataSourceOptions(template.toString(), 2));
  await migrated.initialize();
  await migrate(migrated);
  await migrated.destroy();
  project.provide('databaseUrl', baseUrl);
  return async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
