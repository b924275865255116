import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { seedDemo, isEmpty, DEMO_ACCOUNTS, DEMO_PASSWORD } from './cli/demo.js';
import { createLogger, logger, setLogger } from './common/logger.js';
import { ConfigError, loadConfig } from './config/config.js';
import { migrateAsOwner, openDatabase } from './database/connection.js';
import { dataSourceOptions } from './database/data-source.js';
import { warnIfPrivileged } from './database/roles.js';
import { createApp } from './create-app.js';
import { FieldEncryption } from './encryption/field-encryption.js';

async function main(): Promise<void> {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Haven cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  setLogger(createLogger(config.logLevel));
  const say = (line: string) => process.stdout.write(line + '\n');

  say(
    config.databaseUrl
      ? 'Haven: using DATABASE_URL'
      : `Haven: embedded PostgreSQL in ${config.dataDir}`,
  );
  const database = await openDatabase(config);
  let stopping = false;
  // Migrations as the schema's owner; the server as the runtime role, its connections carrying the audit chain key.
  const dataSource = new DataSource(dataSourceOptions(database.url, 20, config));
  try {
    const applied = await migrateAsOwner(config, database);
    await dataSource.initialize();
    await warnIfPrivileged(dataSource);
    if (applied.length) say(`Haven: applied ${applied.length} migration(s)`);
    let seeded = false;
    if (config.demo && (await isEmpty(dataSource))) {
      await seedDemo(dataSource, FieldEncryption.fromConfig(config));
      seeded = true;
      say('Haven: created the demo teams, accounts and cases');
    }
    const app = await createApp(config, dataSource);
    await app.listen(config.port, config.host);
    const address = app.getHttpServer().address() as { port: number };
    say(
      `Haven is ready at http://localhost:${address.port}  (API docs: http://localhost:${address.port}/api/docs) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (config.demo || seeded) {
      say(
        `Demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.role})`).join(', ')}`,
      );
    }

    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`Haven: ${signal} received, shutting down`);
      const force = setTimeout(() => process.exit(1), 15_000);
      force.unref();
      try {
        await app.close();
      } catch (error) {
        logger().error({ err: String(error) }, 'error while closing the app');
      }
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      await database.stop();
      say('Haven: stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (error) {
    console.error('Haven failed to start:', error instanceof Error ? error.message : error);
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await database.stop().catch(() => undefined);
    process.exit(1);
  }
}

await main();
