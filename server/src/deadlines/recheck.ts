import { randomUUID } from 'node:crypto';
import {
  DEADLINE_RULES,
  EU_MEMBERS,
  findRule,
  inForce,
  type DeadlineExplanation,
  type DeadlineRule,
} from '@haven/shared';
import { sql } from 'kysely';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { db, exec, first, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { computeDeadline } from './compute.js';
import { insertSystemTasks } from './reminders.js';
import { fixedTrigger } from './deadlines.service.js';
import { deadlineContext } from './deadline.entity.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';

/** One lock for the rule jobs across every Haven instance on the database. */
const RULE_JOB_LOCK = 7_271_004;

const today = () => new Date().toISOString().slice(0, 10);

/**
 * What a change of the rule catalogue means for the data, run at start-up and with the reminders:
 * - every open deadline computed under a version that is no longer the one in force for its trigger
 *   date (for a fixed-date rule: today) gets one "rule changed — recheck" task for its caseworker
 *   (or the team's queue), once per deadline and new version;
 * - every open temporary-protection case of a person a fixed-date rule names (the end of EU
 *   temporary protection) gets that rule's deadline, with its alert ladder as reminders;
 * - rows written before explanations were data get their parameters back where the rule still
 *   gives their date (the others keep their sentence).
 * Idempotent and single-instance: source keys and the unique (case, rule, trigger) key, under a
 * transaction-scoped advisory lock.
 */
export async function runRuleJobs(
  dataSource: DataSource,
  crypto: FieldEncryption,
): Promise<{ ran: boolean; rechecks: number; fixedDates: number; rederived: number }> {
  return transaction(dataSource, async (manager) => {
    const lock = await first(
      manager,
      db.selectNoFrom(sql<boolean>`pg_try_advisory_xact_lock(${RULE_JOB_LOCK})`.as('locked')),
    );
    if (!lock?.locked) return { ran: false, rechecks: 0, fixedDates: 0, rederived: 0 };
    const rechecks = await recheckChangedRules(manager, crypto);
    const fixedDates = await addFixedDateDeadlines(manager, crypto);
    const rederived = await rederiveLegacy(manager);
    if (rechecks + fixedDates > 0)
      await new AuditService(dataSource).record(manager, null, {
        action: 'create',
        entityType: 'deadline',
        summary: `rule jobs: ${rechecks} recheck task(s), ${fixedDates} fixed-date deadline(s)`,
        details: { system: true, rechecks, fixedDates },
      });
    return { ran: true, rechecks, fixedDates, rederived };
  });
}

/** The catalogue's versions as a relation `v(rule_id, version, eff_from, eff_to, fixed)`. */
function versionsRelation() {
  const ids = DEADLINE_RULES.map((rule) => rule.id);
  const versions = DEADLINE_RULES.map((rule) => rule.version);
  const from = DEADLINE_RULES.map((rule) => rule.effectiveFrom ?? '-infinity');
  const to = DEADLINE_RULES.map((rule) => rule.effectiveTo ?? 'infinity');
  const fixed = DEADLINE_RULES.map((rule) => rule.triggerEvent === 'fixed_date');
  return sql<{
    rule_id: string;
    version: number;
    eff_from: Date;
    eff_to: Date;
    fixed: boolean;
  }>`unnest(${ids}::text[], ${versions}::int[], ${from}::date[], ${to}::date[], ${fixed}::bool[])`.as<'v'>(
    sql`v(rule_id, version, eff_from, eff_to, fixed)`,
  );
}

async function recheckChangedRules(
  manager: EntityManager,
  crypto: FieldEncryption,
): Promise<number> {
  const stale = db
    .selectFrom('deadline as d')
    .innerJoin('legal_case as c', 'c.id', 'd.case_id')
    .innerJoin(versionsRelation(), (join) =>
      join
        .onRef('v.rule_id', '=', 'd.rule_id')
        .on(
          sql<boolean>`(CASE WHEN v.fixed THEN current_date ELSE d.trigger_date END) BETWEEN v.eff_from AND v.eff_to`,
        ),
    )
    .select([
      'd.id',
      'd.case_id',
      'd.rule_id',
      'd.due_on',
      'v.version',
      'c.team_id',
      'c.assigned_to_id',
      'c.reference',
    ])
    .where('d.status', '=', sql.lit('open'))
    .where('c.stage', '<>', sql.lit('closed'))
    .where('d.rule_id', 'is not', null)
    .where((eb) => eb('d.rule_version', 'is distinct from', eb.ref('v.version')));
  // Only the rechecks not asked for yet (the source key's unique index answers that).
  const pending = await rows(
    manager,
    db
      .selectFrom(stale.as('s'))
      .select([
        's.id',
        's.case_id',
        's.team_id',
        's.rule_id',
        's.version',
        's.reference',
        's.assigned_to_id',
        sql<string>`to_char(s.due_on, 'DD Mon YYYY')`.as('due_text'),
        sql<string>`s.due_on::text`.as('original_due_on'),
        sql<string>`LEAST(s.due_on, current_date + 1)::text`.as('due_on'),
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
                sql<string>`'recheck:' || ${eb.ref('s.id')} || ':' || ${eb.ref('s.version')}`,
              ),
          ),
        ),
      ),
  );
  const created = await insertSystemTasks(
    manager,
    crypto,
    pending.map((row) => ({
      caseId: row.case_id,
      teamId: row.team_id,
      title: `Rule changed — recheck the deadline ${row.rule_id} of case ${row.reference}`,
      titleCode: 'recheck' as const,
      titleParams: {
        rule: row.rule_id,
        version: row.version,
        dueOn: row.original_due_on,
        reference: row.reference,
      },
      description: `The rule ${row.rule_id} has a new version (${row.version}) for this trigger date: compare the deadline due ${row.due_text} with the new computation and correct it.`,
      priority: 'urgent',
      assigneeId: row.assigned_to_id,
      dueOn: row.due_on,
      sourceKey: `recheck:${row.id}:${row.version}`,
    })),
  );
  return created.length;
}

