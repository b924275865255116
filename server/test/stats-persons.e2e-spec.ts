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
    // And are copied whole, each re-copy after the other's commit.
    expect(await copyDrift()).toEqual([]);
    await t.ownerQuery('TRUNCATE legal_case, client CASCADE');
    expect(await t.dataSource.query('SELECT * FROM stats_client_cases')).toEqual([]);
    expect(await t.dataSource.query('SELECT * FROM stats_multi_case')).toEqual([]);
  });

  /**
   * Rows of the multi-case clients' copy (`stats_multi_case`, 1768435200000) that differ from a
   * recount from the cases — the cases of every client with more than one, with its client's
   * columns and key — either way: empty when the copy is right.
   */
  const copyDrift = () =>
    t.dataSource.query<Row[]>(
      `WITH should AS (
         SELECT c.id AS case_id, c.client_id, cl.stat_key AS client_stat_key, c.opened_on,
                c.decision_served_on, c.jurisdiction, c.case_type, c.stage, c.outcome, c.grounds,
                c.team_id, cl.nationality, cl.sex, cl.date_of_birth, cl.consent
           FROM legal_case c JOIN client cl ON cl.id = c.client_id
          WHERE c.client_id IN (SELECT client_id FROM legal_case GROUP BY client_id HAVING count(*) > 1)
       ), kept AS (
         SELECT case_id, client_id, client_stat_key, opened_on, decision_served_on, jurisdiction,
                case_type, stage, outcome, grounds, team_id, nationality, sex, date_of_birth, consent
           FROM stats_multi_case
       )
       SELECT 'extra' AS drift, * FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM should) AS e
       UNION ALL
       SELECT 'missing', * FROM (SELECT * FROM should EXCEPT ALL SELECT * FROM kept) AS m`,
    );

  /** Ids of the clients not erased (an erased client's rows refuse every other write). */
  const liveClients = async () =>
    (
      await t.dataSource.query<{ id: string }[]>(
        'SELECT id FROM client WHERE anonymised_at IS NULL ORDER BY id',
      )
    ).map((r) => r.id);
  const liveCases = async () =>
    t.dataSource.query<{ id: string; client_id: string }[]>(
      `SELECT c.id, c.client_id FROM legal_case c JOIN client cl ON cl.id = c.client_id
        WHERE cl.anonymised_at IS NULL ORDER BY c.id`,
    );

  /** An erasure's write to the statistics' columns: the birth date kept to its year. */
  async function erase(clientId: string): Promise<void> {
    const q = t.dataSource.createQueryRunner();
    await q.startTransaction();
    try {
      await q.query(`SELECT set_config('haven.erasing', 'on', true)`);
      await q.query(
        `UPDATE client SET date_of_birth = date_trunc('year', date_of_birth)::date, anonymised_at = now()
          WHERE id = $1`,
        [clientId],
      );
      await q.commitTransaction();
    } finally {
      await q.release();
    }
  }

  it('keeps the multi-case copy equal to the cases through every kind of write (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), async (seed) => {
        const g = generator(seed);
        await plant(g, 25);
        expect(await copyDrift()).toEqual([]);
        /** The last merge (its cases, from whom), for an undo. */
        let merged: { from: string; cases: string[] } | null = null;
        const kinds = new Set<number>();
        for (let step = 0; step < 30; step++) {
          const clients = await liveClients();
          const cases = await liveCases();
          const kind = g.int(13);
          kinds.add(kind);
          const aCase = cases.length ? g.pick(cases).id : null;
          switch (kind) {
            case 0:
              // An intake: a new client with its first case.
              await insertCase(await plantClient(g), drawCase(g));
              break;
            case 1: {
              // A second (or further) case for a client with one.
              const [one] = await t.dataSource.query<{ client_id: string }[]>(
                `SELECT c.client_id FROM legal_case c JOIN client cl ON cl.id = c.client_id
                  WHERE cl.anonymised_at IS NULL GROUP BY c.client_id HAVING count(*) = 1
                  ORDER BY c.client_id OFFSET $1 LIMIT 1`,
                [g.int(5)],
              );
              await insertCase(one?.client_id ?? g.pick(clients), drawCase(g));
              break;
            }
            case 2: {
              // A decision: stage, outcome and the day it was served.
              const next = drawCase(g);
              await t.dataSource.query(
                `UPDATE legal_case SET stage = $2, outcome = $3, decision_served_on = opened_on + $4::int WHERE id = $1`,
                [aCase, next.stage, next.outcome, next.decidedAfter],
              );
              break;
            }
            case 3: {
              const next = drawCase(g);
              await t.dataSource.query(
                `UPDATE legal_case SET grounds = $2, jurisdiction = $3, case_type = $4, opened_on = $5 WHERE id = $1`,
                [aCase, next.grounds, next.jurisdiction, next.caseType, next.opened],
              );
              break;
            }
            case 4:
              // A team move: one case, then a whole team's cases of one jurisdiction.
              await t.dataSource.query('UPDATE legal_case SET team_id = $2 WHERE id = $1', [
                aCase,
                g.pick(teams),
              ]);
              await t.dataSource.query(
                'UPDATE legal_case SET team_id = $2 WHERE team_id = $1 AND jurisdiction = $3',
                [g.pick(teams), g.pick(teams), g.pick(JURISDICTIONS)],
              );
              break;
            case 5: {
              // A client corrected: any of the columns the statistics read.
              const other = await plantClient(g);
              await t.dataSource.query(
                `UPDATE client SET nationality = CASE WHEN $3 THEN o.nationality ELSE client.nationality END,
                                   sex = CASE WHEN $4 THEN o.sex ELSE client.sex END,
                                   date_of_birth = CASE WHEN $5 THEN o.date_of_birth ELSE client.date_of_birth END,
                                   consent = CASE WHEN $6 THEN o.consent ELSE client.consent END
                   FROM client o WHERE client.id = $1 AND o.id = $2`,
                [
                  g.pick(clients),
                  other,
                  g.chance(0.5),
                  g.chance(0.5),
                  g.chance(0.5),
                  g.chance(0.5),
                ],
              );
              break;
            }
            case 6:
              // A client's record key (none is written by Haven, but the copy follows one).
              await t.dataSource.query('UPDATE client SET stat_key = $2 WHERE id = $1', [
                g.pick(clients),
                g.int(1 << 30),
              ]);
              break;
            case 7: {
              // A merge: every case of one client moved to another.
              const from = g.pick(clients);
              const into = g.pick(clients);
              const moved = await t.dataSource.query<{ id: string }[]>(
                'UPDATE legal_case SET client_id = $2 WHERE client_id = $1 AND $1 <> $2 RETURNING id',
                [from, into],
              );
              merged = { from, cases: moved.map((r) => r.id) };
              break;
            }
            case 8:
              // Its undo: the cases moved back.
              if (merged)
                await t.dataSource.query(
                  'UPDATE legal_case SET client_id = $1 WHERE id = ANY ($2)',
                  [merged.from, merged.cases],
                );
              merged = null;
              break;
            case 9:
              await erase(g.pick(clients));
              merged = null;
              break;
            case 10:
              await t.dataSource.query('DELETE FROM legal_case WHERE id = $1', [aCase]);
              break;
            case 11:
              // Many cases of many clients in one statement.
              await t.dataSource.query('DELETE FROM legal_case WHERE stage = $1 AND team_id = $2', [
                g.pick(STAGES),
                g.pick(teams),
              ]);
              break;
            default: {
              // A client deleted with its cases (after them: the foreign key restricts).
              const gone = g.pick(clients);
              await t.dataSource.query('DELETE FROM legal_case WHERE client_id = $1', [gone]);
              await t.dataSource.query(
                'DELETE FROM client_merge WHERE surviving_id = $1 OR merged_id = $1',
                [gone],
              );
              await t.dataSource.query('DELETE FROM client WHERE id = $1', [gone]);
            }
          }
          expect(await copyDrift(), `seed ${seed} step ${step} (write ${kind})`).toEqual([]);
          expect(await miscounted(), `seed ${seed} step ${step}`).toEqual([]);
          if (step % 4 === 3) await countRollupChanges(t.dataSource);
          await expectSame(
            TABLES[step % TABLES.length],
            SCOPES[step % SCOPES.length],
            `seed ${seed} step ${step} (write ${kind})`,
          );
        }
        expect(kinds.size).toBeGreaterThan(8);
      }),
      { numRuns: 4 },
    );
  });

  it('keeps the copy when two transactions change one client and its cases at the same time', async () => {
    const g = generator(11);
    /** A client with one case, one with two, and the case ids. */
    async function fresh() {
      await plant(g, 10);
      const one = await plantClient(g);
      await insertCase(one, drawCase(g));
      const two = await plantClient(g);
      await insertCase(two, drawCase(g));
      await insertCase(two, drawCase(g));
      const caseOf = async (client: string) =>
        (
          await t.dataSource.query<{ id: string }[]>(
            'SELECT id FROM legal_case WHERE client_id = $1 ORDER BY id',
            [client],
          )
        ).map((r) => r.id);
      return { one, two, oneCases: await caseOf(one), twoCases: await caseOf(two) };
    }
    type Write = (q: {
      query: (text: string, params?: unknown[]) => Promise<unknown>;
    }) => Promise<unknown>;
    const second = drawCase(g);
    const insertFor =
      (client: string): Write =>
      (q) =>
        q.query(
          `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, outcome, team_id, grounds, opened_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            randomUUID(),
            `HV-RU-${randomUUID().slice(0, 13)}`,
            client,
            second.caseType,
            second.jurisdiction,
            second.stage,
            second.outcome,
            second.team,
            second.grounds,
            second.opened,
          ],
        );
    const scenarios: [string, (s: Awaited<ReturnType<typeof fresh>>) => [Write, Write]][] = [
      [
        'a second case | its first case decided',
        (s) => [
          insertFor(s.one),
          (q) =>
            q.query(`UPDATE legal_case SET stage = 'closed', outcome = 'rejected' WHERE id = $1`, [
              s.oneCases[0],
            ]),
        ],
      ],
      [
        'a second case | the client corrected',
        (s) => [
          insertFor(s.one),
          (q) =>
            q.query(`UPDATE client SET nationality = 'AF', sex = 'other' WHERE id = $1`, [s.one]),
        ],
      ],
      [
        'a case moved to another team | the client corrected',
        (s) => [
          (q) =>
            q.query('UPDATE legal_case SET team_id = $2 WHERE id = $1', [s.twoCases[0], teams[2]]),
          (q) =>
            q.query(
              `UPDATE client SET date_of_birth = '1990-01-01', consent = NULL WHERE id = $1`,
              [s.two],
            ),
        ],
      ],
      [
        'a case deleted (back to one) | the other case changed',
        (s) => [
          (q) => q.query('DELETE FROM legal_case WHERE id = $1', [s.twoCases[1]]),
          (q) =>
            q.query(
              `UPDATE legal_case SET grounds = '{religion}', jurisdiction = 'KZ' WHERE id = $1`,
              [s.twoCases[0]],
            ),
        ],
      ],
      [
        'a merge | a new case for the surviving client',
        (s) => [
          (q) =>
            q.query('UPDATE legal_case SET client_id = $2 WHERE client_id = $1', [s.one, s.two]),
          insertFor(s.two),
        ],
      ],
      [
        'a merge | the merged client corrected',
        (s) => [
          (q) =>
            q.query('UPDATE legal_case SET client_id = $2 WHERE client_id = $1', [s.two, s.one]),
          (q) => q.query(`UPDATE client SET nationality = 'UA' WHERE id = $1`, [s.one]),
        ],
      ],
    ];
    for (const [name, scenario] of scenarios)
      for (const firstFirst of [true, false]) {
        const writes = scenario(await fresh());
        const [early, late] = firstFirst ? writes : [writes[1], writes[0]];
        const a = t.dataSource.createQueryRunner();
        const b = t.dataSource.createQueryRunner();
        await a.startTransaction();
        await b.startTransaction();
        try {
          await early(a);
          // The second write waits for the first transaction where they share a row; either
          // way it commits after it.
          const waiting = late(b);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await a.commitTransaction();
          await waiting;
          await b.commitTransaction();
        } finally {
          await a.release();
          await b.release();
        }
        const label = `${name} (${firstFirst ? 'left' : 'right'} first)`;
        expect(await copyDrift(), label).toEqual([]);
        await expectSame(['nationality', 'ground', 'outcome'], scopeOf('opened'), label);
        await expectSame(['team', 'ageBand'], scopeOf('decided', null, null, true), label);
      }

    // Lock order: a case's trigger takes its client's row before it writes the copy's row. A
    // client's row held (as its UPDATE holds it), one of its cases changed meanwhile, then the
    // client changed: the case change waits for the client and follows it; were the copy's row
    // written first, the two would each wait for the other (a deadlock, one rolled back).
    const s = await fresh();
    const a = t.dataSource.createQueryRunner();
    const b = t.dataSource.createQueryRunner();
    await a.startTransaction();
    await b.startTransaction();
    try {
      await a.query('SELECT 1 FROM client WHERE id = $1 FOR NO KEY UPDATE', [s.two]);
      const caseChange = b.query(
        `UPDATE legal_case SET stage = 'appeal', outcome = NULL WHERE id = $1`,
        [s.twoCases[0]],
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await a.query(`UPDATE client SET nationality = 'BY' WHERE id = $1`, [s.two]);
      await a.commitTransaction();
      await caseChange;
      await b.commitTransaction();
    } finally {
      await a.release();
      await b.release();
    }
    expect(await copyDrift()).toEqual([]);
    await expectSame(['nationality', 'stage'], scopeOf('opened'), 'client held, case changed');
  });

  /**
   * Two transactions: `first` runs in A; 100 ms later `second` in B; at 300 ms `release` runs and
   * (when given) `more` in A, after `first`. Each commits once its statements are done; both must
   * finish. Returns the errors (a deadlock rolls one back).
   */
  async function interleave(
    first: (q: Runner) => Promise<unknown>,
    second: (q: Runner) => Promise<unknown>,
    more: ((q: Runner) => Promise<unknown>) | null,
    release: () => Promise<unknown> = () => Promise.resolve(),
  ): Promise<string[]> {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const a = t.dataSource.createQueryRunner();
    const b = t.dataSource.createQueryRunner();
    const errors: string[] = [];
    await a.startTransaction();
    await b.startTransaction();
    let [aOpen, bOpen] = [true, true];
    try {
      const aDone = (async () => {
        await first(a);
        if (more) {
          await sleep(300);
          await more(a);
        }
        await a.commitTransaction();
        aOpen = false;
      })().catch((e: Error) => errors.push(`A: ${e.message}`));
      const bDone = (async () => {
        await sleep(100);
        await second(b);
        await b.commitTransaction();
        bOpen = false;
      })().catch((e: Error) => errors.push(`B: ${e.message}`));
      await sleep(300);
      await release();
      await Promise.all([aDone, bDone]);
    } finally {
      if (aOpen) await a.rollbackTransaction().catch(() => undefined);
      if (bOpen) await b.rollbackTransaction().catch(() => undefined);
      await a.release();
      await b.release();
    }
    return errors;
  }
  type Runner = { query: (text: string, params?: unknown[]) => Promise<unknown> };

  async function caseFor(q: Runner, clientId: string, team: string): Promise<string> {
    const id = randomUUID();
    await q.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, team_id, grounds, opened_on)
       VALUES ($1, $2, $3, 'asylum', 'DE', 'intake', $4, '{political_opinion}', '2025-01-10')`,
      [id, `HV-RU-${id.slice(0, 13)}`, clientId, team],
    );
    return id;
  }

  it('does not deadlock a case changed then another added with a new case for that client', async () => {
    const g = generator(23);
    await plant(g, 10);
    // A case changed, then another case for its client in the same transaction; meanwhile a
    // second case for that client, in the same team and stage as the other. The intake's re-copy
    // took the shared counters, then waited for the changed case (or its client's count row),
    // while the changed case's transaction waited for the counters: a deadlock. Per-client locks
    // first, then the counters: the intake waits for the client holding nothing.
    const x = await plantClient(g);
    const c1 = await caseFor(t.dataSource, x, teams[0]);
    expect(
      await interleave(
        (q) => q.query(`UPDATE legal_case SET jurisdiction = 'AT' WHERE id = $1`, [c1]),
        (q) => caseFor(q, x, teams[1]),
        (q) => caseFor(q, x, teams[1]),
      ),
    ).toEqual([]);
    expect(await copyDrift()).toEqual([]);
    expect(
      (
        await t.dataSource.query(
          'SELECT count(*)::int AS n FROM stats_multi_case WHERE client_id = $1',
          [x],
        )
      )[0].n,
    ).toBe(3);
    await expectSame(['jurisdiction', 'nationality'], scopeOf('opened'), 'after the race');
  });

  it("does not deadlock a team's cases moved with a new case for one of their clients", async () => {
    const g = generator(37);
    await plant(g, 10);
    // A team's cases moved (one of them a client's only case) while a second case for that client
    // arrives: the move holds every case it moved until its triggers run. Held in the middle by
    // a third transaction's lock on a later case, so the intake starts while the move still holds
    // the client's case and has not yet counted anything.
    const [from, to] = [teams[1], teams[2]];
    await t.dataSource.query('UPDATE legal_case SET team_id = $2 WHERE team_id = $1', [
      from,
      teams[0],
    ]);
    const y = await plantClient(g);
    await caseFor(t.dataSource, y, from);
    const blocked = await caseFor(t.dataSource, await plantClient(g), from);
    const holder = t.dataSource.createQueryRunner();
    await holder.startTransaction();
    let held = true;
    try {
      await holder.query('SELECT 1 FROM legal_case WHERE id = $1 FOR UPDATE', [blocked]);
      expect(
        await interleave(
          // Every case of the team, the held one last: locked in that order.
          (q) =>
            q.query(
              `UPDATE legal_case SET team_id = $2 WHERE id IN (
                 SELECT id FROM legal_case WHERE team_id = $1 ORDER BY id = $3, id FOR UPDATE)`,
              [from, to, blocked],
            ),
          (q) => caseFor(q, y, to),
          null,
          async () => {
            await holder.rollbackTransaction();
            held = false;
          },
        ),
      ).toEqual([]);
    } finally {
      if (held) await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await copyDrift()).toEqual([]);
    expect(
      await t.dataSource.query('SELECT team_id FROM stats_multi_case WHERE client_id = $1', [y]),
    ).toEqual([{ team_id: to }, { team_id: to }]);
    await expectSame(['team', 'nationality'], scopeOf('opened'), 'after the race');
  });

  it('counts each client in one part of the fallback whatever its kept case count says', async () => {
    const g = generator(29);
    await plant(g, 10);
    const x = await plantClient(g);
    await caseFor(t.dataSource, x, teams[0]);
    await expectSame(['nationality', 'jurisdiction'], scopeOf('opened'), 'before');
    // A one-case client counted as two (a drifted count): not in the copy, so counted as one.
    await t.ownerQuery('UPDATE stats_client_cases SET cases = 2 WHERE client_id = $1', [x]);
    await expectSame(['nationality', 'jurisdiction'], scopeOf('opened'), 'count drifted');
  });

  it('lets the runtime role read the copy but not write it: its triggers write it as their owner', async () => {
    const [row] = await t.dataSource.query<Record<string, boolean>[]>(
      `SELECT has_table_privilege('stats_multi_case', 'SELECT') AS "select",
              has_table_privilege('stats_multi_case', 'INSERT') AS "insert",
              has_table_privilege('stats_multi_case', 'UPDATE') AS "update",
              has_table_privilege('stats_multi_case', 'DELETE') AS "delete",
              has_table_privilege('stats_multi_case', 'TRUNCATE') AS "truncate"`,
    );
    expect(row).toEqual({
      select: true,
      insert: false,
      update: false,
      delete: false,
      truncate: false,
    });
    await expect(
      t.dataSource.query(`UPDATE stats_multi_case SET nationality = 'ZZ'`),
    ).rejects.toThrow(/permission denied/);
    await expect(t.dataSource.query('DELETE FROM stats_multi_case')).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      t.dataSource.query('INSERT INTO stats_multi_case SELECT * FROM stats_multi_case LIMIT 0'),
    ).rejects.toThrow(/permission denied/);
    const functions = await t.dataSource.query<
      { proname: string; definer: boolean; config: string[] | null }[]
    >(
      `SELECT proname, prosecdef AS definer, proconfig AS config FROM pg_proc
        WHERE proname LIKE 'stats\\_multi\\_case\\_%' ORDER BY proname`,
    );
    expect(functions.map((f) => f.proname)).toEqual([
      'stats_multi_case_case_changed',
      'stats_multi_case_client_changed',
      'stats_multi_case_deleted',
      'stats_multi_case_inserted',
      'stats_multi_case_moved',
      'stats_multi_case_sync',
      'stats_multi_case_truncated',
    ]);
    for (const fn of functions)
      expect(fn, fn.proname).toEqual({
        proname: fn.proname,
        definer: true,
        config: ['search_path=pg_catalog, public'],
      });
    // And the runtime role's writes keep it (the property above writes as the runtime role too).
    const g = generator(31);
    const x = await plantClient(g);
    await caseFor(t.dataSource, x, teams[0]);
    await caseFor(t.dataSource, x, teams[1]);
    expect(await copyDrift()).toEqual([]);
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
