import {
  RECOGNISED_OUTCOMES,
  REJECTED_OUTCOMES,
  type StatDimension,
  type StatPeriodBy,
  type StatUnit,
} from '@haven/shared';
import { sql, type RawBuilder } from 'kysely';
import { CONSENTED } from './microdata.js';

/**
 * SQL for the anonymised statistics. Never a name, id, reference, date of birth, contact, city or
 * free-text field: only the expressions below leave the database.
 */

/** `alias.column`, quoted: the expressions below read a case and its client under any alias. */
const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/**
 * Age at opening in bands. "Under N years old on the opening day" is "born after the opening day
 * minus N years": the same as age()'s whole years, at a fraction of the cost over every case.
 */
export function ageBandOver(
  c: string,
  cl: string,
  born: RawBuilder<unknown> = sql`${col(cl, 'date_of_birth')}`,
): RawBuilder<string> {
  const opened = col(c, 'opened_on');
  return sql<string>`CASE
  WHEN ${born} IS NULL THEN 'unknown'
  WHEN ${born} > ${opened} - interval '5 years' THEN '0-4'
  WHEN ${born} > ${opened} - interval '12 years' THEN '5-11'
  WHEN ${born} > ${opened} - interval '18 years' THEN '12-17'
  WHEN ${born} > ${opened} - interval '60 years' THEN '18-59'
  ELSE '60+' END`;
}

export const AGE_BAND_SQL = ageBandOver('c', 'cl');

/**
 * Each dimension as an SQL expression over a case (`c`), its client (`cl`) and team `t`; missing
 * values get a category, so NULL always means "total". `ground` is multi-response: it comes from
 * the grounds unnested (`g.ground`, `unnestGrounds`), only in the grouping sets that show it. The
 * aliases are parameters so that the rollup (rollup.queries.ts) counts its change rows, which carry
 * a case's and its client's columns under the same names, with the very same expressions.
 */
export function dimensionsOver(c: string, cl: string): Record<StatDimension, RawBuilder<string>> {
  return {
    nationality: sql`${col(cl, 'nationality')}::text`,
    jurisdiction: sql`${col(c, 'jurisdiction')}::text`,
    caseType: sql`${col(c, 'case_type')}::text`,
    stage: sql`${col(c, 'stage')}::text`,
    outcome: sql`coalesce(${col(c, 'outcome')}::text, 'none')`,
    ground: sql`g.ground`,
    sex: sql`${col(cl, 'sex')}::text`,
    ageBand: ageBandOver(c, cl),
    openedMonth: sql`to_char(${col(c, 'opened_on')}, 'YYYY-MM')`,
    decidedMonth: sql`coalesce(to_char(${col(c, 'decision_served_on')}, 'YYYY-MM'), 'none')`,
    team: sql`t.name::text`,
  };
}

export const DIMENSION_SQL = dimensionsOver('c', 'cl');

/** A case's grounds as rows `g.ground` ('none' for a case without one). */
export const unnestGrounds = (c: string) =>
  sql`CROSS JOIN LATERAL unnest(CASE WHEN cardinality(${col(c, 'grounds')}) = 0 THEN ARRAY['none']::varchar[] ELSE ${col(c, 'grounds')} END) AS g(ground)`;

/** Fixed values as literals of the statement's text (they are the product's, never a caller's). */
const literals = (values: readonly string[]) => sql.join(values.map((value) => sql.lit(value)));

/** A case's outcome as the class a recognition rate counts: recognised, rejected or other. */
export const outcomeClassOver = (c: string) =>
  sql<string>`CASE WHEN ${col(c, 'outcome')} IN (${literals(RECOGNISED_OUTCOMES)}) THEN 'recognised'
                   WHEN ${col(c, 'outcome')} IN (${literals(REJECTED_OUTCOMES)}) THEN 'rejected' ELSE 'other' END`;

/**
 * An aggregate's row: `d0`… the dimensions' values, `grouping` which of them are totals (bit i from
 * the left: dimension i is a total), the records' count and the sum of their record keys, and the
 * same for the recognised and the rejected among them (the counts a recognition rate rests on).
 */
export type AggregateSqlRow = Record<`d${number}`, string | null> & {
  grouping: number;
  count: number;
  keysum: string;
  recognised: number;
  recognisedKeysum: string;
  rejected: number;
  rejectedKeysum: string;
};

