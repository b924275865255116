import { STAT_DIMENSIONS, type StatDimension } from '@haven/shared';
import { sql, type RawBuilder } from 'kysely';
import { consentedOver } from './microdata.js';
import {
  cubeOverCells,
  dimensionsOver,
  multiCaseClientsSql,
  outcomeClassOver,
  scopeWhere,
  unnestGrounds,
  type AggregateScope,
  type AggregateSqlRow,
} from './statistics.queries.js';

/**
 * The rollup (docs/decisions/0015): the cases' counts and key sums per cell of every set of one to
 * three dimensions, per month, kept ahead of the request. Its table and the triggers that log each
 * change are in migration 1766966400000; this file counts the logged changes into it and reads it.
 */

/** Each dimension's column in `stats_rollup`. */
export const ROLLUP_COLUMN: Record<StatDimension, string> = {
  nationality: 'nationality',
  jurisdiction: 'jurisdiction',
  caseType: 'case_type',
  stage: 'stage',
  outcome: 'outcome',
  ground: 'ground',
  sex: 'sex',
  ageBand: 'age_band',
  openedMonth: 'opened_month',
  decidedMonth: 'decided_month',
  team: 'team_id',
};

/** A set of dimensions as `stats_rollup.dimensions`: bit i for STAT_DIMENSIONS[i]. */
export const setMask = (dimensions: readonly StatDimension[]) =>
  dimensions.reduce((mask, d) => mask | (1 << STAT_DIMENSIONS.indexOf(d)), 0);

/**
 * Whether the rollup keeps the cells a table of these dimensions needs: any one to three, but team
 * with one other at most. (Team with two others has nearly one cell per case at a million — 18
 * million rows, more than the cases: those tables are counted from the cases.)
 */
export const rollupCovers = (dimensions: readonly StatDimension[]) =>
  dimensions.length <= 3 && (!dimensions.includes('team') || dimensions.length <= 2);

/**
 * The sets kept: those `rollupCovers`, and the empty set (the total: a table of `ground` alone sums
 * its total from the cases as they are, not from the grounds unnested).
 */
export const ROLLUP_SETS: StatDimension[][] = (() => {
  const sets: StatDimension[][] = [];
  for (let mask = 0; mask < 1 << STAT_DIMENSIONS.length; mask++) {
    const set = STAT_DIMENSIONS.filter((_, i) => mask & (1 << i));
    if (rollupCovers(set)) sets.push(set);
  }
  return sets;
})();

/**
 * A cell's sums: its cases and their key sum, the recognised and the rejected among them; the
 * sums of the same cases' clients' keys (`client_…`: every case counted as its client stands for
 * it, what `rollupPersonsSql` starts from; migration 1768176000000); then all of them over the
 * cases whose client consents (`consented_…`).
 */
const SUMS = [
  ['records', sql`sign`, sql`true`],
  ['key_sum', sql`sign * stat_key`, sql`true`],
  ['recognised', sql`sign`, sql`cls = 'recognised'`],
  ['recognised_key_sum', sql`sign * stat_key`, sql`cls = 'recognised'`],
  ['rejected', sql`sign`, sql`cls = 'rejected'`],
  ['rejected_key_sum', sql`sign * stat_key`, sql`cls = 'rejected'`],
  ['client_key_sum', sql`sign * client_stat_key`, sql`true`],
  ['client_recognised_key_sum', sql`sign * client_stat_key`, sql`cls = 'recognised'`],
  ['client_rejected_key_sum', sql`sign * client_stat_key`, sql`cls = 'rejected'`],
] as const;

const ROLLUP_SUMS = [
  ...SUMS.map(([name, value, where]) => ({ name, value, where })),
  ...SUMS.map(([name, value, where]) => ({
    name: `consented_${name}`,
    value,
    where: sql`consented AND ${where}`,
  })),
].map((sum) => ({ ...sum, type: sql.raw(sum.name.endsWith('key_sum') ? 'bigint' : 'int') }));

