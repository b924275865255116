import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in a transaction on a connection of its own and commits, or rolls back when the work
 * or the COMMIT fails; either way the connection goes back to the pool outside any transaction.
 * Audit events are written in it as ordinary statements (AuditService.record): their insert takes
 * no lock that others wait for, the chain is linked afterwards by the sealer (audit/audit-sealer.ts).
 */
export async function transaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  // Whether a ROLLBACK may be needed: from BEGIN until the COMMIT has answered.
  let open = false;
  try {
    open = true;
    await runner.startTransaction();
    const result = await work(runner.manager);
    await runner.commitTransaction();
    open = false;
    return result;
  } catch (error) {
    // After a failed COMMIT PostgreSQL has already ended the transaction; the ROLLBACK is then a
    // harmless no-op that makes sure of it.
    if (open) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
