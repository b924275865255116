import { DEADLINE_RULES, REMINDER_OFFSETS } from '@haven/shared';
import { sql, type Expression } from 'kysely';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { db, first, rows } from '../database/sql.js';
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
  // A rule's own alert ladder (the end of temporary protection: 180, 90, 30 and 7 days ahead).
  for (const rule of DEADLINE_RULES)
    for (const offset of rule.alertDaysBefore ?? []) {
      kinds.push(`rule:${rule.id}`);
      days.push(offset);
    }
  return transaction(dataSource, async (manager) => {
    const lock = await first(
      manager,
      db.selectNoFrom(sql<boolean>`pg_try_advisory_xact_lock(${REMINDER_LOCK})`.as('locked')),
    );
    if (!lock?.locked) return { ran: false, created: 0 };
    // The offsets per kind, as a table: o(kind, days).
    const offsets = sql<{
      kind: string;
      days: number;
    }>`unnest(${kinds}::text[], ${days}::int[])`.as<'o'>(sql`o(kind, days)`);
    // Per open deadline of an open case, the smallest offset it is already within.
    const due = db
      .selectFrom('deadline as d')
      .innerJoin('legal_case as c', 'c.id', 'd.case_id')
      .innerJoin(offsets, (join) =>
        join.on((eb) =>
          eb.or([
            eb('o.kind', '=', eb.cast<string>('d.kind', 'text')),
            eb('o.kind', '=', sql<string>`'rule:' || ${eb.ref('d.rule_id')}`),
          ]),
        ),
      )
      .distinctOn('d.id')
      .select((eb) => [
        'd.id',
        'd.case_id',
        'd.title',
        eb.cast<string>('d.kind', 'text').as('kind'),
        'd.due_on',
        'o.days',
        'c.team_id',
        'c.assigned_to_id',
        'c.reference',
      ])
      .where('d.status', '=', sql.lit('open'))
      .where('c.stage', '<>', sql.lit('closed'))
      .where('d.due_on', '>=', sql<Date>`current_date`)
      .where((eb) => eb(sql`${eb.ref('d.due_on')} - ${eb.ref('o.days')}`, '<=', sql`current_date`))
      .orderBy('d.id')
      .orderBy('o.days');
    const created = await insertSystemTasks(
      manager,
      db
        .selectFrom(due.as('due'))
        .select([
          'due.case_id',
          'due.team_id',
          sql<string>`left(CASE WHEN due.days = 0 THEN 'Today: ' ELSE 'In ' || due.days || ' days: ' END || due.title, 200)`.as(
            'title',
          ),
          sql<string>`'Reminder for the ' || replace(due.kind, '_', ' ') || ' deadline of case ' || due.reference || ' due ' || to_char(due.due_on, 'DD Mon YYYY') || '.'`.as(
            'description',
          ),
          sql<'open'>`'open'`.as('status'),
          sql<
            'urgent' | 'high'
          >`CASE WHEN due.days <= 2 THEN 'urgent'::task_priority ELSE 'high'::task_priority END`.as(
            'priority',
          ),
          'due.assigned_to_id',
          'due.due_on',
          sql<boolean>`true`.as('system'),
          sql<string>`'reminder:' || due.id || ':' || due.days`.as('source_key'),
        ]),
    );
    if (created.length) {
      await new AuditService(dataSource).record(manager, null, {
        action: 'create',
        entityType: 'task',
        summary: `created ${created.length} deadline reminder task(s)`,
        details: { system: true, count: created.length },
      });
    }
    return { ran: true, created: created.length };
  });
}

/**
 * Inserts the tasks a system job makes (reminders, rule rechecks) from a query giving, in this
 * order: case, team, title, description, status, priority, assignee, due date, `system` (true) and a
 * source key — each task once: a key already there is skipped. Returns the tasks inserted.
 */
export function insertSystemTasks(
  manager: EntityManager,
  tasks: Expression<unknown>,
): Promise<{ id: string }[]> {
  return rows(
    manager,
    db
      .insertInto('task')
      .columns([
        'case_id',
        'team_id',
        'title',
        'description',
        'status',
        'priority',
        'assignee_id',
        'due_on',
        'system',
        'source_key',
      ])
      .expression(tasks)
      .onConflict((conflict) => conflict.constraint('task_source_key_key').doNothing())
      .returning('id'),
  );
}
