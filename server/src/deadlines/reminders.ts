import { REMINDER_OFFSETS } from '@haven/shared';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { transaction } from '../database/transaction.js';

/** One lock for the reminder job across every Haven instance on the database. */
const REMINDER_LOCK = 7_271_003;

/**
 * Creates a reminder task for the case's caseworker N days before each open deadline (per kind:
 * 7 and 2 days for appeals). Exactly once per deadline and offset, even with several instances:
 * each reminder has a unique source key, and the run holds a transaction-scoped advisory lock so
 * that only one instance does the work at a time. A run that was missed catches up with the most
 * urgent reminder only (a deadline due tomorrow gets its "2 days" task, not also the "7 days" one).
 */
export async function runReminders(
  dataSource: DataSource,
): Promise<{ ran: boolean; created: number }> {
  const kinds: string[] = [];
  const days: number[] = [];
  for (const [kind, offsets] of Object.entries(REMINDER_OFFSETS)) {
    for (const offset of offsets) {
      kinds.push(kind);
      days.push(offset);
    }
  }
  return transaction(dataSource, async (manager) => {
    const [{ locked }] = await manager.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock($1) AS locked',
      [REMINDER_LOCK],
    );
    if (!locked) return { ran: false, created: 0 };
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO task (case_id, team_id, title, description, status, priority, assignee_id, due_on, system, source_key)
       SELECT due.case_id, due.team_id,
              left(CASE WHEN due.days = 0 THEN 'Today: ' ELSE 'In ' || due.days || ' days: ' END || due.title, 200),
              'Reminder for the ' || replace(due.kind, '_', ' ') || ' deadline of case ' || due.reference || ' due ' || to_char(due.due_on, 'DD Mon YYYY') || '.',
              'open', CASE WHEN due.days <= 2 THEN 'urgent'::task_priority ELSE 'high'::task_priority END,
              due.assigned_to_id, due.due_on, true, 'reminder:' || due.id || ':' || due.days
         FROM (
           SELECT DISTINCT ON (d.id) d.id, d.case_id, d.title, d.kind::text AS kind, d.due_on, o.days,
                  c.team_id, c.assigned_to_id, c.reference
             FROM deadline d
             JOIN legal_case c ON c.id = d.case_id
             JOIN unnest($1::text[], $2::int[]) AS o(kind, days) ON o.kind = d.kind::text
            WHERE d.status = 'open' AND c.stage <> 'closed'
              AND d.due_on >= current_date AND d.due_on - o.days <= current_date
            ORDER BY d.id, o.days
         ) due
       ON CONFLICT ON CONSTRAINT task_source_key_key DO NOTHING
       RETURNING id`,
      [kinds, days],
    );
    if (rows.length) {
      await new AuditService(dataSource).record(manager, null, {
        action: 'create',
        entityType: 'task',
        summary: `created ${rows.length} deadline reminder task(s)`,
        details: { system: true, count: rows.length },
      });
    }
    return { ran: true, created: rows.length };
  });
}
