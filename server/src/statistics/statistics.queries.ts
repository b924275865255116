import {
  RECOGNISED_OUTCOMES,
  REJECTED_OUTCOMES,
  type StatDimension,
  type StatPeriodBy,
  type StatUnit,
} from '@haven/shared';
import { sql, type RawBuilder } from 'kysely';
import { consentedOver } from './microdata.js';

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

/**
 * A case's grounds as rows `g.ground` ('none' for a case without one); `numbered`: with `g.nth`,
 * 1 for the case's first row (so a case's rows can also be counted once, as the case).
 */
export const unnestGrounds = (c: string, numbered = false) =>
  numbered
    ? sql`CROSS JOIN LATERAL unnest(CASE WHEN cardinality(${col(c, 'grounds')}) = 0 THEN ARRAY['none']::varchar[] ELSE ${col(c, 'grounds')} END) WITH ORDINALITY AS g(ground, nth)`
    : sql`CROSS JOIN LATERAL unnest(CASE WHEN cardinality(${col(c, 'grounds')}) = 0 THEN ARRAY['none']::varchar[] ELSE ${col(c, 'grounds')} END) AS g(ground)`;

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

/** The cases a scope selects: `FROM` a case `c` with its client `cl` (and team `t`), and `WHERE`. */
function scopeSql(dimensions: StatDimension[], scope: AggregateScope) {
  return {
    joins: sql`FROM legal_case c
        JOIN client cl ON cl.id = c.client_id
        ${dimensions.includes('team') ? sql`JOIN team t ON t.id = c.team_id` : sql``}`,
    where: scopeWhere('c', 'cl', scope),
  };
}

/**
 * Whether case `c` (of client `cl`) is in the scope: its period's day in the months asked for, and
 * its client consenting when only they count. Also over the rollup's change rows (`c` = `cl`).
 */
export function scopeWhere(c: string, cl: string, scope: AggregateScope): RawBuilder<unknown> {
  const period = col(c, scope.periodBy === 'opened' ? 'opened_on' : 'decision_served_on');
  const from = scope.from ? `${scope.from}-01` : null;
  const to = scope.to ? `${scope.to}-01` : null;
  return sql`${period} IS NOT NULL
         AND (${from}::date IS NULL OR ${period} >= ${from}::date)
         AND (${to}::date IS NULL OR ${period} < (${to}::date + interval '1 month'))
         AND ${scope.consentOnly ? consentedOver(cl) : sql`true`}`;
}

/**
 * Counts by the dimensions with every margin and the total, each with the sum of its records' keys
 * (cell-key perturbation), straight from the cases. `ground` is unnested only where it is shown,
 * so a case with two grounds is in two ground cells but once in every total; `unit=persons` counts
 * each client once per cell (its own key: `personsSql`). Key sums are exact (bigint) whatever the
 * order of the rows. Its text varies with the dimensions chosen: run it unnamed. The rollup
 * answers the same from counts kept ahead (rollup.queries.ts: `rollupAggregateSql` for cases,
 * `rollupPersonsSql` for persons).
 */
export function aggregateSql(
  dimensions: StatDimension[],
  scope: AggregateScope,
): RawBuilder<AggregateSqlRow> {
  const { joins, where } = scopeSql(dimensions, scope);
  if (scope.unit === 'cases') return cubeOverCells(dimensions, caseCells(dimensions, joins, where));
  return personsSql(dimensions, scope, joins, where);
}

/**
 * Every case counted as its client stands for it: the rows of `unit=cases` with each case's
 * client's key instead of its own. What the rollup's `client_…key_sum` columns keep (migration
 * 1768176000000); `rollupPersonsSql` starts from it. The reference its tests compare the rollup to.
 */
export function casesAsClientsSql(
  dimensions: StatDimension[],
  scope: AggregateScope,
): RawBuilder<AggregateSqlRow> {
  const { joins, where } = scopeSql(dimensions, scope);
  return cubeOverCells(dimensions, caseCells(dimensions, joins, where, sql`cl.stat_key`));
}

