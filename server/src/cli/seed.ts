import type { DataSource } from 'typeorm';
import { seedAccounts } from './demo.js';

export interface SeedOptions {
  cases: number;
  log: (line: string) => void;
}

/**
 * Fills the database for demos and benchmarks: the demo teams and accounts (if missing), then
 * `cases` fictional cases with batch inserts. Case records arrive with the cases feature; until
 * then only the accounts are created.
 */
export async function seed(dataSource: DataSource, options: SeedOptions): Promise<void> {
  const started = Date.now();
  await dataSource.transaction((manager) => seedAccounts(manager));
  options.log(`Seeded the demo teams and accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (options.cases > 0) {
    options.log(`(${options.cases} cases requested: case records are not part of this build yet)`);
  }
}