/**
 * Counts every pending change row (`stats_rollup_delta`) into the rollup and deletes them, in one
 * statement: the rows deleted are exactly those its snapshot sees, so a change committed meanwhile
 * stays for the next run. Each change row (+1 or −1, a case's columns with its client's) goes, for
 * the month it opened and the month its decision was served, into one cell of every set: the same
 * expressions as the direct query (`dimensionsOver`), team by id (its name is read with the table,
 * so a rename changes nothing here). The sums of a cell that nets to nothing (a stage changed, seen
 * from a set without stage) are not written. A cell is never deleted: one that empties keeps
 * zeros, and the read skips it. Its text is fixed; its best plan depends on how many rows are
 * pending.
 */
export function countChangesSql(): RawBuilder<{ changes: number; cells: number }> {
  const dims = dimensionsOver('d', 'd');
  const plain = STAT_DIMENSIONS.filter((d) => d !== 'ground');
  const expression = (d: StatDimension) => (d === 'team' ? sql`d.team_id` : dims[d]);
  const part = (withGround: boolean) => {
    const sets = ROLLUP_SETS.filter((set) => set.includes('ground') === withGround);
    const columns = STAT_DIMENSIONS.filter((d) => withGround || d !== 'ground');
    const ref = (d: StatDimension) => sql.ref(d === 'ground' ? 'g.ground' : ROLLUP_COLUMN[d]);
    const keys = [sql`period_by`, sql`month`];
    const groupingSets = sets.map((set) => sql`(${sql.join([...keys, ...set.map(ref)])})`);
    // GROUPING(x) is 0 where the set groups by x: the set's bits.
    const mask = sql.join(
      columns.map((d) => sql`(1 - GROUPING(${ref(d)})) * ${sql.lit(setMask([d]))}`),
      sql` + `,
    );
    const values = STAT_DIMENSIONS.map((d) =>
      d === 'ground' && !withGround ? sql`NULL::text` : ref(d),
    );
    const sums = ROLLUP_SUMS.map(
      ({ name, value, where, type }) =>
        sql`coalesce(sum(${value}) FILTER (WHERE ${where}), 0)::${type} AS ${sql.ref(name)}`,
    );
    return sql`SELECT (${mask})::smallint AS dimensions, period_by, month, ${sql.join(values)}, ${sql.join(sums)}
        FROM changes ${withGround ? unnestGrounds('changes') : sql``}
       GROUP BY GROUPING SETS (${sql.join(groupingSets)})`;
  };
  const targets = sql.join(
    [
      'dimensions',
      'period_by',
      'month',
      ...STAT_DIMENSIONS.map((d) => ROLLUP_COLUMN[d]),
      ...ROLLUP_SUMS.map((s) => s.name),
    ].map((c) => sql.ref(c)),
  );
  const add = sql.join(
    ROLLUP_SUMS.map(
      ({ name }) => sql`${sql.ref(name)} = r.${sql.ref(name)} + excluded.${sql.ref(name)}`,
    ),
  );
  const nothing = sql.join(
    ROLLUP_SUMS.map(({ name }) => sql`${sql.ref(name)} = 0`),
    sql` AND `,
  );
  return sql`WITH taken AS (DELETE FROM stats_rollup_delta RETURNING *),
    changes AS MATERIALIZED (
      SELECT d.sign, d.stat_key::bigint AS stat_key, d.client_stat_key::bigint AS client_stat_key, d.grounds, ${outcomeClassOver('d')} AS cls,
             ${consentedOver('d')} AS consented, p.period_by, p.month,
             ${sql.join(plain.map((d) => sql`${expression(d)} AS ${sql.ref(ROLLUP_COLUMN[d])}`))}
        FROM taken d
       CROSS JOIN LATERAL (VALUES ('opened', date_trunc('month', d.opened_on::timestamp)::date),
                                  ('decided', date_trunc('month', d.decision_served_on::timestamp)::date)) AS p(period_by, month)
       WHERE p.month IS NOT NULL
    ),
    cells AS (${part(false)} UNION ALL ${part(true)}),
    written AS (
      INSERT INTO stats_rollup AS r (${targets})
      SELECT * FROM cells WHERE NOT (${nothing})
      ON CONFLICT ON CONSTRAINT stats_rollup_cell_key DO UPDATE SET ${add}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM taken)::int AS changes, (SELECT count(*) FROM written)::int AS cells`;
}

/** Which record keys a cell's key sums are of: its cases' own, or their clients'. */
type KeysOf = 'cases' | 'clients';

