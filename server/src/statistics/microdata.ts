import { randomUUID } from 'node:crypto';
import {
  RECOGNISED_OUTCOMES,
  REJECTED_OUTCOMES,
  statValueLabel,
  type StatLabeller,
} from '@haven/shared';
import type { FastifyReply } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { csvRow } from '../common/csv.js';
import { badRequest } from '../common/errors.js';
import { takeOver } from '../common/raw-reply.js';
import { poolOf } from '../database/pool.js';
import { db, first, type On } from '../database/sql.js';

/**
 * Protected microdata: one row per case, with no direct identifier (no name, reference, id, date of
 * birth, contact, city or free text), shared by the live export (`GET /api/stats/microdata`) and the
 * releases (`/api/stats/releases`).
 *
 * Quasi-identifiers: age band, sex, nationality (one held by fewer than k cases of the scope becomes
 * "other"), jurisdiction, case type and the opening period. A class is one combination of them.
 * Each class published:
 *  - has at least k rows;
 *  - has at least 2 distinct outcomes, and no outcome held by one row alone (someone who knows a
 *    person's decision must not find their row, and with it their ground and stage). Where the
 *    detailed outcomes fail that, the class's outcomes are coarsened to recognised / rejected /
 *    other; where those fail it too, the class's rows are left out and counted in `withheld`;
 *  - has at least 2 distinct grounds, or its `ground` is "withheld" on every row (the rows stay:
 *    their outcome and stage are protected on their own; only the ground would be disclosed).
 * Everything is decided in SQL over the classes (CTEs); no row is looked at in JavaScript.
 */

/** Outcome groups of a coarsened class. */
/**
 * A client (`cl`, or the alias given) whose current consent includes anonymised statistics
 * (`HAVEN_STATS_REQUIRE_CONSENT`).
 */
export const consentedOver = (cl: string) =>
  sql<boolean>`coalesce(${sql.ref(`${cl}.consent`)} -> 'scopes', '[]'::jsonb) ? 'anonymised_statistics'`;
export const CONSENTED = consentedOver('cl');

export const OUTCOME_GROUPS = ['recognised', 'rejected', 'other'] as const;

export const PERIODS = ['month', 'quarter', 'year'] as const;
export type Period = (typeof PERIODS)[number];

/** The columns of every microdata file, in order (CSV header, JSON keys). */
export const MICRODATA_COLUMNS = [
  'id',
  'ageBand',
  'sex',
  'nationality',
  'jurisdiction',
  'opened',
  'caseType',
  'stage',
  'outcome',
  'ground',
] as const;

/** The columns with a label beside them in a labelled CSV, as the statistics dimension they are. */
const LABELLED: Partial<Record<(typeof MICRODATA_COLUMNS)[number], string>> = {
  sex: 'sex',
  nationality: 'nationality',
  jurisdiction: 'jurisdiction',
  caseType: 'caseType',
  stage: 'stage',
  outcome: 'outcome',
  ground: 'ground',
};

/** The header of a labelled CSV: `nationality`, `nationality_label`, … */
function labelledHeader(): string[] {
  return MICRODATA_COLUMNS.flatMap((column) =>
    LABELLED[column] ? [column, `${column}_label`] : [column],
  );
}

/** A row's values with each label beside its code (an empty value has an empty label). */
function withLabels(values: Cell[], labeller: StatLabeller): Cell[] {
  return MICRODATA_COLUMNS.flatMap((column, i) => {
    const dimension = LABELLED[column];
    if (!dimension) return [values[i]];
    const value = values[i];
    return [
      value,
      value === null || value === '' ? '' : statValueLabel(dimension, String(value), labeller),
    ];
  });
}

/** A protected row as the database gives it (snake_case), without its id. */
export interface MicrodataRow {
  age_band: string;
  sex: string;
  nationality: string;
  jurisdiction: string;
  opened: string;
  case_type: string;
  stage: string;
  outcome: string;
  ground: string;
}

