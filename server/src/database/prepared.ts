import { createHash } from 'node:crypto';
import type { ClientBase, Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { poolOf } from './pool.js';

/**
 * How many distinct statement texts may be prepared; past it, statements run unnamed. The core
 * statements (options.core: the audit insert, a case, a dashboard — fixed texts, few) have names of
 * their own, so that lists, whose texts vary with the filters a caller combines, cannot exhaust them.
 */
const MAX_NAMED = 256;
const MAX_CORE = 64;
const names = new Map<string, string>();
const taken = { core: 0, other: 0 };

export interface PreparedOptions {
  /**
   * Always run the generic plan: for statements whose best plan does not depend on their
   * parameters (a dashboard for one team or person). PostgreSQL's default keeps planning such a
   * statement afresh on every execution when its generic estimate (an average team) is dearer than
   * the custom one (this team) — for a dashboard 3.7 ms of planning on every request for 5 ms of
   * execution.
   */
  generic?: boolean;
  /** A fixed text on a hot path: named from the reserved share (see MAX_CORE). */
  core?: boolean;
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
  const main = poolOf(dataSource);
  // Behind a pooler in transaction mode a session setting would reach other clients' statements:
  // there generic plans are off (HAVEN_GENERIC_PLANS=0) and everything runs on the main pool.
  const pool = (options.generic && genericPlans ? main.genericPlans() : null) ?? main;
  return runNamed<T>(pool, text, values, options.core);
}

/** Runs `text` under its name (taking one while fewer than MAX_NAMED are taken), or unnamed. */
export async function runNamed<T>(
  runner: Pool | ClientBase,
  text: string,
  values: readonly unknown[],
  core = false,
): Promise<T[]> {
  let name = names.get(text);
  const share = core ? 'core' : 'other';
  const naming = name === undefined && taken[share] < (core ? MAX_CORE : MAX_NAMED);
  if (naming) {
    // Taken before the first run, so that first runs in flight together cannot pass the bound.
    name = `haven_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
    taken[share] += 1;
  }
  try {
    const result = await runner.query<T & Record<string, unknown>>(
      name === undefined
        ? { text, values: values as unknown[] }
        : { name, text, values: values as unknown[] },
    );
    return result.rows;
  } catch (error) {
    // A text that fails its first run must not hold a name for good.
    if (naming) {
      names.delete(text);
      taken[share] -= 1;
    }
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
  return runNamed<T>((await runner.connect()) as ClientBase, text, values, options.core);
}

let genericPlans = true;
/** `HAVEN_GENERIC_PLANS` (createApp): off, `generic` statements run on the main pool like the rest. */
export function setGenericPlans(enabled: boolean): void {
  genericPlans = enabled;
}
export const genericPlansEnabled = (): boolean => genericPlans;
