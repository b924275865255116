import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { db, exec, first, rows, type On } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import {
  countChangesSql,
  logEveryCaseSql,
  multiCaseDriftSql,
  recopyDriftedClientsSql,
  recountClientCasesSql,
} from './rollup.queries.js';

/** Arbitrary but fixed: instances count the changes one at a time. */
export const ROLLUP_LOCK = 7_271_022;

/**
 * More pending changes than this (a migration's, an import's) are not counted while a request
 * waits: a stale table is then answered from the cases, and the rollup catches up behind it.
 */
export const ROLLUP_BACKLOG_LIMIT = 2000;

export interface RollupState {
  /** Every change committed before this instant is counted (null: the rollup was never complete). */
  computedAt: Date | null;
  /** The first pending change's transaction start (null: nothing pending). */
  oldestPending: Date | null;
  /** Pending changes, counted up to ROLLUP_BACKLOG_LIMIT + 1. */
  backlog: number;
}

/**
 * Counts the pending changes into the rollup and dates it, in one transaction; instances take
 * turns (an advisory lock). Returns how many changes and cells it wrote.
 */
export async function countRollupChanges(
  on: DataSource,
): Promise<{ changes: number; cells: number }> {
  return transaction(on, async (manager) => {
    await exec(manager, db.selectNoFrom(sql`pg_advisory_xact_lock(${ROLLUP_LOCK})`.as('locked')));
    const [counted] = await rows(manager, countChangesSql(), { plan: 'unnamed' });
    // The transaction's start: the DELETE's snapshot, taken after it, saw every change committed
    // before it.
    await exec(manager, db.updateTable('stats_rollup_state').set({ computed_at: sql`now()` }));
    return counted;
  });
}

export interface RebuildResult {
  /** Clients whose kept case count (`stats_client_cases`) was wrong, now set right. */
  clientCountsFixed: number;
  /** Rows of the multi-case clients' copy (`stats_multi_case`) that were wrong or missing. */
  multiCaseRowsFixed: number;
  /** Rows the copy holds now. */
  multiCaseRows: number;
  /** Cells the old rollup had, and pending change rows discarded (the cases already hold them). */
  removedCells: number;
  discardedChanges: number;
  /** Cases counted, and cells written. */
  cases: number;
  cells: number;
}

/** How long the rebuild waits for the writes in progress before it gives up (`lock_timeout`). */
export const CLIENT_COPIES_LOCK_TIMEOUT = '5s';

/**
 * Sets the other tables `unit=persons` reads right from the cases: each client's case count
 * (`stats_client_cases`) and the multi-case clients' copy (`stats_multi_case`), in one READ
 * COMMITTED transaction that first takes SHARE locks on the clients and the cases (in the order
 * writers take them: a client, then its cases). Unlike the rollup's change rows, both are
 * updated in place by the triggers, so they cannot be rebuilt behind concurrent writes: writes to
 * clients and cases wait for the few seconds this takes (at a million cases: a count of every
 * case, and the clients whose copied rows differ copied again); reads do not. It waits at most
 * `CLIENT_COPIES_LOCK_TIMEOUT` for the writes in progress, then fails saying so.
 */
export async function rebuildClientCopies(
  on: DataSource,
): Promise<Pick<RebuildResult, 'clientCountsFixed' | 'multiCaseRowsFixed' | 'multiCaseRows'>> {
  return transaction(on, async (manager) => {
    // Not behind a long write (a bulk import): writes queue behind this lock while it waits.
    await exec(manager, sql.raw(`SET LOCAL lock_timeout = '${CLIENT_COPIES_LOCK_TIMEOUT}'`), {
      plan: 'unnamed',
    });
    try {
      await exec(manager, sql`LOCK TABLE client, legal_case IN SHARE MODE`, { plan: 'unnamed' });
    } catch (error) {
      const failed = error as { code?: string; driverError?: { code?: string } };
      if ((failed.driverError?.code ?? failed.code) === '55P03')
        throw new Error(
          `statistics: the clients and cases could not be locked within ${CLIENT_COPIES_LOCK_TIMEOUT} (a long write is running); the case counts and the multi-case copy were not checked — run stats:rebuild-rollup again when it is done`,
          { cause: error },
        );
      throw error;
    }
    const [counts] = await rows(manager, recountClientCasesSql(), { plan: 'unnamed' });
    const [drift] = await rows(manager, multiCaseDriftSql(), { plan: 'unnamed' });
    if (drift.rows > 0) await rows(manager, recopyDriftedClientsSql(), { plan: 'unnamed' });
    const [copied] = await rows(
      manager,
      sql<{ rows: number }>`SELECT count(*)::int AS rows FROM stats_multi_case`,
      { plan: 'unnamed' },
    );
    return {
      clientCountsFixed: counts.fixed,
      multiCaseRowsFixed: drift.rows,
      multiCaseRows: copied.rows,
    };
  });
}