/** Which cases, and how the period is shown. */
export interface MicrodataScope {
  /** At least 5. */
  k: number;
  /** Cases opened on or after this day (YYYY-MM-DD); null: no lower bound. */
  openedFrom: string | null;
  /** Cases opened before this day (YYYY-MM-DD); null: no upper bound. */
  openedBefore: string | null;
  /** Only clients whose current consent includes anonymised statistics. */
  consentOnly?: boolean;
}

export interface MicrodataSummary {
  period: Period;
  /** Cases in scope. */
  total: number;
  /** Rows published, and rows left out. */
  rows: number;
  withheld: number;
}

/** Coarsen the period (live export) until at most this share of records would be withheld. */
export const MAX_WITHHELD_SHARE = 0.05;

const literals = (values: readonly string[]) => sql.join(values.map((value) => sql.lit(value)));

/**
 * Age at opening in UNHCR bands: "under N on the opening day" is "born after the opening day minus
 * N years" (the same as age()'s whole years).
 */
const AGE_BAND = sql<string>`CASE
  WHEN cl.date_of_birth IS NULL THEN 'unknown'
  WHEN cl.date_of_birth > c.opened_on - interval '5 years' THEN '0-4'
  WHEN cl.date_of_birth > c.opened_on - interval '12 years' THEN '5-11'
  WHEN cl.date_of_birth > c.opened_on - interval '18 years' THEN '12-17'
  WHEN cl.date_of_birth > c.opened_on - interval '60 years' THEN '18-59'
  ELSE '60+' END`;

/** The first ground's top-level group (GROUND_GROUPS in shared). */
const GROUND = sql<string>`CASE WHEN cardinality(c.grounds) = 0 THEN 'none'
  WHEN c.grounds[1] IN ('race', 'religion', 'nationality', 'particular_social_group', 'political_opinion') THEN 'convention'
  WHEN c.grounds[1] IN ('conscientious_objection', 'unlawful_conflict', 'conditions_of_service', 'forced_recruitment') THEN 'military_service'
  WHEN c.grounds[1] IN ('death_penalty', 'torture', 'indiscriminate_violence') THEN 'serious_harm'
  ELSE 'other' END`;

const OUTCOME_GROUP = sql<string>`CASE
  WHEN c.outcome IN (${literals(RECOGNISED_OUTCOMES)}) THEN 'recognised'
  WHEN c.outcome IN (${literals(REJECTED_OUTCOMES)}) THEN 'rejected'
  ELSE 'other' END`;

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

const QI = sql`age_band, sex, nationality, jurisdiction, case_type, period`;

/**
 * The CTEs every microdata statement starts with, for the periods `levels` (all three when the
 * export chooses, one otherwise):
 * - `raw`: the cases in scope, each recoded (nothing else of a case leaves it);
 * - `nat`: nationality → itself, or "other" when fewer than k cases of the scope hold it;
 * - `decided`: one row per class and period level, with its size, `outcome_mode` (`detailed`,
 *   `coarse` or `withheld`) and whether its grounds may be shown.
 * The classes are counted from `fine` (cases per finest cell), so the cases are read once whatever
 * the number of levels.
 */