export interface AggregateScope {
  /** First and last month, inclusive (`YYYY-MM`), or null for unbounded. */
  from: string | null;
  to: string | null;
  unit: StatUnit;
  periodBy: StatPeriodBy;
  /** Only clients whose current consent includes anonymised statistics. */
  consentOnly?: boolean;
}

/**
 * Counts by the dimensions with every margin and the total, each with the sum of its records' keys
 * (cell-key perturbation), straight from the cases. One grouping set per subset of the dimensions,
 * each counting its own records: `ground` unnested only where it is shown, so a case with two
 * grounds is in two ground cells but once in every total; `unit=persons` counts each client once
 * per cell (its own key). Key sums are exact (bigint) whatever the order of the rows. Its text
 * varies with the dimensions chosen: run it unnamed. The rollup answers the same for cases from
 * counts kept ahead (rollup.queries.ts, `rollupAggregateSql`).
 */
export function aggregateSql(
  dimensions: StatDimension[],
  scope: AggregateScope,
): RawBuilder<AggregateSqlRow> {
  const period = scope.periodBy === 'opened' ? sql`c.opened_on` : sql`c.decision_served_on`;
  const from = scope.from ? `${scope.from}-01` : null;
  const to = scope.to ? `${scope.to}-01` : null;
  const record = scope.unit === 'cases' ? sql`c.id` : sql`cl.id`;
  const key = scope.unit === 'cases' ? sql`c.stat_key` : sql`cl.stat_key`;
  const cls = outcomeClassOver('c');
  const where = sql`${period} IS NOT NULL
         AND (${from}::date IS NULL OR ${period} >= ${from}::date)
         AND (${to}::date IS NULL OR ${period} < (${to}::date + interval '1 month'))
         AND ${scope.consentOnly ? CONSENTED : sql`true`}`;
  const joins = sql`FROM legal_case c
        JOIN client cl ON cl.id = c.client_id
        ${dimensions.includes('team') ? sql`JOIN team t ON t.id = c.team_id` : sql``}`;
  if (scope.unit === 'cases') {
    // The cases counted once per finest cell (one hash lookup a row, parallel-safe).
    return cubeOverCells(dimensions, (unnestGround) => {
      const exprs = dimensions.map((d) =>
        d === 'ground' && !unnestGround ? sql`NULL::text` : DIMENSION_SQL[d],
      );
      return sql`SELECT ${sql.join(exprs.map((e, i) => sql`${e} AS ${sql.ref(`d${i}`)}`))},
               count(*) AS n, sum(c.stat_key::bigint) AS ks,
               count(*) FILTER (WHERE ${cls} = 'recognised') AS rec_n,
               sum(c.stat_key::bigint) FILTER (WHERE ${cls} = 'recognised') AS rec_ks,
               count(*) FILTER (WHERE ${cls} = 'rejected') AS rej_n,
               sum(c.stat_key::bigint) FILTER (WHERE ${cls} = 'rejected') AS rej_ks
          ${joins}
          ${unnestGround ? unnestGrounds('c') : sql``}
         WHERE ${where}
         GROUP BY ${sql.join(dimensions.map((_, i) => sql.lit(i + 1)))}`;
    });
  }
  const sets: RawBuilder<unknown>[] = [];
  const n = dimensions.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    // Bit (n − 1 − i) set: dimension i is a total in this set (as GROUPING() would number it).
    const shown = dimensions.map((_, i) => (mask & (1 << (n - 1 - i))) === 0);
    const exprs = dimensions.map((d, i) => (shown[i] ? DIMENSION_SQL[d] : null));
    const named = exprs.flatMap((e, i) => (e ? [sql`${e} AS ${sql.ref(`d${i}`)}`] : []));
    const refs = exprs.flatMap((e, i) => (e ? [sql.ref(`d${i}`)] : []));
    const unnest = dimensions.some((d, i) => d === 'ground' && shown[i])
      ? unnestGrounds('c')
      : sql``;
    // The records of this set's cells: one row per record and cell (persons: per client and cell,
    // with the outcome classes they have in it).
    const records = sql`SELECT DISTINCT ${sql.join([...named, sql`${record} AS rid`, sql`${key} AS rkey`, sql`${cls} AS cls`])}
        ${joins}
        ${unnest}
       WHERE ${where}`;
    const select = dimensions.map((_, i) =>
      shown[i] ? sql.ref(`d${i}`) : sql`NULL::text AS ${sql.ref(`d${i}`)}`,
    );
    const group = refs.length ? sql`GROUP BY ${sql.join(refs)}` : sql``;
    // Counts over distinct records: a person with a recognised and a rejected case in a cell is
    // one person of the cell, one of its recognised and one of its rejected.
    sets.push(sql`SELECT ${sql.join([...select, sql`${sql.lit(mask)}::int AS grouping`])},
        count(DISTINCT rid)::int AS count,
        coalesce(sum(rkey) FILTER (WHERE first_of_record), 0)::text AS keysum,
        count(DISTINCT rid) FILTER (WHERE cls = 'recognised')::int AS recognised,
        coalesce(sum(rkey) FILTER (WHERE cls = 'recognised'), 0)::text AS "recognisedKeysum",
        count(DISTINCT rid) FILTER (WHERE cls = 'rejected')::int AS rejected,
        coalesce(sum(rkey) FILTER (WHERE cls = 'rejected'), 0)::text AS "rejectedKeysum"
      FROM (SELECT r.*, row_number() OVER (PARTITION BY ${sql.join([...refs, sql.ref('rid')])} ORDER BY cls) = 1 AS first_of_record
              FROM (${records}) r) AS records
      ${group}`);
  }
  return sql<AggregateSqlRow>`${sql.join(sets, sql` UNION ALL `)}`;
}

