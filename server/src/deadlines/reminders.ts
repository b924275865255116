import { randomUUID } from 'node:crypto';
import {
  DEADLINE_RULES,
  REMINDER_OFFSETS,
  type Priority,
  type SystemTaskCode,
  type SystemTaskParams,
} from '@haven/shared';
import { sql } from 'kysely';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { db, first, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';
import { taskContext } from '../tasks/task.entity.js';
import { deadlineContext } from './deadline.entity.js';

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
  crypto: FieldEncryption,
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
    // Only the reminders not made yet come back (the source key's unique index answers that): their
    // titles are written here, from the deadline's decrypted title, and encrypted under the task's id.
    const pending = await rows(
      manager,
      db
        .selectFrom(due.as('due'))
        .select((eb) => [
          'due.id',
          'due.case_id',
          'due.team_id',
          'due.title',
          'due.kind',
          'due.reference',
          'due.days',
          'due.assigned_to_id',
          eb.cast<string>('due.due_on', 'text').as('due_on'),
          sql<string>`to_char(due.due_on, 'DD Mon YYYY')`.as('due_text'),
        ])
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('task as t')
                .select(sql.lit(1).as('one'))
                .where(
                  't.source_key',
                  '=',
                  sql<string>`'reminder:' || ${eb.ref('due.id')} || ':' || ${eb.ref('due.days')}`,
                ),
            ),
          ),
        ),
    );
    const created = await insertSystemTasks(
      manager,
      crypto,
      pending.map((row) => {
        const deadline = crypto.decrypt(row.title, deadlineContext(row.id)) ?? '';
        return {
          caseId: row.case_id,
          teamId: row.team_id,
          title: `${row.days === 0 ? 'Today: ' : `In ${row.days} days: `}${deadline}`,
          titleCode: 'reminder' as const,
          titleParams: {
            days: row.days,
            deadline,
            kind: row.kind,
            dueOn: row.due_on,
            reference: row.reference,
          },
          description: `Reminder for the ${row.kind.replace(/_/g, ' ')} deadline of case ${row.reference} due ${row.due_text}.`,
          priority: row.days <= 2 ? 'urgent' : 'high',
          assigneeId: row.assigned_to_id,
          dueOn: row.due_on,
          sourceKey: `reminder:${row.id}:${row.days}`,
        };
      }),
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

/** A task a system job makes (a reminder, a rule recheck), its text in clear. */
export interface SystemTask {
  caseId: string;
  teamId: string;
  title: string;
  description: string;
  /** The title and description as a code and parameters (the client tells them in its language). */
  titleCode?: SystemTaskCode;
  titleParams?: SystemTaskParams;
  priority: Priority;
  assigneeId: string | null;
  dueOn: string;
  /** Identifies the task, so that it is made once. */
  sourceKey: string;
}

/** Rows per INSERT (13 parameters each, well under PostgreSQL's 65 535). */
const INSERT_BATCH = 1000;

/**
 * Inserts the tasks a system job makes, open and marked `system`, each once: a source key already
 * there is skipped. Each gets its id here, its title and description encrypted under it. Returns
 * the tasks inserted.
 */
export async function insertSystemTasks(
  manager: EntityManager,
  crypto: FieldEncryption,
  tasks: readonly SystemTask[],
): Promise<{ id: string }[]> {
  const inserted: { id: string }[] = [];
  for (let start = 0; start < tasks.length; start += INSERT_BATCH) {
    const values = tasks.slice(start, start + INSERT_BATCH).map((task) => {
      const id = randomUUID();
      return {
        id,
        case_id: task.caseId,
        team_id: task.teamId,
        title: crypto.encrypt(task.title.slice(0, 200), taskContext('title', id))!,
        description: crypto.encrypt(task.description, taskContext('description', id)),
        title_code: task.titleCode ?? null,
        title_params: task.titleParams
          ? crypto.encrypt(JSON.stringify(task.titleParams), taskContext('titleParams', id))
          : null,
        status: 'open' as const,
        priority: task.priority,
        assignee_id: task.assigneeId,
        due_on: task.dueOn,
        system: true,
        source_key: task.sourceKey,
      };
    });
    inserted.push(
      ...(await rows(
        manager,
        db
          .insertInto('task')
          .values(values)
          .onConflict((conflict) => conflict.constraint('task_source_key_key').doNothing())
          .returning('id'),
      )),
    );
  }
  return inserted;
}