function protectedClassesSql(
  scope: MicrodataScope,
  levels: readonly Period[],
): RawBuilder<unknown> {
  const levelValues = sql.join(
    levels.map((level) => sql`(${sql.lit(level)}, ${sql.lit(PERIODS.indexOf(level))})`),
  );
  const month = sql.ref('f.opened_month');
  const periodOfLevel = sql`CASE l.level ${sql.join(
    levels.map((level) => sql`WHEN ${sql.lit(level)} THEN ${periodSql(month, level)}`),
    sql` `,
  )} END`;
  return sql`
    WITH raw AS MATERIALIZED (
      SELECT ${AGE_BAND} AS age_band, cl.sex::text AS sex, cl.nationality::text AS nationality,
             c.jurisdiction::text AS jurisdiction, c.case_type::text AS case_type,
             date_trunc('month', c.opened_on)::date AS opened_month, c.stage::text AS stage,
             coalesce(c.outcome::text, 'none') AS outcome, ${OUTCOME_GROUP} AS outcome_group, ${GROUND} AS ground
        FROM legal_case c JOIN client cl ON cl.id = c.client_id
       WHERE (${scope.openedFrom}::date IS NULL OR c.opened_on >= ${scope.openedFrom}::date)
         AND (${scope.openedBefore}::date IS NULL OR c.opened_on < ${scope.openedBefore}::date)
         AND ${scope.consentOnly ? CONSENTED : sql`true`}
    ), nat AS MATERIALIZED (
      SELECT nationality, CASE WHEN count(*) < ${scope.k}::int THEN 'other' ELSE nationality END AS recoded
        FROM raw GROUP BY nationality
    ), fine AS (
      SELECT r.age_band, r.sex, nat.recoded AS nationality, r.jurisdiction, r.case_type, r.opened_month,
             r.outcome, r.outcome_group, r.ground, count(*)::int AS n
        FROM raw r JOIN nat ON nat.nationality = r.nationality
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    ), levels (level, ord) AS (
      VALUES ${levelValues}
    ), placed AS (
      SELECT l.level, l.ord, f.age_band, f.sex, f.nationality, f.jurisdiction, f.case_type,
             ${periodOfLevel} AS period, f.outcome, f.outcome_group, f.ground, f.n
        FROM fine f CROSS JOIN levels l
    ), counted AS (
      -- Each row with the size of its outcome and of its outcome group within its class, by
      -- windows: the class statistics below are one aggregate, with no join of aggregates.
      SELECT level, ord, ${QI}, outcome, outcome_group, ground, n,
             sum(n) OVER (PARTITION BY level, ${QI}, outcome) AS outcome_n,
             sum(n) OVER (PARTITION BY level, ${QI}, outcome_group) AS group_n
        FROM placed
    ), decided AS MATERIALIZED (
      SELECT level, ord, ${QI}, sum(n)::int AS size,
             CASE WHEN sum(n) < ${scope.k}::int THEN 'withheld'
                  WHEN count(DISTINCT outcome) >= 2 AND min(outcome_n) >= 2 THEN 'detailed'
                  WHEN count(DISTINCT outcome_group) >= 2 AND min(group_n) >= 2 THEN 'coarse'
                  ELSE 'withheld' END AS outcome_mode,
             count(DISTINCT ground) >= 2 AS ground_shown
        FROM counted
       GROUP BY level, ord, ${QI}
    )`;
}

/**
 * The protected rows at one period level, after `protectedClassesSql`'s CTEs: the rows of every
 * class that is not withheld, with its outcome detailed or coarsened and its ground shown or
 * "withheld". No order: callers add theirs.
 */
function protectedRowsSql(level: Period): RawBuilder<MicrodataRow> {
  const opened = periodSql(sql.ref('r.opened_month'), level);
  return sql<MicrodataRow>`
      SELECT r.age_band, r.sex, nat.recoded AS nationality, r.jurisdiction, ${opened} AS opened, r.case_type, r.stage,
             CASE WHEN d.outcome_mode = 'detailed' THEN r.outcome ELSE r.outcome_group END AS outcome,
             CASE WHEN d.ground_shown THEN r.ground ELSE 'withheld' END AS ground
        FROM raw r
        JOIN nat ON nat.nationality = r.nationality
        JOIN decided d ON d.level = ${sql.lit(level)} AND d.age_band = r.age_band AND d.sex = r.sex
                      AND d.nationality = nat.recoded AND d.jurisdiction = r.jurisdiction
                      AND d.case_type = r.case_type AND d.period = ${opened}
       WHERE d.outcome_mode <> 'withheld'`;
}

