import { createHash } from 'node:crypto';
import type { ClientBase, Pool, PoolConfig } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { logger } from '../common/logger.js';

/** How many distinct statement texts may be prepared; past it, statements run unnamed. */
const MAX_NAMED = 256;
const names = new Map<string, string>();

export interface PreparedOptions {
  /**
   * Always run the generic plan: for statements whose best plan does not depend on their
   * parameters (a dashboard for one team or person). PostgreSQL's default keeps planning such a
   * statement afresh on every execution when its generic estimate (an average team) is dearer than
   * the custom one (this team) — for a dashboard 3.7 ms of planning on every request for 5 ms of
   * execution.
   */
  generic?: boolean;
}

/**
 * Runs a statement as a named prepared statement on the connection pool, so PostgreSQL parses it
 * once per connection and may keep a generic plan for it, instead of parsing and planning it on
 * every request (planning was more than half of a case list's database time). For hot statements
 * whose best plan does not depend on the data searched for: a trigram search whose plan follows its
 * pattern should run unnamed (listStatement decides). The number of named texts is bounded (the
 * texts of list statements vary with the filters a caller combines): keep texts that vary without
 * end (a VALUES list per row given) off this path.
 */
export async function queryPrepared<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
  options: PreparedOptions = {},
): Promise<T[]> {
  const pool = options.generic && genericPlans ? genericPlanPool(dataSource) : mainPool(dataSource);
  return runNamed<T>(pool, text, values);
}

/** Runs `text` under its name (taking one while fewer than MAX_NAMED are taken), or unnamed. */
async function runNamed<T>(
  runner: Pool | ClientBase,
  text: string,
  values: unknown[],
): Promise<T[]> {
  let name = names.get(text);
  const naming = name === undefined && names.size < MAX_NAMED;
  if (naming) {
    // Taken before the first run, so that first runs in flight together cannot pass the bound.
    name = `haven_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  try {
    const result = await runner.query<T & Record<string, unknown>>(
      name === undefined ? { text, values } : { name, text, values },
    );
    return result.rows;
  } catch (error) {
    // A text that fails its first run must not hold a name for good.
    if (naming) names.delete(text);
    throw error;
  }
}

/**
 * A statement as a route runs it: its text and values, and how — unnamed (planned for its values
 * on every run), prepared with PostgreSQL's own choice of plan, or prepared with the generic plan.
 * Routes whose statement is built apart from running it (the hot lists, a case) let the benchmark
 * run exactly what the API runs, without HTTP.
 */
export interface Statement {
  text: string;
  values: unknown[];
  plan: 'unnamed' | 'prepared' | 'generic';
}

export function runStatement<T>(dataSource: DataSource, statement: Statement): Promise<T[]> {
  return statement.plan === 'unnamed'
    ? dataSource.query<T[]>(statement.text, statement.values)
    : queryPrepared<T>(dataSource, statement.text, statement.values, {
        generic: statement.plan === 'generic',
      });
}

/**
 * `queryPrepared` for code handed an EntityManager: prepared on the pool when the manager is not
 * bound to a transaction, otherwise prepared on the transaction's own connection (a main-pool
 * connection: `generic` does not apply there). The writes every audited change makes (its audit
 * event, the next reference, a new record) were parsed and planned on each run: ~0.2–0.3 ms of
 * PostgreSQL each, a millisecond of an intake's three.
 */
export async function queryPreparedWith<T>(
  manager: EntityManager,
  text: string,
  values: unknown[] = [],
  options: PreparedOptions = {},
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner) return queryPrepared<T>(manager.connection, text, values, options);
  if (runner.isReleased) throw new Error('queryPreparedWith: the transaction has ended');
  return runNamed<T>((await runner.connect()) as ClientBase, text, values);
}

const mainPool = (dataSource: DataSource) => (dataSource.driver as PostgresDriver).master as Pool;

let genericPlans = true;
/** `HAVEN_GENERIC_PLANS` (createApp): off, `generic` statements run on the main pool like the rest. */
export function setGenericPlans(enabled: boolean): void {
  genericPlans = enabled;
}

const genericPools = new WeakMap<DataSource, Pool>();
const closing = new WeakSet<DataSource>();

/**
 * A second pool, beside TypeORM's, whose connections use generic plans for prepared statements. A
 * setting per connection, not per database: on the main pool it would also apply to the unnamed
 * statements (text searches), whose plan must follow the pattern. It is set with SET when a
 * connection opens rather than as a startup option, which PgBouncer refuses; but behind a pooler in
 * transaction mode a session setting stays with the server connection and reaches other clients'
 * statements, so there the pool is turned off (`HAVEN_GENERIC_PLANS=0`). Ended with its data source.
 */
function genericPlanPool(dataSource: DataSource): Pool {
  const existing = genericPools.get(dataSource);
  if (existing) return existing;
  // Closing: what still arrives runs on the main pool (and fails with it).
  if (closing.has(dataSource)) return mainPool(dataSource);
  const main = mainPool(dataSource) as Pool & { options: PoolConfig };
  const PoolClass = main.constructor as new (config: PoolConfig) => Pool;
  // pg-pool awaits a promise returned by onConnect before the connection's first statement
  // (@types/pg still types the hook as returning void). Where the setting is refused, the
  // connection still serves, with PostgreSQL's own choice of plan.
  const config: Omit<PoolConfig, 'onConnect'> & {
    onConnect: (client: ClientBase) => Promise<void>;
  } = {
    ...main.options,
    // pg-pool keeps the password non-enumerable: a spread would drop it.
    password: main.options.password,
    // Half as many connections as the main pool: the scoped lists and the dashboards run here.
    max: Math.max(2, Math.ceil((main.options.max ?? 10) / 2)),
    // The main pool's own hook first (the audit chain key: data-source.ts), which must not fail quietly.
    onConnect: async (client) => {
      // @types/pg types the hook as returning void; pg-pool awaits what it returns.
      await Promise.resolve(main.options.onConnect?.(client) as Promise<void> | undefined);
      await client.query('SET plan_cache_mode = force_generic_plan').then(
        () => undefined,
        (error: unknown) => logger().warn({ err: String(error) }, 'could not set plan_cache_mode'),
      );
    },
  };
  const created = new PoolClass(config);
  // An idle connection dropped by the server (a restart, a failover) must not bring the process down.
  created.on('error', (error) =>
    logger().warn({ err: error.message }, 'idle generic-plan connection lost'),
  );
  genericPools.set(dataSource, created);
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    dataSource.destroy = destroy;
    closing.add(dataSource);
    genericPools.delete(dataSource);
    await created
      .end()
      .catch((error: unknown) =>
        logger().warn({ err: String(error) }, 'could not end the generic-plan pool'),
      );
    closing.delete(dataSource);
    return destroy();
  };
  return created;
}