/**
 * The finest cells of a table from the rollup, for `cubeOverCells`: the set's cells summed over the
 * months asked for (the consenting clients' sums when only they count), key sums of the cases or
 * of their clients (`keys`). Not yet the cells that hold no case (`HAVING`, by the caller).
 */
const rollupCells =
  (dimensions: StatDimension[], scope: AggregateScope, keys: KeysOf) => (unnestGround: boolean) => {
    const from = scope.from ? `${scope.from}-01` : null;
    const to = scope.to ? `${scope.to}-01` : null;
    // Only the consenting clients' cases: their own sums.
    const prefix = scope.consentOnly ? 'consented_' : '';
    const keyed = `${prefix}${keys === 'clients' ? 'client_' : ''}`;
    const set = dimensions.filter((d) => d !== 'ground' || unnestGround);
    const exprs = dimensions.map((d) =>
      d === 'ground' && !unnestGround
        ? sql`NULL::text`
        : d === 'team'
          ? sql`t.name::text`
          : sql.ref(`r.${ROLLUP_COLUMN[d]}`),
    );
    const sum = (name: string) => sql`sum(${sql.ref(`r.${name}`)})`;
    return sql`SELECT ${sql.join(exprs.map((e, i) => sql`${e} AS ${sql.ref(`d${i}`)}`))},
             ${sum(`${prefix}records`)} AS n, ${sum(`${keyed}key_sum`)} AS ks,
             ${sum(`${prefix}recognised`)} AS rec_n, ${sum(`${keyed}recognised_key_sum`)} AS rec_ks,
             ${sum(`${prefix}rejected`)} AS rej_n, ${sum(`${keyed}rejected_key_sum`)} AS rej_ks
        FROM stats_rollup r
        ${set.includes('team') ? sql`JOIN team t ON t.id = r.team_id` : sql``}
       WHERE r.dimensions = ${sql.lit(setMask(set))} AND r.period_by = ${scope.periodBy}
         AND (${from}::date IS NULL OR r.month >= ${from}::date)
         AND (${to}::date IS NULL OR r.month <= ${to}::date)
       GROUP BY ${sql.join(dimensions.map((_, i) => sql.lit(i + 1)))}`;
  };

/**
 * `unit=cases` from the rollup: the same rows as `aggregateSql` over the cases counted into it.
 * The finest cells are the set's cells summed over the months asked for; a cell whose sum is
 * nothing has no case, and is left out as the direct query never makes it. Then the same CUBE
 * (`cubeOverCells`). Only for dimensions `rollupCovers`. `keys: 'clients'`: the same with each
 * case's client's key, the rows of `casesAsClientsSql` (what `rollupPersonsSql` builds on).
 */
export function rollupAggregateSql(
  dimensions: StatDimension[],
  scope: AggregateScope,
  keys: KeysOf = 'cases',
): RawBuilder<AggregateSqlRow> {
  return cubeOverCells(
    dimensions,
    (unnestGround) =>
      sql`${rollupCells(dimensions, scope, keys)(unnestGround)} HAVING sum(${sql.ref(`r.${scope.consentOnly ? 'consented_' : ''}records`)}) > 0`,
  );
}

/**
 * The changes not yet counted into the rollup (`stats_rollup_delta`) as finest cells of a table,
 * every case counted as its client (its client's key), by the same expressions as the direct
 * query over the columns each change row carries: with the rollup's cells, the cases as the
 * reading statement's snapshot sees them (the job moves rows from one to the other in one
 * transaction: a snapshot sees each change in exactly one of them).
 */
