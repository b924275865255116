import type { RetentionCase, RetentionClient, RetentionPlan } from '@haven/shared';
import { sql, type RawBuilder } from 'kysely';
import { ACTIVE_HOLD } from './legal-hold.js';

/**
 * Where each case of `legal_case c` stands for retention, as the columns of a SELECT over `c`
 * joined with its policy `p` (POLICY_JOIN): the last day it is kept, and its state.
 *
 * The policy is the most specific row covering the case (jurisdiction and case type, then
 * jurisdiction, then case type, then the default). Kept for `years` after it closed, or after the
 * end of the year it closed in (`from_year_end`): due once closedOn + years ≤ today.
 */
const RETAINED_UNTIL = `CASE WHEN c.closed_on IS NULL OR p.years IS NULL THEN NULL ELSE
  ((CASE WHEN p.from_year_end THEN (date_trunc('year', c.closed_on) + interval '1 year')::date ELSE c.closed_on END)
    + make_interval(years => p.years::int) - interval '1 day')::date END`;

const STATE = `CASE
  WHEN c.stage <> 'closed' OR c.closed_on IS NULL THEN 'open'
  WHEN p.years IS NULL THEN 'no_policy'
  WHEN (${RETAINED_UNTIL}) >= current_date THEN 'retained'
  WHEN ${ACTIVE_HOLD('c')} THEN 'held'
  ELSE 'due' END`;

const POLICY_JOIN = `LEFT JOIN LATERAL (
    SELECT rp.years, rp.from_year_end FROM retention_policy rp
     WHERE (rp.jurisdiction = c.jurisdiction OR rp.jurisdiction IS NULL)
       AND (rp.case_type = c.case_type OR rp.case_type IS NULL)
     ORDER BY rp.jurisdiction IS NULL, rp.case_type IS NULL LIMIT 1) p ON true`;

const CASE_COLUMNS = `c.id, c.client_id, c.reference, c.jurisdiction, c.case_type,
  c.closed_on::text AS closed_on, (${RETAINED_UNTIL})::text AS retained_until, ${STATE} AS state`;

const caseJson = (alias: string) =>
  `jsonb_build_object('id', ${alias}.id, 'reference', ${alias}.reference, 'jurisdiction', ${alias}.jurisdiction,
     'caseType', ${alias}.case_type, 'closedOn', ${alias}.closed_on, 'retainedUntil', ${alias}.retained_until,
     'state', ${alias}.state)`;

/**
 * The retention plan in one statement: the closed cases past retention (the partial index on
 * `closed_on` finds the closed ones at least a year old, the shortest policy), of clients not yet
 * anonymised, with their state (`due`, or `held`); the clients of the due ones with every case of
 * theirs and its state — the client goes when all are due, else stays, its other cases saying why.
 * `caseIds`: only those cases are candidates (an application); null: every case.
 */
export function retentionPlanStatement(caseIds: string[] | null): RawBuilder<{ plan: PlanJson }> {
  const only = caseIds ? sql`AND c.id = ANY(${caseIds}::uuid[])` : sql``;
  return sql<{ plan: PlanJson }>`
    WITH candidate AS (
      SELECT ${sql.raw(CASE_COLUMNS)}
        FROM legal_case c
        JOIN client cl ON cl.id = c.client_id AND cl.anonymised_at IS NULL
        ${sql.raw(POLICY_JOIN)}
       WHERE c.closed_on IS NOT NULL AND c.closed_on <= current_date - interval '1 year'
         AND c.stage = 'closed' ${only}
    ),
    hit AS (SELECT * FROM candidate WHERE state IN ('due', 'held')),
    due_client AS (SELECT DISTINCT client_id FROM hit WHERE state = 'due'),
    client_case AS (
      SELECT ${sql.raw(CASE_COLUMNS)}
        FROM legal_case c ${sql.raw(POLICY_JOIN)}
       WHERE c.client_id IN (SELECT client_id FROM due_client)
    ),
    per_client AS (
      SELECT cl.id, cl.reference, cl.given_name, cl.family_name,
             bool_and(cc.state = 'due') AS goes,
             jsonb_agg(${sql.raw(caseJson('cc'))} ORDER BY cc.reference) AS cases
        FROM client cl JOIN client_case cc ON cc.client_id = cl.id
       GROUP BY cl.id
    )
    SELECT jsonb_build_object(
      'asOf', current_date::text,
      'clients', coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'reference', reference,
          'givenName', given_name, 'familyName', family_name, 'goes', goes, 'cases', cases)
          ORDER BY reference) FROM per_client), '[]'::jsonb),
      'held', coalesce((SELECT jsonb_agg(${sql.raw(caseJson('h'))} ORDER BY h.reference)
          FROM hit h WHERE h.state = 'held'), '[]'::jsonb)
    ) AS plan`;
}

interface PlanJson {
  asOf: string;
  clients: RetentionClient[];
  held: RetentionCase[];
}

/** The statement's answer as the API gives it. */
export function toPlan(json: PlanJson): RetentionPlan {
  const going = json.clients.filter((client) => client.goes);
  const staying = json.clients.filter((client) => !client.goes);
  return {
    asOf: json.asOf,
    going,
    staying,
    held: json.held,
    counts: {
      cases: going.reduce((sum, client) => sum + client.cases.length, 0),
      clients: going.length,
      staying: staying.length,
      held: json.held.length,
    },
  };
}

/** The due cases of a plan (of going and staying clients alike): what an application may name. */
export function dueCaseIds(plan: RetentionPlan): Set<string> {
  const ids = new Set<string>();
  for (const client of [...plan.going, ...plan.staying])
    for (const item of client.cases) if (item.state === 'due') ids.add(item.id);
  return ids;
}