/**
 * The finest cells of the cases `joins` and `where` select, for `cubeOverCells`: each case one
 * record of each cell (one hash lookup a row, parallel-safe), its key `key` — the case's own, or
 * its client's when the cases stand for their clients (`personsSql`).
 */
const caseCells =
  (
    dimensions: StatDimension[],
    joins: RawBuilder<unknown>,
    where: RawBuilder<unknown>,
    key: RawBuilder<unknown> = sql`c.stat_key`,
  ) =>
  (unnestGround: boolean) => {
    const cls = outcomeClassOver('c');
    const exprs = dimensions.map((d) =>
      d === 'ground' && !unnestGround ? sql`NULL::text` : DIMENSION_SQL[d],
    );
    return sql`SELECT ${sql.join(exprs.map((e, i) => sql`${e} AS ${sql.ref(`d${i}`)}`))},
             count(*) AS n, sum(${key}::bigint) AS ks,
             count(*) FILTER (WHERE ${cls} = 'recognised') AS rec_n,
             sum(${key}::bigint) FILTER (WHERE ${cls} = 'recognised') AS rec_ks,
             count(*) FILTER (WHERE ${cls} = 'rejected') AS rej_n,
             sum(${key}::bigint) FILTER (WHERE ${cls} = 'rejected') AS rej_ks
        ${joins}
        ${unnestGround ? unnestGrounds('c') : sql``}
       WHERE ${where}
       GROUP BY ${sql.join(dimensions.map((_, i) => sql.lit(i + 1)))}`;
  };

/**
 * `unit=persons` from the cases: each client once in each cell one of its cases is in (and once
 * among the recognised of a cell if one of those cases is recognised, once among the rejected if
 * one is rejected), with the client's key. In two parts, summed cell by cell
 * (docs/decisions/0020):
 * - a client with one case at most (most of them): its case's cells are its own, so its cases are
 *   counted as cases are, with the client's key (`caseCells`, `cubeOverCells`) — no DISTINCT;
 * - a client with more than one case: `multiCaseClientsSql`.
 * Counted from the rollup instead when it keeps the dimensions (`rollupPersonsSql`).
 */
function personsSql(
  dimensions: StatDimension[],
  scope: AggregateScope,
  joins: RawBuilder<unknown>,
  where: RawBuilder<unknown>,
): RawBuilder<AggregateSqlRow> {
  const refs = dimensions.map((_, i) => sql.ref(`d${i}`));
  const single = cubeOverCells(
    dimensions,
    caseCells(
      dimensions,
      joins,
      // The clients the second part counts, by the same table it reads them from: each client
      // is in exactly one of the two parts, whatever any other kept count says.
      sql`${where} AND NOT EXISTS (SELECT FROM stats_multi_case m WHERE m.client_id = c.client_id)`,
      sql`cl.stat_key`,
    ),
  );
  return sql<AggregateSqlRow>`SELECT ${sql.join(refs)}, ${sql.ref('grouping')},
           sum(count)::int AS count, sum(keysum::bigint)::text AS keysum,
           sum(recognised)::int AS recognised, sum("recognisedKeysum"::bigint)::text AS "recognisedKeysum",
           sum(rejected)::int AS rejected, sum("rejectedKeysum"::bigint)::text AS "rejectedKeysum"
      FROM (${single} UNION ALL ${multiCaseClientsSql(dimensions, scope, false)}) AS part
     GROUP BY ${sql.join([sql.ref('grouping'), ...refs])}`;
}

/**
 * The clients with more than one case, counted exactly, as rows of `cubeOverCells`' shape: one
 * pass over their cases in the scope, grouped by every grouping set with the client in it
 * (GROUPING SETS, so a client is one group of each cell), then the clients of each cell counted.
 * `ground` is unnested in every set: a case repeated once per ground is still one client of each
 * cell it is in.
 *
 * Their cases come from `stats_multi_case` (migration 1768435200000; docs/decisions/0026): a
 * narrow copy of exactly those cases, each with its client's columns and key, kept by triggers in
 * the write's own transaction — so this statement's snapshot sees it as it sees the cases, and
 * one sequential scan reads it (the same columns under the same names as the rollup's change
 * rows: the same expressions, over `c` for both case and client).
 *
 * `lessTheirCases`: from each row, those clients' cases counted as cases with their client's key
 * (as `casesAsClientsSql` counts them: each case once where ground is a total, once per ground
 * where it is shown) are subtracted — the rollup counts every case as its client, and only the
 * one-case clients' cases are their persons (`rollupPersonsSql`). Both from the same pass.
 *
 * A client is counted here by its cases in the whole table, not in the period asked: one with two
 * cases of which one falls in the period is counted exactly either way.
 */