const pendingCells =
  (dimensions: StatDimension[], scope: AggregateScope) => (unnestGround: boolean) => {
    const dims = dimensionsOver('d', 'd');
    const cls = outcomeClassOver('d');
    const exprs = dimensions.map((d) =>
      d === 'ground' && !unnestGround ? sql`NULL::text` : dims[d],
    );
    const key = sql`d.sign * d.client_stat_key::bigint`;
    return sql`SELECT ${sql.join(exprs.map((e, i) => sql`${e} AS ${sql.ref(`d${i}`)}`))},
             sum(d.sign) AS n, sum(${key}) AS ks,
             sum(d.sign) FILTER (WHERE ${cls} = 'recognised') AS rec_n,
             sum(${key}) FILTER (WHERE ${cls} = 'recognised') AS rec_ks,
             sum(d.sign) FILTER (WHERE ${cls} = 'rejected') AS rej_n,
             sum(${key}) FILTER (WHERE ${cls} = 'rejected') AS rej_ks
        FROM stats_rollup_delta d
        ${dimensions.includes('team') ? sql`JOIN team t ON t.id = d.team_id` : sql``}
        ${unnestGround ? unnestGrounds('d') : sql``}
       WHERE ${scopeWhere('d', 'd', scope)}
       GROUP BY ${sql.join(dimensions.map((_, i) => sql.lit(i + 1)))}`;
  };

/**
 * `unit=persons` from the rollup (docs/decisions/0021): the same rows as `aggregateSql`'s
 * `unit=persons`, reading only the clients with more than one case, not every case.
 *   persons = every case counted as its client (the rollup's `client_…` sums, plus the changes
 *             not yet counted into it: exact as of this statement's snapshot)
 *           − the multi-case clients' cases counted the same way
 *           + the multi-case clients counted distinctly,
 * the last two from one pass over those clients' cases (`multiCaseClientsSql`). A one-case client's
 * case is its person in each of its cells; the subtraction leaves exactly those. The rollup and the
 * change rows must be read in the snapshot the cases are read in — one statement — or a change
 * seen in one and not the other would count a client twice or not at all; so this never answers
 * "as of the last count", unlike the cases' tables. Only for dimensions `rollupCovers`, and with
 * few changes pending (they are counted here on every request).
 */
export function rollupPersonsSql(
  dimensions: StatDimension[],
  scope: AggregateScope,
): RawBuilder<AggregateSqlRow> {
  const refs = dimensions.map((_, i) => sql.ref(`d${i}`));
  const everyCase = cubeOverCells(
    dimensions,
    (unnestGround) =>
      sql`SELECT ${sql.join(refs)}, sum(n) AS n, sum(ks) AS ks, sum(rec_n) AS rec_n,
                 sum(rec_ks) AS rec_ks, sum(rej_n) AS rej_n, sum(rej_ks) AS rej_ks
            FROM (${rollupCells(dimensions, scope, 'clients')(unnestGround)}
                  UNION ALL ${pendingCells(dimensions, scope)(unnestGround)}) AS kept
           GROUP BY ${sql.join(refs)}
          HAVING sum(n) > 0`,
  );
  const several = multiCaseClientsSql(dimensions, scope, true);
  return sql<AggregateSqlRow>`SELECT ${sql.join(refs)}, ${sql.ref('grouping')},
           sum(count)::int AS count, sum(keysum::bigint)::text AS keysum,
           sum(recognised)::int AS recognised, sum("recognisedKeysum"::bigint)::text AS "recognisedKeysum",
           sum(rejected)::int AS rejected, sum("rejectedKeysum"::bigint)::text AS "rejectedKeysum"
      FROM (${everyCase} UNION ALL ${several}) AS part
     GROUP BY ${sql.join([sql.ref('grouping'), ...refs])}`;
}

/**
 * The columns of a change row: a case's and its client's (migration 1766966400000's triggers), and
 * the client's key as `client_stat_key` (1768176000000).
 */
const DELTA_CASE_COLUMNS = [
  'stat_key',
  'opened_on',
  'decision_served_on',
  'jurisdiction',
  'case_type',
  'stage',
  'outcome',
  'grounds',
  'team_id',
] as const;
const DELTA_CLIENT_COLUMNS = ['nationality', 'sex', 'date_of_birth', 'consent'] as const;

/**
 * Logs every case as it is now (+1, with its client's columns and key), as the migrations did: the
 * change rows `countChangesSql` counts into an empty rollup. Returns how many cases it logged.
 */
