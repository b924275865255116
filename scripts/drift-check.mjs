// Migration drift check: all migrations on an empty database, then TypeORM must find nothing to generate.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startEmbeddedPostgres } = await import(
  join(root, 'server/dist/server/src/database/embedded-postgres.js')
);
const dir = mkdtempSync(join(tmpdir(), 'haven-drift-'));
const database = await startEmbeddedPostgres({ dataDir: dir, persistent: false, fast: true });
let status = 1;
try {
  const env = { ...process.env, DATABASE_URL: database.url };
  const run = (script) =>
    spawnSync('npm', ['run', '--silent', script, '-w', 'server'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
  const migrated = run('db:migrate');
  if (migrated.status !== 0) {
    console.error(migrated.stdout, migrated.stderr);
    throw new Error('migrations failed on an empty database');
  }
  const check = run('db:check');
  if (check.status === 0) {
    console.log('Drift check: the migrations match the entities.');
    status = 0;
  } else {
    console.error(
      check.stdout
        .split('\n')
        .filter((l) => !l.startsWith('query'))
        .join('\n'),
      check.stderr,
    );
    console.error(
      'Drift check FAILED: the entities differ from the migrations; generate a migration.',
    );
  }
} catch (error) {
  console.error('Drift check FAILED:', error.message);
} finally {
  await database.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
