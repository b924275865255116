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
export async function transaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
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
      // included, and the transaction is rolled back below. Each statement ends on a line of its
      // own, so that no trailing comment can swallow the COMMIT.
      await runner.query(`${pending.join('\n;\n')}\n;\nCOMMIT`);
      const connection = (await runner.connect()) as { getTransactionStatus(): string };
      if (connection.getTransactionStatus() !== 'I')
        throw new Error(
          'transaction: the COMMIT sent with its statements did not end the transaction',
        );
      // What commitTransaction would have noted (the runner is released below, never reused; no
      // subscriber is registered, so none misses the commit events).
      Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
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
 * transaction or is inside a savepoint of it: the caller then runs the statement itself. The
 * statement is text without parameters: its values are written in it as `literal`s (a function
 * returning it is called only when it is taken, so a caller running it itself quotes nothing).
 */
export function sendWithCommit(
  manager: EntityManager,
  statement: string | (() => string),
): boolean {
  const runner = manager.queryRunner;
  const pending = runner ? atCommit.get(runner) : undefined;
  // Not inside a savepoint (a nested `manager.transaction`): its rollback must undo the statement.
  if (
    !pending ||
    !runner?.isTransactionActive ||
    (runner as unknown as { transactionDepth: number }).transactionDepth !== 1
  )
    return false;
  pending.push(typeof statement === 'function' ? statement() : statement);
  return true;
}

/**
 * A value as an SQL literal (pg's quoting, which also handles backslashes); null as NULL. Quoted for
 * UTF-8, which node-postgres sets as the client encoding of every session it opens.
 */
export function literal(value: string | number | boolean | null): string {
  return value === null ? 'NULL' : escapeLiteral(String(value));
}
