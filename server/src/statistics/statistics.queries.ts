import { RECOGNISED_OUTCOMES, REJECTED_OUTCOMES, type StatDimension } from '@haven/shared';
import { sql, type RawBuilder } from 'kysely';

/**
 * SQL for the anonymised statistics. Never a name, id, reference, date of birth, contact, city or
 * free-text field: only the expressions below leave the database.
 */
/**
 * Age at opening in bands. "Under N years old on the opening day" is "born after the opening day
 * minus N years": the same as age()'s whole years, at a fraction of the cost over every case.
 */
export const AGE_BAND_SQL = sql<string>`CASE
  WHEN cl.date_of_birth IS NULL THEN 'unknown'
  WHEN cl.date_of_birth > c.opened_on - interval '5 years' THEN '0-4'
  WHEN cl.date_of_birth > c.opened_on - interval '12 years' THEN '5-11'
  WHEN cl.date_of_birth > c.opened_on - interval '18 years' THEN '12-17'
  WHEN cl.date_of_birth > c.opened_on - interval '60 years' THEN '18-59'
  ELSE '60+' END`;

/** Each dimension as an SQL expression; missing values get a category, so NULL always means "total". */
export const DIMENSION_SQL: Record<StatDimension, RawBuilder<string>> = {
  nationality: sql`cl.nationality::text`,
  jurisdiction: sql`c.jurisdiction::text`,
  caseType: sql`c.case_type::text`,
  stage: sql`c.stage::text`,
  outcome: sql`coalesce(c.outcome::text, 'none')`,
  ground: sql`coalesce(g.ground::text, 'none')`,
  sex: sql`cl.sex::text`,
  ageBand: AGE_BAND_SQL,
  openedMonth: sql`to_char(c.opened_on, 'YYYY-MM')`,
  team: sql`t.name::text`,
};

/** Fixed values as literals of the statement's text (they are the product's, never a caller's). */
const literals = (values: readonly string[]) => sql.join(values.map((value) => sql.lit(value)));

/** An aggregate's row: `d0`… the dimensions' values, `grouping` which of them are totals. */
export type AggregateSqlRow = Record<`d${number}`, string | null> & {
  grouping: number;
  count: number;
  recognised: number;
  decisions: number;
};

/**
 * Counts by the dimensions with every margin and the total, for the cases opened from `from` to
 * `to` (each null: unbounded). In two steps: the cases are counted once per finest cell (one hash
 * lookup a row, and an aggregate PostgreSQL can split across parallel workers), then CUBE sums those
 * few cells into the margins (CUBE straight over the cases keeps a hash table per grouping set in
 * one process). Sums of counts are the counts: the same rows come out (and 0, not NULL, for the
 * total of a period without cases). Its text varies with the dimensions chosen: run it unnamed.
 */
export function aggregateSql(
  dimensions: StatDimension[],
  from: string | null,
  to: string | null,
): RawBuilder<AggregateSqlRow> {
  const expressions = dimensions.map((d) => DIMENSION_SQL[d]);
  const cells = sql.join(expressions.map((_, i) => sql.ref(`d${i}`)));
  return sql<AggregateSqlRow>`
    SELECT ${cells}, GROUPING(${cells}) AS grouping,
           coalesce(sum(n), 0)::int AS count, coalesce(sum(recognised), 0)::int AS recognised,
           coalesce(sum(decisions), 0)::int AS decisions
      FROM (
        SELECT ${sql.join(expressions.map((e, i) => sql`${e} AS ${sql.ref(`d${i}`)}`))},
               count(*) AS n,
               count(*) FILTER (WHERE c.outcome IN (${literals(RECOGNISED_OUTCOMES)})) AS recognised,
               count(*) FILTER (WHERE c.outcome IN (${literals([...RECOGNISED_OUTCOMES, ...REJECTED_OUTCOMES])})) AS decisions
          FROM legal_case c
          JOIN client cl ON cl.id = c.client_id
          ${dimensions.includes('team') ? sql`JOIN team t ON t.id = c.team_id` : sql``}
          ${dimensions.includes('ground') ? sql`LEFT JOIN LATERAL unnest(c.grounds) AS g(ground) ON true` : sql``}
         WHERE (${from}::date IS NULL OR c.opened_on >= ${from}::date) AND (${to}::date IS NULL OR c.opened_on <= ${to}::date)
         GROUP BY ${sql.join(expressions.map((_, i) => sql.lit(i + 1)))}
      ) AS cell
     GROUP BY CUBE (${cells})`;
}

/**
 * The microdata's building blocks, as CTEs. `raw`: one row per case with its recoded fields and the
 * month it opened. `fine`: the records counted per finest class (age band, sex, nationality,
 * jurisdiction, month) with the lowest and highest ground in it; every coarser class (quarter,
 * year; rare nationalities (fewer than `k` records) as "other") is a sum of fine classes, so the
 * table is read once for the sizes, not once per period.
 */
export function microdataBaseSql(k: number): RawBuilder<unknown> {
  const month = sql.ref('f.opened_month');
  return sql`
    WITH raw AS (
      SELECT ${AGE_BAND_SQL} AS age_band, cl.sex::text AS sex, cl.nationality::text AS nationality,
             c.jurisdiction::text AS jurisdiction, date_trunc('month', c.opened_on)::date AS opened_month,
             c.case_type::text AS case_type, c.stage::text AS stage, coalesce(c.outcome::text, 'none') AS outcome,
             CASE WHEN cardinality(c.grounds) = 0 THEN 'none'
                  WHEN c.grounds[1] IN ('race', 'religion', 'nationality', 'particular_social_group', 'political_opinion') THEN 'convention'
                  WHEN c.grounds[1] IN ('conscientious_objection', 'unlawful_conflict', 'conditions_of_service', 'forced_recruitment') THEN 'military_service'
                  WHEN c.grounds[1] IN ('death_penalty', 'torture', 'indiscriminate_violence') THEN 'serious_harm'
                  ELSE 'other' END AS ground
        FROM legal_case c JOIN client cl ON cl.id = c.client_id
    ), fine AS (
      SELECT age_band, sex, nationality, jurisdiction, opened_month, count(*)::int AS n, min(ground) AS gmin, max(ground) AS gmax
        FROM raw GROUP BY age_band, sex, nationality, jurisdiction, opened_month
    ), nat AS (
      SELECT nationality, CASE WHEN sum(n) < ${k} THEN 'other' ELSE nationality END AS recoded FROM fine GROUP BY nationality
    ), classes AS (
      SELECT f.age_band, f.sex, nat.recoded AS nationality, f.jurisdiction, f.n, f.gmin, f.gmax,
             ${periodSql(month, 'month')} AS month, ${periodSql(month, 'quarter')} AS quarter, ${periodSql(month, 'year')} AS year
        FROM fine f JOIN nat ON nat.nationality = f.nationality
    )`;
}

/** A month's first day as the period it falls in: 2024-05, 2024-Q2, 2024. */
export function periodSql(monthStart: RawBuilder<unknown>, period: Period): RawBuilder<string> {
  switch (period) {
    case 'month':
      return sql`to_char(${monthStart}, 'YYYY-MM')`;
    case 'quarter':
      return sql`to_char(${monthStart}, 'YYYY') || '-Q' || to_char(${monthStart}, 'Q')`;
    case 'year':
      return sql`to_char(${monthStart}, 'YYYY')`;
  }
}

export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];