/** The deterministic order of a release's rows: by the class, then by the rest of the row (bytewise). */
export const RELEASE_ORDER = sql`age_band COLLATE "C", sex COLLATE "C", nationality COLLATE "C",
  jurisdiction COLLATE "C", case_type COLLATE "C", opened COLLATE "C", stage COLLATE "C",
  outcome COLLATE "C", ground COLLATE "C"`;

/**
 * The period level and counts of a microdata export: `period` given, or (null) the finest level at
 * which at most 5 % of the cases are withheld, else `year`.
 */
export async function microdataSummary(
  on: On,
  scope: MicrodataScope,
  period: Period | null = null,
): Promise<MicrodataSummary> {
  const levels = period ? [period] : PERIODS;
  const row = await first(
    on,
    sql<{
      period: Period | null;
      total: number;
      withheld: number;
    }>`${protectedClassesSql(scope, levels)},
      by_level AS (
        SELECT level, ord, coalesce(sum(size) FILTER (WHERE outcome_mode = 'withheld'), 0)::int AS withheld
          FROM decided GROUP BY level, ord
      ), chosen AS (
        SELECT level, withheld FROM by_level
         ORDER BY CASE WHEN withheld <= (SELECT count(*) FROM raw) * ${MAX_WITHHELD_SHARE}::float8 THEN ord ELSE 10 - ord END
         LIMIT 1
      )
      SELECT (SELECT level FROM chosen) AS period, (SELECT count(*)::int FROM raw) AS total,
             coalesce((SELECT withheld FROM chosen), 0) AS withheld`,
    { plan: 'unnamed' },
  );
  const total = row?.total ?? 0;
  const withheld = row?.withheld ?? 0;
  return { period: row?.period ?? period ?? 'year', total, withheld, rows: total - withheld };
}

/** The protected rows of `scope` at `period`, in random order (the live export). */
export function microdataRowsSql(scope: MicrodataScope, period: Period): RawBuilder<MicrodataRow> {
  return sql<MicrodataRow>`${protectedClassesSql(scope, [period])}
    ${protectedRowsSql(period)}
     ORDER BY random()`;
}

/**
 * One statement that makes a release: computes the protected rows of the cases opened in the
 * quarter (period = the quarter), numbers them 1..n in `RELEASE_ORDER`, and inserts the release and
 * its rows — all from one snapshot, so `rows` + `withheld` is the quarter's count at that instant.
 * Returns nothing when a release of the quarter with this k exists (ON CONFLICT DO NOTHING: no rows
 * are written then either).
 */
export function createReleaseSql(input: {
  quarter: string;
  k: number;
  from: string;
  before: string;
  createdById: string;
  consentOnly?: boolean;
}): RawBuilder<{
  id: string;
  quarter: string;
  k: number;
  rows: number;
  withheld: number;
  created_at: Date;
}> {
  const scope = {
    k: input.k,
    openedFrom: input.from,
    openedBefore: input.before,
    consentOnly: input.consentOnly,
  };
  return sql`${protectedClassesSql(scope, ['quarter'])},
    published AS MATERIALIZED (
      SELECT row_number() OVER (ORDER BY ${RELEASE_ORDER})::int AS n, p.*
        FROM (${protectedRowsSql('quarter')}) p
    ), made AS (
      INSERT INTO stats_release (quarter, k, rows, withheld, created_by_id)
      SELECT ${input.quarter}, ${input.k}::int, (SELECT count(*)::int FROM published),
             (SELECT count(*)::int FROM raw) - (SELECT count(*)::int FROM published), ${input.createdById}::uuid
      ON CONFLICT ON CONSTRAINT stats_release_quarter_k_key DO NOTHING
      RETURNING id, quarter, k, rows, withheld, created_at
    ), stored AS (
      INSERT INTO stats_release_row (release_id, n, age_band, sex, nationality, jurisdiction, opened, case_type, stage, outcome, ground)
      SELECT made.id, p.n, p.age_band, p.sex, p.nationality, p.jurisdiction, p.opened, p.case_type, p.stage, p.outcome, p.ground
        FROM published p CROSS JOIN made
    )
    SELECT id, quarter, k, rows, withheld, created_at FROM made`;
}

