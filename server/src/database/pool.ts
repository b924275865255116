import pg, { type ClientBase, type PoolConfig } from 'pg';
import type { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';

type EndCallback = (error?: Error) => void;

/**
 * The connection pool Haven creates and owns. TypeORM runs on it (it is handed to TypeORM through
 * the documented `driver` option, `havenDriver`), and so does every hand-written statement
 * (database/sql.ts): a transaction's TypeORM writes and typed queries share one connection.
 *
 * It owns a companion pool too, created on first use, whose connections run prepared statements
 * with generic plans (`plan_cache_mode = force_generic_plan`): a setting per connection, not per
 * statement, so it cannot live on this pool, whose unnamed statements (text searches) must be
 * planned for their pattern. Ending this pool ends the companion — TypeORM's `destroy` ends both.
 */
export class HavenPool extends pg.Pool {
  private readonly ownConfig: PoolConfig;
  private companion: pg.Pool | null = null;
  private closing = false;

  constructor(config: PoolConfig) {
    super(config);
    // pg-pool keeps the password non-enumerable on its own options: a copy taken here keeps it.
    this.ownConfig = { ...config };
  }

  /** The generic-plan pool (created on first use), or null once this pool is ending. */
  genericPlans(): pg.Pool | null {
    if (this.closing) return null;
    if (this.companion) return this.companion;
    const ownHook = this.ownConfig.onConnect;
    const companion = new pg.Pool({
      ...this.ownConfig,
      // Half as many connections: the scoped lists and the dashboards run here.
      max: Math.max(2, Math.ceil((this.ownConfig.max ?? 10) / 2)),
      // pg-pool awaits what onConnect returns (@types/pg types it as void). The main pool's own hook
      // first (the audit chain key), which must not fail quietly; where the plan setting is refused
      // the connection still serves, with PostgreSQL's own choice of plan.
      onConnect: (async (client: ClientBase) => {
        await Promise.resolve(ownHook?.(client) as Promise<void> | undefined);
        await client.query('SET plan_cache_mode = force_generic_plan').then(
          () => undefined,
          (error: unknown) =>
            logger().warn({ err: String(error) }, 'could not set plan_cache_mode'),
        );
      }) as unknown as PoolConfig['onConnect'],
    });
    // An idle connection dropped by the server (a restart, a failover) must not end the process.
    companion.on('error', (error) =>
      logger().warn({ err: error.message }, 'idle generic-plan connection lost'),
    );
    this.companion = companion;
    return companion;
  }

  override end(): Promise<void>;
  override end(callback: EndCallback): void;
  override end(callback?: EndCallback): Promise<void> | void {
    this.closing = true;
    const companion = this.companion;
    this.companion = null;
    const done = Promise.all([
      companion?.end().catch((error: unknown) => {
        logger().warn({ err: String(error) }, 'could not end the generic-plan pool');
      }),
      super.end(),
    ]).then(() => undefined);
    if (!callback) return done;
    done.then(() => callback(), callback);
  }
}

/**
 * What TypeORM's `driver` option takes: the `pg` module, except that its `Pool` is Haven's. Each
 * data source gets its own (`dataSourceOptions`), so that `poolOf` finds that data source's pool.
 */
export interface HavenDriver {
  pool: HavenPool | null;
}

export function havenDriver(): HavenDriver {
  const driver: HavenDriver & Omit<typeof pg, 'Pool'> & { Pool: typeof HavenPool } = {
    ...pg,
    pool: null,
    Pool: class extends HavenPool {
      constructor(config: PoolConfig) {
        super(config);
        driver.pool = this;
      }
    },
  };
  return driver;
}

/** The pool a data source built with `dataSourceOptions` runs on (once initialised). */
export function poolOf(dataSource: DataSource): HavenPool {
  const pool = (dataSource.options.driver as HavenDriver | undefined)?.pool;
  if (!pool)
    throw new Error(
      'poolOf: the data source was not built by dataSourceOptions or is not initialised',
    );
  return pool;
}
