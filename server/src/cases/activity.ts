import { db, exec, type On } from '../database/sql.js';

/**
 * The one writer of `legal_case.last_activity_at` for work done on a case elsewhere (a note, a
 * task, a deadline, a merge): "inactive for 30 days" on the dashboards reads it, so every feature
 * that counts as activity must come through here, in the transaction of the change.
 */
export async function markCaseActivity(on: On, caseIds: string | readonly string[]): Promise<void> {
  const ids = typeof caseIds === 'string' ? [caseIds] : caseIds;
  if (ids.length === 0) return;
  await exec(
    on,
    db
      .updateTable('legal_case')
      .set((eb) => ({ last_activity_at: eb.fn<Date>('now') }))
      .where('id', '=', (eb) => eb.fn.any(eb.val([...ids]))),
    { core: true },
  );
}
