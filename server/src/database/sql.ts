import type { ClientBase } from 'pg';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  CompiledQuery,
  type Expression,
  type InferResult,
  type RawBuilder,
  sql,
} from 'kysely';
import type { DataSource, EntityManager } from 'typeorm';
import { poolOf } from './pool.js';
import { genericPlansEnabled, runNamed, type Statement } from './prepared.js';
import type { DB } from './schema.js';

/**
 * Haven's one query layer for hand-written statements. `db` builds typed queries over the schema's
 * types (schema.ts, generated from the migrated database and checked by the drift check: a column a
 * migration renames fails the typecheck of every query that reads it). It only compiles: queries
 * run through `rows`/`first`/`exec`, on Haven's pool or in the caller's transaction, as named
 * prepared statements (database/prepared.ts) unless asked otherwise. Never call `.execute()` on a
 * builder (there is no driver behind `db`: it throws).
 */
export const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export type Db = typeof db;

/**
 * An instant as `Date.prototype.toISOString` writes it (UTC, to the millisecond, truncated), written
 * by PostgreSQL: a list's instants were otherwise parsed into Dates by pg only to be written back
 * as these strings, a large share of the server's time per row.
 */
export const isoInstant = (instant: Expression<Date>) =>
  sql<string>`to_char(${instant} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Where a statement runs: the pool (a data source) or a transaction (an entity manager from
 * `transaction()`; one outside a transaction runs on the pool).
 */
export type On = DataSource | EntityManager;

/**
 * How a statement is planned: `prepared` (named, PostgreSQL's own choice of generic or custom plan;
 * the default), `generic` (named, on the generic-plan pool: for statements whose best plan does not
 * depend on their values, e.g. a dashboard for one team), `unnamed` (planned for its values on every
 * run: a text search, whose plan follows its pattern; texts that vary without end).
 */
export type Plan = 'prepared' | 'generic' | 'unnamed';

export interface RunOptions {
  plan?: Plan;
  /** A fixed text on a hot path: takes a prepared-statement name from the reserved share. */
  core?: boolean;
}

/**
 * A statement: a builder of `db`, a compiled one, or `sql` text (kysely's tag, for what the builder
 * cannot express: its values are parameters, never spliced into the text).
 */
type Query<R> = Compilable<R> | CompiledQuery<R> | RawBuilder<R>;

const compiled = <R>(query: Query<R>): CompiledQuery<R> =>
  isRawBuilder(query) ? query.compile(db) : 'compile' in query ? query.compile() : query;

const isRawBuilder = <R>(query: Query<R>): query is RawBuilder<R> =>
  (query as Partial<RawBuilder<R>>).isRawBuilder === true;

function isManager(on: On): on is EntityManager {
  // Every entity manager has its data source as `connection`; one outside a transaction has no
  // `queryRunner` property at all (not even undefined), so that cannot tell them apart.
  return 'connection' in on;
}

/** Runs a compiled statement where `on` says, as `plan` says; its rows. */
export async function run<T>(on: On, query: CompiledQuery, options: RunOptions = {}): Promise<T[]> {
  const { sql: text, parameters } = query;
  if (isManager(on) && on.queryRunner) {
    const runner = on.queryRunner;
    if (runner.isReleased) throw new Error('run: the transaction has ended');
    // The transaction's own connection (public API: connect() returns it, connected or not).
    const client = (await runner.connect()) as ClientBase;
    if (options.plan === 'unnamed') return (await client.query(text, [...parameters])).rows as T[];
    return runNamed<T>(client, text, parameters, options.core);
  }
  const pool = poolOf(isManager(on) ? on.connection : on);
  if (options.plan === 'unnamed') return (await pool.query(text, [...parameters])).rows as T[];
  const target =
    (options.plan === 'generic' && genericPlansEnabled() ? pool.genericPlans() : null) ?? pool;
  return runNamed<T>(target, text, parameters, options.core);
}

/**
 * A statement built apart from running it (a list, a case, the caseload): the API runs it here, and
 * the benchmark runs exactly the same text, values and plan without HTTP.
 */
export function runStatement<T>(on: On, statement: Statement): Promise<T[]> {
  return run<T>(on, CompiledQuery.raw(statement.text, statement.values), { plan: statement.plan });
}

/** Every row the query returns, typed by the query. */
export function rows<Q extends Query<unknown>>(
  on: On,
  query: Q,
  options?: RunOptions,
): Promise<RowsOf<Q>[]> {
  return run<RowsOf<Q>>(on, compiled(query as Query<RowsOf<Q>>), options);
}

/** The first row, or undefined. */
export async function first<Q extends Query<unknown>>(
  on: On,
  query: Q,
  options?: RunOptions,
): Promise<RowsOf<Q> | undefined> {
  const [row] = await rows(on, query, options);
  return row;
}

/** A statement run for its effect (an insert, update or delete without RETURNING). */
export async function exec(on: On, query: Query<unknown>, options?: RunOptions): Promise<void> {
  await run(on, compiled(query), options);
}

/** The type of one row a query returns (InferResult is the array). */
export type RowsOf<Q> =
  Q extends RawBuilder<infer R>
    ? R
    : Q extends Compilable<unknown> | CompiledQuery<unknown>
      ? InferResult<Q>[number]
      : never;