/**
 * Rebuilds the rollup from scratch (`npm run haven -- stats:rebuild-rollup`): for a rollup that
 * drifted from the cases — triggers disabled for a bulk load, a restore of one table, a bug. Then,
 * still holding the rollup's lock, the other kept tables persons read (`rebuildClientCopies`:
 * writes to clients and cases wait for that part). Safe while Haven runs:
 * - it takes the rollup's lock for its whole run (session-level, before its snapshot exists), so
 *   no count runs meanwhile, and waits for one in progress;
 * - one REPEATABLE READ transaction: it deletes the cells and the pending change rows its snapshot
 *   sees, logs every case as that snapshot sees it, and counts those rows (`countChangesSql`).
 *   A write committed after the snapshot keeps its change rows (invisible to it, so not deleted),
 *   and the next count adds them: the rollup plus the pending rows equals the cases, as always;
 * - readers see the old rollup until the commit, never a half-built one; writers never wait (the
 *   triggers only append change rows), only counts do — and requests that need one, which then
 *   answer from the cases once too many changes are pending.
 */
export async function rebuildRollup(
  dataSource: DataSource,
  log: (line: string) => void | Promise<void> = () => undefined,
): Promise<RebuildResult> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const on = runner.manager;
  const started = Date.now();
  // Awaited: a caller may pause the rebuild between its steps (the tests commit a write there).
  const step = async (line: string) =>
    log(`${line} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  try {
    await step('statistics rollup: waiting for its lock');
    await exec(on, db.selectNoFrom(sql`pg_advisory_lock(${ROLLUP_LOCK})`.as('locked')));
    try {
      // Whether a ROLLBACK may be needed: from BEGIN until the COMMIT has answered.
      let open = true;
      await runner.startTransaction('REPEATABLE READ');
      try {
        const [removed] = await rows(
          on,
          sql<{ cells: number }>`WITH gone AS (DELETE FROM stats_rollup RETURNING 1)
            SELECT count(*)::int AS cells FROM gone`,
        );
        const [discarded] = await rows(
          on,
          sql<{ changes: number }>`WITH gone AS (DELETE FROM stats_rollup_delta RETURNING 1)
            SELECT count(*)::int AS changes FROM gone`,
        );
        await step(
          `statistics rollup: ${removed.cells} cells and ${discarded.changes} pending changes removed`,
        );
        const [logged] = await rows(on, logEveryCaseSql());
        await step(
          `statistics rollup: ${logged.cases} cases logged; counting them into every cell`,
        );
        const [counted] = await rows(on, countChangesSql(), { plan: 'unnamed' });
        await exec(on, db.updateTable('stats_rollup_state').set({ computed_at: sql`now()` }));
        await runner.commitTransaction();
        open = false;
        await step(`statistics rollup: ${counted.cells} cells written from ${logged.cases} cases`);
        // Then the tables kept in place, still under the rollup's lock (one rebuild at a time).
        await step('statistics: setting the case counts and the multi-case copy right');
        const copies = await rebuildClientCopies(dataSource);
        await step(
          `statistics: ${copies.clientCountsFixed} case counts and ${copies.multiCaseRowsFixed} copied rows corrected (${copies.multiCaseRows} rows)`,
        );
        return {
          ...copies,
          removedCells: removed.cells,
          discardedChanges: discarded.changes,
          cases: logged.cases,
          cells: counted.cells,
        };
      } catch (error) {
        if (open) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await exec(on, db.selectNoFrom(sql`pg_advisory_unlock(${ROLLUP_LOCK})`.as('unlocked')));
    }
  } finally {
    await runner.release();
  }
}

/** When the rollup was last complete, and what is pending. */
export async function rollupState(on: On): Promise<RollupState & { now: Date }> {
  const state = await first(
    on,
    sql<{ now: Date; computed_at: Date | null; oldest: Date | null; backlog: number }>`
      SELECT now() AS now, (SELECT computed_at FROM stats_rollup_state) AS computed_at,
             (SELECT marked_at FROM stats_rollup_delta ORDER BY id LIMIT 1) AS oldest,
             (SELECT count(*) FROM (SELECT id FROM stats_rollup_delta ORDER BY id LIMIT ${ROLLUP_BACKLOG_LIMIT + 1}) AS pending)::int AS backlog`,
  );
  return {
    now: state!.now,
    computedAt: state!.computed_at,
    oldestPending: state!.oldest,
    backlog: state!.backlog,
  };
}

/**
 * Keeps the statistics rollup (rollup.queries.ts) up to date: every `statsMaxAgeSeconds / 2` it
 * counts what the writes logged, and a request that finds a change pending for longer than
 * `statsMaxAgeSeconds` has it counted first (`ready`). One count at a time in this process; a
 * request that arrives while one runs waits for the next, which sees its changes.
 */
@Injectable()
export class StatsRollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private running: Promise<unknown> | null = null;
  private next: Promise<unknown> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
  ) {}

  private get maxAgeMs(): number {
    return (this.config.statsMaxAgeSeconds ?? 0) * 1000;
  }

  onApplicationBootstrap(): void {
    // What the migration or an import left pending is counted at once, in the background.
    this.countInBackground(true);
    if (this.maxAgeMs === 0) return;
    this.timer = setInterval(() => this.countInBackground(true), this.maxAgeMs / 2);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([this.running, this.next]);
  }

  /**
   * Counts every change committed before the call. When a count is running (its snapshot may be
   * older than the caller's change), one more runs after it, shared by every caller meanwhile.
   */
  catchUp(): Promise<unknown> {
    if (!this.running) return this.start();
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<unknown> {
    const run = countRollupChanges(this.dataSource)
      .then((counted) => {
        if (counted.changes > ROLLUP_BACKLOG_LIMIT)
          logger().info(counted, 'statistics rollup: changes counted');
        return counted;
      })
      .finally(() => {
        if (this.running === run) this.running = null;
      });
    this.running = run;
    return run;
  }

  private countInBackground(onlyIfPending: boolean): void {
    const work = onlyIfPending
      ? rollupState(this.dataSource).then((state) =>
          state.oldestPending || state.computedAt === null ? this.catchUp() : null,
        )
      : this.catchUp();
    work.catch((error: unknown) =>
      logger().warn({ err: error }, 'statistics rollup: counting the changes failed'),
    );
  }

  /**
   * Whether the rollup may answer a table now, and as of when (null: count from the cases). It may
   * when no pending change is older than `statsMaxAgeSeconds`; otherwise the pending changes are
   * counted first — unless there are too many to wait for, when the cases answer and the count
   * runs behind. `computedAt`: every change committed before it is in the answer; `backlog`: the
   * changes pending (up to ROLLUP_BACKLOG_LIMIT + 1), young ones included.
   *
   * `withPending`: for a reader that counts the pending changes with the cells itself
   * (`rollupPersonsSql`, exact as of its statement): it never waits for a count — a due one is
   * started in the background — and may answer whenever at most ROLLUP_BACKLOG_LIMIT changes are
   * pending (the rollup plus the pending rows equals the cases at every commit, even before the
   * first count). `computedAt` is then the state's read time.
   */
  async ready(withPending = false): Promise<{ computedAt: Date; backlog: number } | null> {
    let state = await rollupState(this.dataSource);
    const stale =
      state.computedAt === null ||
      (state.oldestPending !== null &&
        (this.maxAgeMs === 0 ||
          state.now.getTime() - state.oldestPending.getTime() > this.maxAgeMs));
    if (stale && withPending) {
      // The pending changes are read with the cells: a count due changes nothing in the answer,
      // so it runs behind rather than before it.
      this.countInBackground(false);
      return state.backlog > ROLLUP_BACKLOG_LIMIT
        ? null
        : { computedAt: state.now, backlog: state.backlog };
    }
    if (stale) {
      if (state.backlog > ROLLUP_BACKLOG_LIMIT) {
        this.countInBackground(false);
        return null;
      }
      await this.catchUp();
      state = await rollupState(this.dataSource);
      if (state.computedAt === null) return null;
    }
    // Nothing pending: complete as of now. Else as of the later of the last count and the first
    // pending change's start (a change counted later committed after both).
    const computedAt =
      state.oldestPending === null
        ? state.now
        : new Date(Math.max(state.computedAt!.getTime(), state.oldestPending.getTime()));
    return { computedAt, backlog: state.backlog };
  }
}