/**
 * `unit=cases`: each case is one record of each cell, so counts and key sums add up. In two steps:
 * `cells` gives the finest cells (`d0`…, `n`, `ks`, `rec_n`, `rec_ks`, `rej_n`, `rej_ks`: counted
 * from the cases, or summed from the rollup), then CUBE sums those few cells into the margins. With
 * `ground` shown, the sets that show it sum the cells of the grounds unnested (`cells(true)`), and
 * the sets that do not sum the cells of the cases as they are (`cells(false)`, ground NULL) — a
 * case with two grounds is in two ground cells and once in every total.
 */
export function cubeOverCells(
  dimensions: StatDimension[],
  cells: (unnestGround: boolean) => RawBuilder<unknown>,
): RawBuilder<AggregateSqlRow> {
  const n = dimensions.length;
  const groundAt = dimensions.indexOf('ground');
  const cube = (unnestGround: boolean) => {
    const refs = dimensions.map((_, i) => sql.ref(`d${i}`));
    // The grouping sets this part answers: with ground shown (unnested), or without it.
    const sets: RawBuilder<unknown>[] = [];
    for (let mask = 0; mask < 1 << n; mask++) {
      const shown = dimensions.map((_, i) => (mask & (1 << (n - 1 - i))) === 0);
      if (groundAt >= 0 && shown[groundAt] !== unnestGround) continue;
      sets.push(
        sql`(${sql.join(refs.filter((_, i) => shown[i]).length ? refs.filter((_, i) => shown[i]) : [sql``])})`,
      );
    }
    // GROUPING() may name only columns some set groups by: without ground shown, its bit is set
    // by hand (the others' bits around it as GROUPING over them gives them).
    let grouping: RawBuilder<unknown> = sql`GROUPING(${sql.join(refs)})`;
    if (groundAt >= 0 && !unnestGround) {
      const others = refs.filter((_, i) => i !== groundAt);
      const after = n - 1 - groundAt;
      grouping = others.length
        ? sql`(((GROUPING(${sql.join(others)}) >> ${sql.lit(after)}) << ${sql.lit(after + 1)}) | ${sql.lit(1 << after)} | (GROUPING(${sql.join(others)}) & ${sql.lit((1 << after) - 1)}))`
        : sql`1`;
    }
    const selected = refs.map((ref, i) =>
      i === groundAt && !unnestGround ? sql`NULL::text AS ${sql.ref(`d${i}`)}` : ref,
    );
    return sql`SELECT ${sql.join(selected)}, ${grouping} AS grouping,
           coalesce(sum(n), 0)::int AS count, coalesce(sum(ks), 0)::text AS keysum,
           coalesce(sum(rec_n), 0)::int AS recognised, coalesce(sum(rec_ks), 0)::text AS "recognisedKeysum",
           coalesce(sum(rej_n), 0)::int AS rejected, coalesce(sum(rej_ks), 0)::text AS "rejectedKeysum"
      FROM (${cells(unnestGround)}) AS cell
     GROUP BY GROUPING SETS (${sql.join(sets)})`;
  };
  return sql<AggregateSqlRow>`${
    groundAt < 0 ? cube(false) : sql`${cube(true)} UNION ALL ${cube(false)}`
  }`;
}
