import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASE_TYPES,
  GROUNDS,
  OUTCOMES,
  RECOGNISED_OUTCOMES,
  REJECTED_OUTCOMES,
  STAGES,
  STAT_DIMENSIONS,
  type StatDimension,
  type StatPeriodBy,
} from '@haven/shared';
import { rows } from '../src/database/sql.js';
import { CONSENTED } from '../src/statistics/microdata.js';
import { rollupCovers, rollupPersonsSql } from '../src/statistics/rollup.queries.js';
import { countRollupChanges } from '../src/statistics/rollup.service.js';
import {
  aggregateSql,
  DIMENSION_SQL,
  outcomeClassOver,
  unnestGrounds,
  type AggregateScope,
  type AggregateSqlRow,
} from '../src/statistics/statistics.queries.js';
import { startTestApp, type TestApp } from './harness.js';
import { generator, plantClient as plantNew, type Generator } from './random-caseload.js';

type Row = Record<string, unknown>;

/**
 * `unit=persons` as it was counted before docs/decisions/0020: for each grouping set, the distinct
 * (cell, client, outcome class) records, then the clients of each cell. Slow (one pass and three
 * sorts a set) but plainly right: the reference the fast statement must equal cell by cell.
 */
function personsByDistinct(
  dimensions: StatDimension[],
  scope: AggregateScope,
): RawBuilder<AggregateSqlRow> {
  const period = scope.periodBy === 'opened' ? sql`c.opened_on` : sql`c.decision_served_on`;
  const from = scope.from ? `${scope.from}-01` : null;
  const to = scope.to ? `${scope.to}-01` : null;
  const cls = outcomeClassOver('c');
  const where = sql`${period} IS NOT NULL
         AND (${from}::date IS NULL OR ${period} >= ${from}::date)
         AND (${to}::date IS NULL OR ${period} < (${to}::date + interval '1 month'))
         AND ${scope.consentOnly ? CONSENTED : sql`true`}`;
  const joins = sql`FROM legal_case c
        JOIN client cl ON cl.id = c.client_id
        ${dimensions.includes('team') ? sql`JOIN team t ON t.id = c.team_id` : sql``}`;
  const sets: RawBuilder<unknown>[] = [];
  const n = dimensions.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    const shown = dimensions.map((_, i) => (mask & (1 << (n - 1 - i))) === 0);
    const exprs = dimensions.map((d, i) => (shown[i] ? DIMENSION_SQL[d] : null));
    const named = exprs.flatMap((e, i) => (e ? [sql`${e} AS ${sql.ref(`d${i}`)}`] : []));
    const refs = exprs.flatMap((e, i) => (e ? [sql.ref(`d${i}`)] : []));
    const unnest = dimensions.some((d, i) => d === 'ground' && shown[i])
      ? unnestGrounds('c')
      : sql``;
    const records = sql`SELECT DISTINCT ${sql.join([...named, sql`cl.id AS rid`, sql`cl.stat_key AS rkey`, sql`${cls} AS cls`])}
        ${joins}
        ${unnest}
       WHERE ${where}`;
    const select = dimensions.map((_, i) =>
      shown[i] ? sql.ref(`d${i}`) : sql`NULL::text AS ${sql.ref(`d${i}`)}`,
    );
    const group = refs.length ? sql`GROUP BY ${sql.join(refs)}` : sql``;
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

const NATIONALITIES = ['RU', 'RU', 'ER', 'UA', 'BY'];
const JURISDICTIONS = ['DE', 'GE', 'KZ'];
const TEAMS = ['Tbilisi office', 'Almaty office', 'Berlin office'];

/** Up to three distinct grounds (the cases service keeps them distinct), or none. */
const groundsOf = (g: Generator) =>
  g.chance(0.2)
    ? []
    : [
        ...new Set([
          g.pick(GROUNDS),
          ...(g.chance(0.5) ? [g.pick(GROUNDS)] : []),
          ...(g.chance(0.3) ? [g.pick(GROUNDS)] : []),
        ]),
      ];

interface PlantedCase {
  caseType: string;
  jurisdiction: string;
  stage: string;
  outcome: string | null;
  team: string;
  grounds: string[];
  opened: string;
  decidedAfter: number | null;
}

describe('statistics: persons (unit=persons)', () => {
  let t: TestApp;
  let teams: string[];

  beforeAll(async () => {
    t = await startTestApp();
    teams = await Promise.all(TEAMS.map((name) => t.teamId(name)));
  });
  afterAll(() => t.close());

  const plantClient = (g: Generator) => plantNew(t, g, NATIONALITIES, ['Counted', 'Once']);

  function drawCase(g: Generator): PlantedCase {
    const decided = g.chance(0.5);
    return {
      caseType: g.pick(CASE_TYPES),
      jurisdiction: g.pick(JURISDICTIONS),
      stage: decided ? 'closed' : g.pick(STAGES),
      outcome: decided || g.chance(0.1) ? g.pick(OUTCOMES) : null,
      team: g.pick(teams),
      grounds: groundsOf(g),
      opened: g.day(0, 900),
      decidedAfter: decided ? 10 + g.int(200) : null,
    };
  }

  /**
   * A client's next case: a new draw, or (often) a near copy of one of its cases — the same cells
   * with another outcome, other grounds or another month — so a client has several cases in one
   * cell, in one cell with different outcome classes, and in different cells.
   */
  function nextCase(g: Generator, previous: PlantedCase[]): PlantedCase {
    const fresh = drawCase(g);
    if (!previous.length || g.chance(0.4)) return fresh;
    const copy = { ...g.pick(previous) };
    if (g.chance(0.4)) {
      copy.outcome = fresh.outcome;
      copy.stage = fresh.stage;
      copy.decidedAfter = fresh.decidedAfter;
    }
    if (g.chance(0.4)) copy.grounds = fresh.grounds;
    if (g.chance(0.3)) copy.opened = fresh.opened;
    if (g.chance(0.2)) copy.team = fresh.team;
    return copy;
  }

  async function insertCase(clientId: string, c: PlantedCase): Promise<void> {
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, outcome, team_id, grounds, opened_on, decision_served_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10::date + $11::int)`,
      [
        id,
        `HV-RU-${id.slice(0, 13)}`,
        clientId,
        c.caseType,
        c.jurisdiction,
        c.stage,
        c.outcome,
        c.team,
        c.grounds,
        c.opened,
        c.decidedAfter,
      ],
    );
  }

  /**
   * A random caseload from nothing: many clients with one case, some with two to five. The
   * statistics rollup counts the first half (and sometimes the rest): persons from the rollup
   * read its cells and the changes still pending together (`rollupPersonsSql`).
   */
  async function plant(g: Generator, clients: number): Promise<void> {
    await t.ownerQuery('TRUNCATE legal_case, client CASCADE');
    for (let n = 0; n < clients; n++) {
      if (n === clients >> 1) await countRollupChanges(t.dataSource);
      const client = await plantClient(g);
      const count = g.chance(0.6) ? 1 : g.chance(0.1) ? 0 : 2 + g.int(4);
      const planted: PlantedCase[] = [];
      for (let k = 0; k < count; k++) {
        const c = nextCase(g, planted);
        planted.push(c);
        await insertCase(client, c);
      }
    }
    if (g.chance(0.5)) await countRollupChanges(t.dataSource);
  }

  const canonical = (found: Row[], n: number) =>
    found
      .map((r) =>
        JSON.stringify([
          ...Array.from({ length: n }, (_, i) => r[`d${i}`]),
          Number(r.grouping),
          r.count,
          String(r.keysum),
          r.recognised,
          String(r.recognisedKeysum),
          r.rejected,
          String(r.rejectedKeysum),
        ]),
      )
      .sort();

  /**
   * The persons a table counts from the cases (`aggregateSql`) and from the rollup
   * (`rollupPersonsSql`, where the rollup keeps the dimensions), beside the reference's.
   */
  const counted = (dimensions: StatDimension[], scope: AggregateScope) =>
    Promise.all([
      rows(t.dataSource, aggregateSql(dimensions, scope), { plan: 'unnamed' }),
      rollupCovers(dimensions)
        ? rows(t.dataSource, rollupPersonsSql(dimensions, scope), { plan: 'unnamed' })
        : null,
      rows(t.dataSource, personsByDistinct(dimensions, scope), { plan: 'unnamed' }),
    ]);

  async function expectSame(dimensions: StatDimension[], scope: AggregateScope, label: string) {
    const [fast, rolled, reference] = await counted(dimensions, scope);
    const name = `${label} ${dimensions.join(',')} ${JSON.stringify(scope)}`;
    expect(reference.length, name).toBeGreaterThan(0);
    expect(canonical(fast, dimensions.length), name).toEqual(
      canonical(reference, dimensions.length),
    );
    if (rolled)
      expect(canonical(rolled, dimensions.length), `${name} from the rollup`).toEqual(
        canonical(reference, dimensions.length),
      );
  }

  const scopeOf = (
    periodBy: StatPeriodBy,
    from: string | null = null,
    to: string | null = null,
    consentOnly = false,
  ): AggregateScope => ({ unit: 'persons', periodBy, from, to, consentOnly });

  /** Tables with ground alone, ground among others, team with two others, every kind of value. */
  const TABLES: StatDimension[][] = [
    ['nationality', 'jurisdiction'],
    ['ground'],
    ['ground', 'outcome'],
    ['jurisdiction', 'ground', 'sex'],
    ['team', 'sex', 'outcome'],
    ['ageBand', 'caseType', 'stage'],
    ['openedMonth', 'decidedMonth'],
    ['outcome'],
  ];
  const SCOPES = [
    scopeOf('opened'),
    scopeOf('decided'),
    scopeOf('opened', '2023-06', '2024-03'),
    scopeOf('decided', '2023-09', null, true),
    scopeOf('opened', null, '2023-12', true),
  ];

  it('plants clients counted once where their cases count more than once', async () => {
    await plant(generator(5), 150);
    // The caseload the property runs on is the one that matters: some clients with several
    // cases in one cell, some with a recognised and a rejected case in one cell.
    const [shape] = await t.dataSource.query<
      { several: number; same_cell: number; mixed: number }[]
    >(
      `SELECT (SELECT count(*) FROM (SELECT client_id FROM legal_case GROUP BY 1 HAVING count(*) > 1) s)::int AS several,
              (SELECT count(*) FROM (SELECT client_id FROM legal_case GROUP BY client_id, jurisdiction, case_type HAVING count(*) > 1) s)::int AS same_cell,
              (SELECT count(*) FROM (SELECT client_id FROM legal_case GROUP BY client_id, jurisdiction
                 HAVING bool_or(outcome::text = ANY ($1)) AND bool_or(outcome::text = ANY ($2))) s)::int AS mixed`,
      [RECOGNISED_OUTCOMES, REJECTED_OUTCOMES],
    );
    expect(shape.several).toBeGreaterThan(5);
    expect(shape.same_cell).toBeGreaterThan(2);
    expect(shape.mixed).toBeGreaterThan(0);
    const cases = await rows(
      t.dataSource,
      aggregateSql(['jurisdiction', 'caseType'], { ...scopeOf('opened'), unit: 'cases' }),
      { plan: 'unnamed' },
    );
    const persons = await rows(
      t.dataSource,
      aggregateSql(['jurisdiction', 'caseType'], scopeOf('opened')),
      { plan: 'unnamed' },
    );
    const total = (found: AggregateSqlRow[]) => found.find((r) => Number(r.grouping) === 3)!;
    expect(total(persons).count).toBeLessThan(total(cases).count);
    await expectSame(['jurisdiction', 'caseType'], scopeOf('opened'), 'planted');
  });

  it('counts the same rows as the distinct count, cell by cell, for any caseload (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 10, max: 50 }),
        async (seed, clients) => {
          const g = generator(seed);
          await plant(g, clients);
          for (const dimensions of TABLES)
            for (const scope of SCOPES) await expectSame(dimensions, scope, `seed ${seed}`);
          // And a few tables drawn from every dimension, in any order.
          for (let n = 0; n < 4; n++) {
            const dimensions = [...new Set([g.pick(STAT_DIMENSIONS), g.pick(STAT_DIMENSIONS)])];
            await expectSame(
              dimensions,
              scopeOf(g.pick(['opened', 'decided'] as const), null, null, g.chance(0.3)),
              `seed ${seed}`,
            );
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  /** Clients whose kept count differs from their cases (stats_client_cases, 1768003200000). */
  const miscounted = () =>
    t.dataSource.query<{ client_id: string; kept: number; cases: number }[]>(
      `SELECT coalesce(s.client_id, c.client_id) AS client_id, coalesce(s.cases, 0) AS kept, coalesce(c.cases, 0)::int AS cases
         FROM stats_client_cases s
         FULL JOIN (SELECT client_id, count(*) AS cases FROM legal_case GROUP BY client_id) c ON c.client_id = s.client_id
        WHERE coalesce(s.cases, 0) <> coalesce(c.cases, 0)`,
    );

  it("keeps each client's case count through inserts, deletions, moves and bulk statements", async () => {
    const g = generator(77);
    await plant(g, 40);
    expect(await miscounted()).toEqual([]);
    const clientIds = async () =>
      (await t.dataSource.query<{ id: string }[]>('SELECT id FROM client ORDER BY id')).map(
        (r) => r.id,
      );
    const caseIds = async () =>
      (await t.dataSource.query<{ id: string }[]>('SELECT id FROM legal_case ORDER BY id')).map(
        (r) => r.id,
      );
    for (let step = 0; step < 30; step++) {
      const clients = await clientIds();
      const cases = await caseIds();
      switch (g.int(5)) {
        case 0:
          await insertCase(g.pick(clients), drawCase(g));
          break;
        case 1:
          await t.dataSource.query('DELETE FROM legal_case WHERE id = $1', [g.pick(cases)]);
          break;
        case 2:
          // A merge moves a case to another client.
          await t.dataSource.query('UPDATE legal_case SET client_id = $2 WHERE id = $1', [
            g.pick(cases),
            g.pick(clients),
          ]);
          break;
        case 3:
          // Many cases of many clients in one statement, moved and deleted.
          await t.dataSource.query(
            'UPDATE legal_case SET client_id = $2 WHERE jurisdiction = $1 AND case_type = $3',
            [g.pick(JURISDICTIONS), g.pick(clients), g.pick(CASE_TYPES)],
          );
          await t.dataSource.query('DELETE FROM legal_case WHERE stage = $1 AND team_id = $2', [
            g.pick(STAGES),
            g.pick(teams),
          ]);
          break;
        default:
          // A change to anything else counts nothing.
          await t.dataSource.query(`UPDATE legal_case SET stage = $2 WHERE id = $1`, [
            g.pick(cases),
            g.pick(STAGES),
          ]);
      }
      expect(await miscounted(), `step ${step}`).toEqual([]);
      // The rollup counted now and then: its cells and the changes since, read together.
      if (step % 3 === 2) await countRollupChanges(t.dataSource);
      await expectSame(['nationality', 'ground', 'outcome'], scopeOf('opened'), `step ${step}`);
    }
    // Concurrent inserts for one client add up (each waits for the other's row).
    const [client] = await clientIds();
    await Promise.all(Array.from({ length: 6 }, () => insertCase(client, drawCase(g))));
    expect(await miscounted()).toEqual([]);
    await t.ownerQuery('TRUNCATE legal_case, client CASCADE');
    expect(await t.dataSource.query('SELECT * FROM stats_client_cases')).toEqual([]);
  });

  it('counts nothing as the distinct count does: no case, or none in the period', async () => {
    await t.ownerQuery('TRUNCATE legal_case, client CASCADE');
    for (const dimensions of [['nationality'], ['ground'], ['ground', 'team']] as StatDimension[][])
      for (const scope of [scopeOf('opened'), scopeOf('decided', '2030-01', '2030-02')]) {
        const [fast, rolled, reference] = await counted(dimensions, scope);
        expect(canonical(fast, dimensions.length)).toEqual(canonical(reference, dimensions.length));
        expect(canonical(rolled!, dimensions.length)).toEqual(
          canonical(reference, dimensions.length),
        );
      }
  });
});