export function logEveryCaseSql(): RawBuilder<{ cases: number }> {
  const columns = sql.join(
    ['sign', ...DELTA_CASE_COLUMNS, ...DELTA_CLIENT_COLUMNS, 'client_stat_key'].map((c) =>
      sql.ref(c),
    ),
  );
  const values = sql.join([
    sql`1`,
    ...DELTA_CASE_COLUMNS.map((c) => sql.ref(`c.${c}`)),
    ...DELTA_CLIENT_COLUMNS.map((c) => sql.ref(`cl.${c}`)),
    sql.ref('cl.stat_key'),
  ]);
  return sql`WITH logged AS (
      INSERT INTO stats_rollup_delta (${columns})
      SELECT ${values} FROM legal_case c JOIN client cl ON cl.id = c.client_id
      RETURNING 1
    )
    SELECT count(*)::int AS cases FROM logged`;
}

/**
 * `stats_client_cases` set right from the cases (migration 1768003200000): every client whose
 * kept count differs from its cases gets their count (a client with none and a kept zero is
 * right). Returns how many it corrected. For `rebuildClientCopies`, which holds the cases still.
 */
export function recountClientCasesSql(): RawBuilder<{ fixed: number }> {
  return sql`WITH counted AS (SELECT client_id, count(*)::int AS cases FROM legal_case GROUP BY client_id),
    wrong AS (
      SELECT coalesce(c.client_id, s.client_id) AS client_id, coalesce(c.cases, 0) AS cases
        FROM counted c FULL JOIN stats_client_cases s ON s.client_id = c.client_id
       WHERE coalesce(c.cases, 0) <> coalesce(s.cases, 0)
       ORDER BY 1
    ),
    fixed AS (
      INSERT INTO stats_client_cases AS s (client_id, cases) SELECT client_id, cases FROM wrong
      ON CONFLICT (client_id) DO UPDATE SET cases = excluded.cases
      RETURNING 1
    )
    SELECT count(*)::int AS fixed FROM fixed`;
}

/** The columns of `stats_multi_case` (migration 1768435200000), from a case `c` and client `cl`. */
const MULTI_CASE_COLUMNS = [
  ['case_id', 'c.id'],
  ['client_id', 'c.client_id'],
  ['client_stat_key', 'cl.stat_key'],
  ...DELTA_CASE_COLUMNS.filter((c) => c !== 'stat_key').map((c) => [c, `c.${c}`]),
  ...DELTA_CLIENT_COLUMNS.map((c) => [c, `cl.${c}`]),
] as const;

/**
 * `stats_multi_case` as it should be: the cases of every client with more than one (counted from
 * the cases, as the copy's triggers count them), with their clients' columns and keys.
 */
const multiCaseRows = sql`SELECT ${sql.join(MULTI_CASE_COLUMNS.map(([name, value]) => sql`${sql.ref(value)} AS ${sql.ref(name)}`))}
    FROM legal_case c
    JOIN client cl ON cl.id = c.client_id
   WHERE c.client_id IN (SELECT client_id FROM legal_case GROUP BY client_id HAVING count(*) > 1)`;

/** How many rows of `stats_multi_case` differ from what it should hold (either way). */
export function multiCaseDriftSql(): RawBuilder<{ rows: number }> {
  const columns = sql.join(MULTI_CASE_COLUMNS.map(([name]) => sql.ref(name)));
  return sql`SELECT ((SELECT count(*) FROM (SELECT ${columns} FROM stats_multi_case EXCEPT ALL ${multiCaseRows}) AS extra)
                   + (SELECT count(*) FROM (${multiCaseRows} EXCEPT ALL SELECT ${columns} FROM stats_multi_case) AS missing))::int AS rows`;
}

/**
 * Copies again, from the cases, the clients whose rows in `stats_multi_case` differ from what it
 * should hold, through the copy's own re-copy (`stats_multi_case_sync`, migration 1768435200000):
 * it runs as its owner, the runtime role may only read the table, and it can only set a client's
 * rows to what the cases say.
 */
export function recopyDriftedClientsSql(): RawBuilder<unknown> {
  const columns = sql.join(MULTI_CASE_COLUMNS.map(([name]) => sql.ref(name)));
  return sql`WITH drifted AS (
      SELECT client_id FROM (SELECT ${columns} FROM stats_multi_case EXCEPT ${multiCaseRows}) AS extra
      UNION SELECT client_id FROM (${multiCaseRows} EXCEPT SELECT ${columns} FROM stats_multi_case) AS missing
    )
    SELECT stats_multi_case_sync(ARRAY(SELECT client_id FROM drifted ORDER BY client_id))`;
}