/** The fixed-date rules in force today that name whom they are for. */
function fixedDateRules(): DeadlineRule[] {
  const day = today();
  return DEADLINE_RULES.filter(
    (rule) => rule.triggerEvent === 'fixed_date' && rule.fixedDate && inForce(rule, day),
  );
}

/** Rows per INSERT of fixed-date deadlines (12 parameters each). */
const INSERT_BATCH = 1000;

/**
 * The cases each fixed-date rule names get its deadline: the cases are found in one query, then
 * inserted in batches, each deadline with an id chosen here and its title encrypted under it.
 */
async function addFixedDateDeadlines(
  manager: EntityManager,
  crypto: FieldEncryption,
): Promise<number> {
  let added = 0;
  for (const rule of fixedDateRules()) {
    const jurisdictions = rule.jurisdiction === 'EU' ? [...EU_MEMBERS] : [rule.jurisdiction];
    const nationalities = [...(rule.appliesTo?.nationalities ?? [])];
    const trigger = fixedTrigger(rule);
    const { dueOn, explanation } = computeDeadline(rule, trigger);
    const cases = await rows(
      manager,
      db
        .selectFrom('legal_case as c')
        .innerJoin('client as cl', 'cl.id', 'c.client_id')
        .select('c.id')
        .where('c.stage', '<>', sql.lit('closed'))
        .where((eb) =>
          eb.or([
            eb('c.case_type', '=', sql.lit('temporary_protection')),
            eb('c.outcome', '=', sql.lit('temporary_protection')),
          ]),
        )
        .where('c.jurisdiction', '=', (eb) => eb.fn.any(eb.val(jurisdictions)))
        // Once per case and version, whatever became of it: a waived one stays waived.
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('deadline as e')
                .select(sql.lit(1).as('one'))
                .whereRef('e.case_id', '=', 'c.id')
                .where('e.rule_id', '=', rule.id)
                .where('e.rule_version', '=', rule.version),
            ),
          ),
        )
        .where('cl.nationality', '=', (eb) => eb.fn.any(eb.val(nationalities)))
        .where('cl.merged_into_id', 'is', null),
    );
    const title = rule.description.slice(0, 200);
    for (let start = 0; start < cases.length; start += INSERT_BATCH) {
      const values = cases.slice(start, start + INSERT_BATCH).map((c) => {
        const id = randomUUID();
        return {
          id,
          case_id: c.id,
          kind: rule.kind,
          title: crypto.encrypt(title, deadlineContext(id))!,
          due_on: dueOn,
          rule_id: rule.id,
          rule_version: rule.version,
          trigger_date: trigger,
          explanation_code: explanation.code,
          explanation_params: JSON.stringify(explanation.params),
          source: 'rule' as const,
          status: 'open' as const,
        };
      });
      const inserted = await rows(
        manager,
        db
          .insertInto('deadline')
          .values(values)
          .onConflict((oc) =>
            oc
              .columns(['case_id', 'rule_id', 'trigger_date'])
              .where('rule_id', 'is not', null)
              .where('status', '=', sql.lit('open'))
              .doNothing(),
          )
          .returning('id'),
      );
      added += inserted.length;
    }
  }
  return added;
}

/**
 * Rule rows migrated with their English sentence: where the version they name still computes their
 * date from their trigger, the sentence becomes parameters (rendered in the reader's language).
 */
async function rederiveLegacy(manager: EntityManager): Promise<number> {
  const legacy = await rows(
    manager,
    db
      .selectFrom('deadline')
      .select((eb) => [
        'id',
        'rule_id',
        'rule_version',
        eb.cast<string>('trigger_date', 'text').as('trigger'),
        eb.cast<string>('due_on', 'text').as('due'),
      ])
      .where('explanation_code', '=', sql.lit('deadline.legacy'))
      .where('rule_id', 'is not', null)
      .where('trigger_date', 'is not', null)
      .limit(sql.lit(5000)),
  );
  const ids: string[] = [];
  const params: string[] = [];
  const codes: DeadlineExplanation['code'][] = [];
  for (const row of legacy) {
    const rule = findRule(row.rule_id!, row.rule_version ?? undefined);
    if (!rule) continue;
    const computed = computeDeadline(rule, row.trigger);
    if (computed.dueOn !== row.due) continue;
    ids.push(row.id);
    codes.push(computed.explanation.code);
    params.push(JSON.stringify(computed.explanation.params));
  }
  if (ids.length === 0) return 0;
  await exec(
    manager,
    sql`UPDATE deadline AS d SET explanation_code = u.code, explanation_params = u.params::jsonb
          FROM unnest(${ids}::uuid[], ${codes}::text[], ${params}::text[]) AS u(id, code, params)
         WHERE d.id = u.id`,
  );
  return ids.length;
}