export function multiCaseClientsSql(
  dimensions: StatDimension[],
  scope: AggregateScope,
  lessTheirCases: boolean,
): RawBuilder<AggregateSqlRow> {
  const n = dimensions.length;
  const refs = dimensions.map((_, i) => sql.ref(`d${i}`));
  const groundAt = dimensions.indexOf('ground');
  const sets: RawBuilder<unknown>[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const shown = refs.filter((_, i) => (mask & (1 << (n - 1 - i))) === 0);
    sets.push(sql`(${sql.join([...shown, sql.ref('rid'), sql.ref('rkey')])})`);
  }
  const dims = dimensionsOver('c', 'c');
  // A case's first ground row stands for the case where ground is a total.
  const first = groundAt >= 0 ? sql`g.nth = 1` : sql`true`;
  const records = sql`SELECT ${sql.join(dimensions.map((d, i) => sql`${dims[d]} AS ${refs[i]}`))},
             c.client_id AS rid, c.client_stat_key::bigint AS rkey, ${outcomeClassOver('c')} AS cls,
             ${first} AS first
        FROM stats_multi_case c
        ${dimensions.includes('team') ? sql`JOIN team t ON t.id = c.team_id` : sql``}
        ${groundAt >= 0 ? unnestGrounds('c', true) : sql``}
       WHERE ${scopeWhere('c', 'c', scope)}`;
  const lessCases = lessTheirCases
    ? sql`, count(*) FILTER (WHERE first) AS n_first, count(*) AS n_all,
            count(*) FILTER (WHERE first AND cls = 'recognised') AS rec_first,
            count(*) FILTER (WHERE cls = 'recognised') AS rec_all,
            count(*) FILTER (WHERE first AND cls = 'rejected') AS rej_first,
            count(*) FILTER (WHERE cls = 'rejected') AS rej_all`
    : sql``;
  // Which of a client group's counts are its cases: where ground is a total, each case once.
  const groundTotal =
    groundAt >= 0 ? sql`(g & ${sql.lit(1 << (n - 1 - groundAt))}) <> 0` : sql`false`;
  const casesOf = (kind: 'n' | 'rec' | 'rej') =>
    sql`CASE WHEN ${groundTotal} THEN ${sql.ref(`${kind}_first`)} ELSE ${sql.ref(`${kind}_all`)} END`;
  const minus = (kind: 'n' | 'rec' | 'rej', key: boolean) =>
    lessTheirCases
      ? key
        ? sql` - sum(rkey * ${casesOf(kind)})`
        : sql` - sum(${casesOf(kind)})`
      : sql``;
  return sql<AggregateSqlRow>`SELECT ${sql.join(refs)}, g AS grouping,
             (count(*)${minus('n', false)})::int AS count,
             (sum(rkey)${minus('n', true)})::text AS keysum,
             (count(*) FILTER (WHERE rec)${minus('rec', false)})::int AS recognised,
             (coalesce(sum(rkey) FILTER (WHERE rec), 0)${minus('rec', true)})::text AS "recognisedKeysum",
             (count(*) FILTER (WHERE rej)${minus('rej', false)})::int AS rejected,
             (coalesce(sum(rkey) FILTER (WHERE rej), 0)${minus('rej', true)})::text AS "rejectedKeysum"
        FROM (SELECT ${sql.join(refs)}, GROUPING(${sql.join(refs)}) AS g, rkey,
                     bool_or(cls = 'recognised') AS rec, bool_or(cls = 'rejected') AS rej${lessCases}
                FROM (${records}) AS r
               GROUP BY GROUPING SETS (${sql.join(sets)})) AS client_cell
       GROUP BY ${sql.join([sql.ref('g'), ...refs])}`;
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