/** A release's stored rows, in their order (the primary key's). */
export function releaseRowsSql(releaseId: string): RawBuilder<MicrodataRow & { n: number }> {
  return sql`SELECT n, age_band, sex, nationality, jurisdiction, opened, case_type, stage, outcome, ground
      FROM stats_release_row WHERE release_id = ${releaseId}::uuid ORDER BY n`;
}

type Cell = string | number;

/** A row's values in `MICRODATA_COLUMNS` order. */
const valuesOf = (id: Cell, row: MicrodataRow): Cell[] => [
  id,
  row.age_band,
  row.sex,
  row.nationality,
  row.jurisdiction,
  row.opened,
  row.case_type,
  row.stage,
  row.outcome,
  row.ground,
];

/**
 * Renders rows the same way on every call: CSV records (CRLF, formula-like cells neutralised by
 * csvRow) or JSON objects with the keys in `MICRODATA_COLUMNS` order. A release's bytes depend
 * only on its stored rows and on this function.
 */
export function renderRow(
  format: 'csv' | 'json',
  id: Cell,
  row: MicrodataRow,
  index: number,
  labeller?: StatLabeller,
): string {
  const values = valuesOf(id, row);
  if (format === 'csv') return csvRow(labeller ? withLabels(values, labeller) : values) + '\r\n';
  return (
    (index ? ',' : '') +
    JSON.stringify(Object.fromEntries(MICRODATA_COLUMNS.map((c, i) => [c, values[i]])))
  );
}

export interface StreamOptions<R extends MicrodataRow> {
  statement: RawBuilder<R>;
  format: 'csv' | 'json';
  filename: string;
  /** Written before the rows in JSON (opens the object and `"data":[`). */
  jsonPrefix: string;
  /** Each row's id. */
  id: (row: R) => Cell;
  /** Runs once the query has answered and before any byte is sent (the audit event). */
  beforeFirstByte: () => Promise<void>;
  /** A CSV's label columns, in the reader's language (the live export; a release stays codes). */
  labeller?: StatLabeller;
}

/**
 * Streams rows from a cursor (bounded memory whatever their number) as a CSV or JSON attachment,
 * with `Cache-Control: no-store`. The caller's `beforeFirstByte` (its audit event) runs only after the
 * statement has answered, and before anything is sent: a caller never holds data whose event does
 * not exist, and a failed export leaves no event.
 */
