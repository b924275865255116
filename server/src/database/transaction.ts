import { escapeLiteral } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** What a transaction's work left to be sent with its COMMIT, by the transaction's query runner. */
const atCommit = new WeakMap<QueryRunner, string[]>();

/**
 * Runs `work` in a transaction, as `DataSource.transaction` does, except that statements the work
 * handed to `sendWithCommit` travel with the COMMIT, in one round trip. The audit trail's events are
 * such statements: each takes the chain's lock until the transaction ends, and sent on their own
 * they held it while their answer went back to Node and Node, busy with other requests, came round
 * to sending COMMIT — every other audited write waited that long (under 16 concurrent intakes, 95 %
 * of the database's active time was waiting for that lock). Sent with the COMMIT, the lock is held
 * for the insert and the commit alone.
 */
export async function transaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const pending: string[] = [];
  atCommit.set(runner, pending);
  try {
    await runner.startTransaction();
    const result = await work(runner.manager);
    if (pending.length === 0) {
      await runner.commitTransaction();
    } else {
      // One simple-protocol query: should a statement fail, PostgreSQL skips the rest, COMMIT
      // included, and the transaction is rolled back below.
      await runner.query(`${pending.join(';\n')};\nCOMMIT`);
      // What commitTransaction would have noted (the runner is released below, never reused).
      (runner as { -readonly [K in 'isTransactionActive']: QueryRunner[K] }).isTransactionActive = false;
    }
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/**
 * Hands a statement to the COMMIT of the `transaction` that `manager` belongs to, to run last, in
 * the order handed. Returns false, having done nothing, when `manager` belongs to no such
 * transaction: the caller then runs the statement itself. The statement is text without
 * parameters: its values are written in it as `literal`s.
 */
export function sendWithCommit(manager: EntityManager, statement: string): boolean {
  const pending = manager.queryRunner ? atCommit.get(manager.queryRunner) : undefined;
  if (!pending || !manager.queryRunner?.isTransactionActive) return false;
  pending.push(statement);
  return true;
}

/** A value as an SQL literal (pg's quoting, which also handles backslashes); null as NULL. */
export function literal(value: string | number | boolean | null): string {
  return value === null ? 'NULL' : escapeLiteral(String(value));
}
