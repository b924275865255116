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
): Promise<{ ran: boolean; rechecks: number; fixedDates: number; rederived: number }> {
  return transaction(dataSource, async (manager) => {
    const lock = await first(
      manager,
      db.selectNoFrom(sql<boolean>`pg_try_advisory_xact_lock(${RULE_JOB_LOCK})`.as('locked')),
    );
    if (!lock?.locked) return { ran: false, rechecks: 0, fixedDates: 0, rederived: 0 };
    const rechecks = await recheckChangedRules(manager);
    const fixedDates = await addFixedDateDeadlines(manager);
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

async function recheckChangedRules(manager: EntityManager): Promise<number> {
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
  const created = await insertSystemTasks(
    manager,
    db
      .selectFrom(stale.as('s'))
      .select([
        's.case_id',
        's.team_id',
        sql<string>`left('Rule changed — recheck the deadline ' || s.rule_id || ' of case ' || s.reference, 200)`.as(
          'title',
        ),
        sql<string>`'The rule ' || s.rule_id || ' has a new version (' || s.version || ') for this trigger date: compare the deadline due ' || to_char(s.due_on, 'DD Mon YYYY') || ' with the new computation and correct it.'`.as(
          'description',
        ),
        sql<'open'>`'open'`.as('status'),
        sql<'urgent'>`'urgent'::task_priority`.as('priority'),
        's.assigned_to_id',
        sql<Date>`LEAST(s.due_on, current_date + 1)`.as('due_on'),
        sql<boolean>`true`.as('system'),
        sql<string>`'recheck:' || s.id || ':' || s.version`.as('source_key'),
      ]),
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

async function addFixedDateDeadlines(manager: EntityManager): Promise<number> {
  let added = 0;
  for (const rule of fixedDateRules()) {
    const jurisdictions = rule.jurisdiction === 'EU' ? [...EU_MEMBERS] : [rule.jurisdiction];
    const nationalities = [...(rule.appliesTo?.nationalities ?? [])];
    const trigger = fixedTrigger(rule);
    const { dueOn, explanation } = computeDeadline(rule, trigger);
    const inserted = await rows(
      manager,
      db
        .insertInto('deadline')
        .columns([
          'case_id',
          'kind',
          'title',
          'due_on',
          'rule_id',
          'rule_version',
          'trigger_date',
          'explanation_code',
          'explanation_params',
          'source',
          'status',
        ])
        .expression(
          db
            .selectFrom('legal_case as c')
            .innerJoin('client as cl', 'cl.id', 'c.client_id')
            .select((eb) => [
              'c.id',
              eb.val(rule.kind).as('kind'),
              eb.val(rule.description.slice(0, 200)).as('title'),
              eb.cast<Date>(eb.val(dueOn), 'date').as('due_on'),
              eb.val(rule.id).as('rule_id'),
              eb.val(rule.version).as('rule_version'),
              eb.cast<Date>(eb.val(trigger), 'date').as('trigger_date'),
              eb.val(explanation.code).as('explanation_code'),
              eb
                .cast<string>(eb.val(JSON.stringify(explanation.params)), 'jsonb')
                .as('explanation_params'),
              sql<'rule'>`'rule'::deadline_source`.as('source'),
              sql<'open'>`'open'::deadline_status`.as('status'),
            ])
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
        )
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