export async function streamMicrodata<R extends MicrodataRow>(
  dataSource: DataSource,
  reply: FastifyReply,
  options: StreamOptions<R>,
): Promise<void> {
  const compiled = options.statement.compile(db);
  const client = await poolOf(dataSource).connect();
  try {
    // eslint-disable-next-line no-restricted-syntax -- a cursor streams on its own client (compiled by db)
    const stream = client.query(
      new QueryStream(compiled.sql, [...compiled.parameters], { batchSize: 2000 }),
    );
    const iterator = (stream as AsyncIterable<R>)[Symbol.asyncIterator]();
    let next: IteratorResult<R>;
    try {
      next = await iterator.next();
      await options.beforeFirstByte();
    } catch (error) {
      await iterator.return?.();
      throw error;
    }
    void reply
      .header(
        'Content-Type',
        options.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      )
      .header('Content-Disposition', `attachment; filename="${options.filename}"`)
      .header('Cache-Control', 'no-store');
    const response = takeOver(reply);
    try {
      // A reader gone while the socket is full never drains: its close ends the wait too, and the
      // loop below sees it destroyed (the cursor's client must go back to the pool).
      const write = (chunk: string) =>
        response.write(chunk)
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const resume = () => {
                response.off('drain', resume);
                response.off('close', resume);
                resolve();
              };
              response.once('drain', resume);
              response.once('close', resume);
            });
      await write(
        options.format === 'csv'
          ? csvRow(options.labeller ? labelledHeader() : MICRODATA_COLUMNS) + '\r\n'
          : options.jsonPrefix,
      );
      // Rows go out in chunks of about 64 kB: one write (and one wait for the socket) per chunk.
      let chunk = '';
      let index = 0;
      for (; !next.done; next = await iterator.next()) {
        if (response.destroyed) {
          await iterator.return?.();
          return;
        }
        chunk += renderRow(
          options.format,
          options.id(next.value),
          next.value,
          index++,
          options.labeller,
        );
        if (chunk.length >= 65_536) {
          await write(chunk);
          chunk = '';
        }
      }
      if (chunk) await write(chunk);
      if (options.format === 'json') await write(']}');
      response.end();
    } catch (error) {
      // The headers are gone: no error answer can follow, so the download is cut short (visibly
      // incomplete, never a well-formed file missing rows); the error filter still logs it.
      response.destroy();
      throw error;
    }
  } finally {
    client.release();
  }
}

/** `format`: json (default) or csv; else a 400 naming it. */
export function parseFormat(value: unknown): 'json' | 'csv' {
  const format = value ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw badRequest('format: must be json or csv', 'query.one_of', {
      field: 'format',
      args: { allowed: 'json, csv' },
    });
  return format;
}

/**
 * The live export (`GET /api/stats/microdata?k&format`): every case, the period the finest of
 * month / quarter / year that withholds at most 5 %, random row order and random row ids for each
 * export (two live exports cannot be lined up row by row; releases are what gets published).
 * Audited before the first byte. The caller decides who may call it.
 */
export async function exportLiveMicrodata(
  dataSource: DataSource,
  audit: AuditService,
  actor: Actor,
  query: Record<string, unknown>,
  reply: FastifyReply,
  consentOnly = false,
  labeller?: StatLabeller,
): Promise<void> {
  for (const key of Object.keys(query))
    if (!['k', 'format'].includes(key))
      throw badRequest(`${key}: unknown parameter; allowed: k, format`, 'query.unknown_parameter', {
        field: key,
        args: { allowed: 'k, format' },
      });
  const k = parseK(query.k);
  const format = parseFormat(query.format);
  const scope: MicrodataScope = { k, openedFrom: null, openedBefore: null, consentOnly };
  const summary = await microdataSummary(dataSource, scope);
  await streamMicrodata(dataSource, reply, {
    statement: microdataRowsSql(scope, summary.period),
    format,
    filename: `haven-microdata-k${k}.${format}`,
    jsonPrefix: `{"k":${k},"period":${JSON.stringify(summary.period)},"withheld":${summary.withheld},"data":[`,
    id: () => randomUUID(),
    labeller,
    beforeFirstByte: () =>
      audit.recordNow(actor, {
        action: 'export',
        entityType: 'statistics',
        teamId: actor.teamId,
        summary: `microdata export: ${summary.rows} rows, ${summary.withheld} withheld (k=${k}, by ${summary.period})`,
        details: {
          kind: 'microdata',
          k,
          format,
          period: summary.period,
          rows: summary.rows,
          withheld: summary.withheld,
        },
      }),
  });
}

/** `k` as a query parameter: a whole number from 5 to 1000, default 5. */
export function parseK(value: unknown): number {
  if (value === undefined || value === '') return 5;
  if (
    typeof value !== 'string' ||
    !/^\d+$/.test(value) ||
    Number(value) < 5 ||
    Number(value) > 1000
  )
    throw badRequest('k: must be a whole number from 5 to 1000', 'query.whole_number', {
      field: 'k',
      args: { min: 5, max: 1000 },
    });
  return Number(value);
}
