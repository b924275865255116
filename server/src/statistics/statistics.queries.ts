import { RECOGNISED_OUTCOMES, REJECTED_OUTCOMES, type StatDimension } from '@haven/shared';

/**
 * SQL for the anonymised statistics. Never a name, id, reference, date of birth, contact, city or
 * free-text field: only the expressions below leave the database.
 */
export const AGE_BAND_SQL = `CASE
  WHEN cl.date_of_birth IS NULL THEN 'unknown'
  WHEN date_part('year', age(c.opened_on, cl.date_of_birth)) < 5 THEN '0-4'
  WHEN date_part('year', age(c.opened_on, cl.date_of_birth)) < 12 THEN '5-11'
  WHEN date_part('year', age(c.opened_on, cl.date_of_birth)) < 18 THEN '12-17'
  WHEN date_part('year', age(c.opened_on, cl.date_of_birth)) < 60 THEN '18-59'
  ELSE '60+' END`;

/** Each dimension as an SQL expression; missing values get a category, so NULL always means "total". */
export const DIMENSION_SQL: Record<StatDimension, string> = {
  nationality: 'cl.nationality::text',
  jurisdiction: 'c.jurisdiction::text',
  caseType: 'c.case_type::text',
  stage: 'c.stage::text',
  outcome: "coalesce(c.outcome::text, 'none')",
  ground: "coalesce(g.ground::text, 'none')",
  sex: 'cl.sex::text',
  ageBand: AGE_BAND_SQL,
  openedMonth: "to_char(c.opened_on, 'YYYY-MM')",
  team: 't.name::text',
};

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export function aggregateSql(dimensions: StatDimension[]): string {
  const expressions = dimensions.map((d) => DIMENSION_SQL[d]);
  return `
    SELECT ${expressions.map((e, i) => `${e} AS d${i}`).join(', ')},
           GROUPING(${expressions.join(', ')}) AS grouping,
           count(*)::int AS count,
           count(*) FILTER (WHERE c.outcome IN (${list(RECOGNISED_OUTCOMES)}))::int AS recognised,
           count(*) FILTER (WHERE c.outcome IN (${list([...RECOGNISED_OUTCOMES, ...REJECTED_OUTCOMES])}))::int AS decisions
      FROM legal_case c
      JOIN client cl ON cl.id = c.client_id
      ${dimensions.includes('team') ? 'JOIN team t ON t.id = c.team_id' : ''}
      ${dimensions.includes('ground') ? 'LEFT JOIN LATERAL unnest(c.grounds) AS g(ground) ON true' : ''}
     WHERE ($1::date IS NULL OR c.opened_on >= $1::date) AND ($2::date IS NULL OR c.opened_on <= $2::date)
     GROUP BY CUBE (${expressions.join(', ')})`;
}

/** Quasi-identifiers of the microdata, recoded: rare nationalities (< k records) become "other". */
export function microdataBaseSql(): string {
  return `
    WITH raw AS (
      SELECT ${AGE_BAND_SQL} AS age_band, cl.sex::text AS sex, cl.nationality::text AS nationality,
             c.jurisdiction::text AS jurisdiction, c.opened_on, c.case_type::text AS case_type,
             c.stage::text AS stage, coalesce(c.outcome::text, 'none') AS outcome,
             CASE WHEN cardinality(c.grounds) = 0 THEN 'none'
                  WHEN c.grounds[1] IN ('race', 'religion', 'nationality', 'particular_social_group', 'political_opinion') THEN 'convention'
                  WHEN c.grounds[1] IN ('conscientious_objection', 'unlawful_conflict', 'conditions_of_service', 'forced_recruitment') THEN 'military_service'
                  WHEN c.grounds[1] IN ('death_penalty', 'torture', 'indiscriminate_violence') THEN 'serious_harm'
                  ELSE 'other' END AS ground
        FROM legal_case c JOIN client cl ON cl.id = c.client_id
    ), base AS (
      SELECT age_band, sex,
             CASE WHEN count(*) OVER (PARTITION BY nationality) < $1 THEN 'other' ELSE nationality END AS nationality,
             jurisdiction, case_type, stage, outcome, ground,
             to_char(opened_on, 'YYYY-MM') AS month,
             to_char(opened_on, 'YYYY') || '-Q' || to_char(opened_on, 'Q') AS quarter,
             to_char(opened_on, 'YYYY') AS year
        FROM raw
    )`;
}

export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];
