import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASE_TYPES,
  GROUNDS,
  OUTCOMES,
  SEXES,
  STAGES,
  type StatDimension,
  type StatPeriodBy,
} from '@haven/shared';
import { rows } from '../src/database/sql.js';
import { ROLLUP_SETS, rollupAggregateSql, rollupCovers } from '../src/statistics/rollup.queries.js';
import {
  countRollupChanges,
  ROLLUP_BACKLOG_LIMIT,
  ROLLUP_LOCK,
  StatsRollupService,
} from '../src/statistics/rollup.service.js';
import {
  aggregateSql,
  casesAsClientsSql,
  type AggregateScope,
} from '../src/statistics/statistics.queries.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';
import {
  consentOf,
  generator,
  plantClient as plantNew,
  type Generator,
} from './random-caseload.js';

type Row = Record<string, unknown>;

const NATIONALITIES = ['RU', 'RU', 'ER', 'UA', 'BY', 'AF'];
const JURISDICTIONS = ['DE', 'GE', 'KZ', 'EE'];
const TEAMS = ['Tbilisi office', 'Almaty office', 'Berlin office'];

const groundsOf = (g: Generator) =>
  g.chance(0.2) ? [] : [...new Set([g.pick(GROUNDS), ...(g.chance(0.4) ? [g.pick(GROUNDS)] : [])])];

describe('statistics rollup', () => {
  let t: TestApp;
  let teams: string[];

  beforeAll(async () => {
    t = await startTestApp();
    teams = await Promise.all(TEAMS.map((name) => t.teamId(name)));
  });
  afterAll(() => t.close());

  const plantClient = (g: Generator) => plantNew(t, g, NATIONALITIES, ['Rolled', 'Up']);

  async function plantCase(g: Generator, clientId: string): Promise<string> {
    const id = randomUUID();
    const opened = g.day(0, 900);
    const decided = g.chance(0.5);
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, outcome, team_id, grounds, opened_on, decision_served_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $11::boolean THEN $10::date + $12::int END)`,
      [
        id,
        `HV-RU-${id.slice(0, 13)}`,
        clientId,
        g.pick(CASE_TYPES),
        g.pick(JURISDICTIONS),
        decided ? 'closed' : g.pick(STAGES),
        decided || g.chance(0.1) ? g.pick(OUTCOMES) : null,
        g.pick(teams),
        groundsOf(g),
        opened,
        decided,
        10 + g.int(200),
      ],
    );
    return id;
  }

  /** A random caseload from nothing: some clients with more than one case. */
  async function plant(g: Generator, size: number) {
    await t.ownerQuery('TRUNCATE legal_case, client CASCADE');
    const clients: string[] = [];
    const cases: string[] = [];
    for (let n = 0; n < size; n++) {
      const client = clients.length && g.chance(0.2) ? g.pick(clients) : await plantClient(g);
      if (!clients.includes(client)) clients.push(client);
      cases.push(await plantCase(g, client));
    }
    return { clients, cases };
  }

  type Caseload = Awaited<ReturnType<typeof plant>>;

  /** The writes a case and a client go through, each by the statement the app's paths run. */
  const WRITES = {
    newCase: async (g: Generator, c: Caseload) => {
      const client = g.chance(0.5) ? g.pick(c.clients) : await plantClient(g);
      if (!c.clients.includes(client)) c.clients.push(client);
      c.cases.push(await plantCase(g, client));
    },
    outcome: (g: Generator, c: Caseload) =>
      t.dataSource.query(
        `UPDATE legal_case SET stage = 'closed', outcome = $2, decision_served_on = opened_on + $3::int WHERE id = $1`,
        [g.pick(c.cases), g.pick(OUTCOMES), 5 + g.int(300)],
      ),
    outcomeCleared: (g: Generator, c: Caseload) =>
      t.dataSource.query(
        `UPDATE legal_case SET stage = 'appeal', outcome = NULL, decision_served_on = NULL WHERE id = $1`,
        [g.pick(c.cases)],
      ),
    stage: (g: Generator, c: Caseload) =>
      t.dataSource.query(`UPDATE legal_case SET stage = $2 WHERE id = $1`, [
        g.pick(c.cases),
        g.pick(STAGES),
      ]),
    team: (g: Generator, c: Caseload) =>
      t.dataSource.query(`UPDATE legal_case SET team_id = $2 WHERE id = $1`, [
        g.pick(c.cases),
        g.pick(teams),
      ]),
    grounds: (g: Generator, c: Caseload) =>
      t.dataSource.query(`UPDATE legal_case SET grounds = $2 WHERE id = $1`, [
        g.pick(c.cases),
        groundsOf(g),
      ]),
    openedAndType: (g: Generator, c: Caseload) =>
      t.dataSource.query(
        `UPDATE legal_case SET opened_on = $2, case_type = $3, jurisdiction = $4 WHERE id = $1`,
        [g.pick(c.cases), g.day(0, 900), g.pick(CASE_TYPES), g.pick(JURISDICTIONS)],
      ),
    nationality: (g: Generator, c: Caseload) =>
      t.dataSource.query(`UPDATE client SET nationality = $2 WHERE id = $1`, [
        g.pick(c.clients),
        g.pick(NATIONALITIES),
      ]),
    sexAndBirth: (g: Generator, c: Caseload) =>
      t.dataSource.query(`UPDATE client SET sex = $2, date_of_birth = $3 WHERE id = $1`, [
        g.pick(c.clients),
        g.pick(SEXES),
        g.chance(0.2) ? null : g.day(-30_000, 29_000),
      ]),
    consent: (g: Generator, c: Caseload) =>
      t.dataSource.query(`UPDATE client SET consent = $2 WHERE id = $1`, [
        g.pick(c.clients),
        consentOf(g),
      ]),
    // A merge moves a case to another client.
    moveToClient: (g: Generator, c: Caseload) =>
      t.dataSource.query(`UPDATE legal_case SET client_id = $2 WHERE id = $1`, [
        g.pick(c.cases),
        g.pick(c.clients),
      ]),
    deletion: async (g: Generator, c: Caseload) => {
      const id = g.pick(c.cases);
      await t.dataSource.query(`DELETE FROM legal_case WHERE id = $1`, [id]);
      c.cases = c.cases.filter((other) => other !== id);
    },
    // Many rows in one statement (a realignment moves a team's cases).
    bulk: (g: Generator) =>
      t.dataSource.query(`UPDATE legal_case SET team_id = $2 WHERE jurisdiction = $1`, [
        g.pick(JURISDICTIONS),
        g.pick(teams),
      ]),
    // A column no dimension reads: nothing to count.
    unrelated: async (g: Generator, c: Caseload) => {
      await t.dataSource.query(`UPDATE client SET given_name = 'Renamed' WHERE id = $1`, [
        g.pick(c.clients),
      ]);
      await t.dataSource.query(`UPDATE legal_case SET priority = 'urgent' WHERE id = $1`, [
        g.pick(c.cases),
      ]);
    },
  } satisfies Record<string, (g: Generator, c: Caseload) => Promise<unknown>>;
  type Write = keyof typeof WRITES;

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
   * The table's rows counted from the cases, and from the rollup as it stands: the cases with
   * their own keys, then with their clients' keys (the rollup's `client_…key_sum`, which persons
   * are counted from: docs/decisions/0021).
   */
  async function both(dimensions: StatDimension[], scope: AggregateScope) {
    const [direct, rolled, directAsClients, rolledAsClients] = await Promise.all([
      rows(t.dataSource, aggregateSql(dimensions, scope), { plan: 'unnamed' }),
      rows(t.dataSource, rollupAggregateSql(dimensions, scope), { plan: 'unnamed' }),
      rows(t.dataSource, casesAsClientsSql(dimensions, scope), { plan: 'unnamed' }),
      rows(t.dataSource, rollupAggregateSql(dimensions, scope, 'clients'), { plan: 'unnamed' }),
    ]);
    const n = dimensions.length;
    const keyed = (cases: Row[], asClients: Row[]) => [
      ...canonical(cases, n).map((row) => `case keys ${row}`),
      ...canonical(asClients, n).map((row) => `client keys ${row}`),
    ];
    return { direct: keyed(direct, directAsClients), rolled: keyed(rolled, rolledAsClients) };
  }

  async function expectSame(dimensions: StatDimension[], scope: AggregateScope, label = '') {
    const { direct, rolled } = await both(dimensions, scope);
    expect(direct.length, `${label} ${dimensions.join(',')}`).toBeGreaterThan(0);
    expect(rolled, `${label} ${dimensions.join(',')} ${JSON.stringify(scope)}`).toEqual(direct);
  }

  const scopeOf = (
    periodBy: StatPeriodBy,
    from: string | null = null,
    to: string | null = null,
    consentOnly = false,
  ): AggregateScope => ({ unit: 'cases', periodBy, from, to, consentOnly });

  /** Tables that every kind of write changes, in both periods, with and without consent. */
  const WATCHED: StatDimension[][] = [
    ['nationality', 'sex', 'ageBand'],
    ['team', 'stage'],
    ['outcome', 'jurisdiction', 'caseType'],
    ['ground', 'decidedMonth'],
    ['openedMonth', 'outcome'],
    ['ground'],
  ];
  const WATCHED_SCOPES = [
    scopeOf('opened'),
    scopeOf('decided'),
    scopeOf('opened', '2023-06', '2024-03'),
    scopeOf('opened', null, null, true),
  ];

  async function expectWatchedSame(label: string) {
    for (const dimensions of WATCHED)
      for (const scope of WATCHED_SCOPES) await expectSame(dimensions, scope, label);
  }

  it('keeps a cell for every set it covers: each of one to three dimensions, team with one other', () => {
    const covered = (n: number) =>
      ROLLUP_SETS.filter((s) => s.length === n && (n < 3 || !s.includes('team'))).length;
    expect(ROLLUP_SETS.length).toBe(187);
    expect(covered(1)).toBe(11);
    expect(covered(3)).toBe(120);
    expect(rollupCovers(['team', 'outcome'])).toBe(true);
    expect(rollupCovers(['team', 'outcome', 'sex'])).toBe(false);
    expect(ROLLUP_SETS.some((s) => s.length === 0)).toBe(true);
  });

  it('counts every covered table as the cases do, for every set, period and consent', async () => {
    await plant(generator(11), 240);
    await countRollupChanges(t.dataSource);
    const scopes = [
      scopeOf('opened'),
      scopeOf('decided', '2023-04', '2024-11'),
      scopeOf('opened', '2024-01', null, true),
    ];
    let compared = 0;
    for (const set of ROLLUP_SETS.filter((s) => s.length > 0))
      for (const scope of scopes) {
        // In STAT_DIMENSIONS order and reversed: the rollup keeps a set once, whatever the order.
        const order = compared % 2 ? [...set].reverse() : set;
        await expectSame(order, scope);
        compared++;
      }
    expect(compared).toBe(186 * 3);
  });

  it.each(Object.keys(WRITES) as Write[])(
    'counts a %s once the change is counted, and not before',
    async (write) => {
      const g = generator(write.length * 7919);
      const caseload = await plant(g, 60);
      await countRollupChanges(t.dataSource);
      await expectWatchedSame('planted');
      const pending = async () =>
        Number(
          (
            await t.dataSource.query<{ n: string }[]>(
              'SELECT count(*) AS n FROM stats_rollup_delta',
            )
          )[0].n,
        );
      // Until a write changes something a table shows, retried with other rows.
      let changed = false;
      for (let attempt = 0; attempt < 20 && !changed; attempt++) {
        await WRITES[write](g, caseload);
        for (const dimensions of WATCHED)
          for (const consentOnly of [false, true]) {
            const { direct, rolled } = await both(
              dimensions,
              scopeOf('opened', null, null, consentOnly),
            );
            if (JSON.stringify(direct) !== JSON.stringify(rolled)) changed = true;
          }
        if (write === 'unrelated') break;
      }
      // The change is logged, not yet counted: the rollup still shows the table before it.
      if (write === 'unrelated') {
        expect(changed).toBe(false);
        expect(await pending()).toBe(0);
      } else {
        expect(changed, `${write} changed no watched table`).toBe(true);
        expect(await pending()).toBeGreaterThan(0);
      }
      await countRollupChanges(t.dataSource);
      expect(await pending()).toBe(0);
      await expectWatchedSame(`after ${write}`);
    },
  );

  it('equals the cases after any random sequence of writes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 20, max: 70 }),
        fc.array(fc.constantFrom(...(Object.keys(WRITES) as Write[])), {
          minLength: 5,
          maxLength: 25,
        }),
        fc.boolean(),
        async (seed, size, writes, countBetween) => {
          const g = generator(seed);
          const caseload = await plant(g, size);
          if (countBetween) await countRollupChanges(t.dataSource);
          for (const write of writes) {
            if (caseload.cases.length < 2) await WRITES.newCase(g, caseload);
            await WRITES[write](g, caseload);
            if (countBetween && g.chance(0.3)) await countRollupChanges(t.dataSource);
          }
          await countRollupChanges(t.dataSource);
          await expectWatchedSame(`seed ${seed}`);
          // And a few tables drawn from every covered one.
          for (let n = 0; n < 4; n++) {
            const set = g.pick(ROLLUP_SETS.filter((s) => s.length > 0));
            await expectSame(set, scopeOf(g.pick(['opened', 'decided'] as const)), `seed ${seed}`);
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('logs a client change and a change to one of its cases made at the same time, each against the other', async () => {
    const g = generator(5);
    const caseload = await plant(g, 30);
    await countRollupChanges(t.dataSource);
    const [{ client_id: client }] = await t.dataSource.query<{ client_id: string }[]>(
      'SELECT client_id FROM legal_case GROUP BY client_id ORDER BY count(*) DESC, client_id LIMIT 1',
    );
    for (const clientFirst of [true, false]) {
      const a = t.dataSource.createQueryRunner();
      const b = t.dataSource.createQueryRunner();
      await a.startTransaction();
      await b.startTransaction();
      try {
        const changeClient = () =>
          a.query(`UPDATE client SET nationality = $2, sex = 'other' WHERE id = $1`, [
            client,
            clientFirst ? 'ER' : 'AF',
          ]);
        const changeCases = () =>
          b.query(`UPDATE legal_case SET stage = $2, outcome = NULL WHERE client_id = $1`, [
            client,
            clientFirst ? 'appeal' : 'interview',
          ]);
        // The second statement waits for the first transaction's lock on the client's row.
        await (clientFirst ? changeClient() : changeCases());
        const waiting = clientFirst ? changeCases() : changeClient();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await (clientFirst ? a : b).commitTransaction();
        await waiting;
        await (clientFirst ? b : a).commitTransaction();
      } finally {
        await a.release();
        await b.release();
      }
      await countRollupChanges(t.dataSource);
      await expectWatchedSame(clientFirst ? 'client first' : 'cases first');
    }
    expect(caseload.cases.length).toBeGreaterThan(0);
  });

  it('counts what the API writes: intake, a case moved and closed, a client corrected', async () => {
    await t.ownerQuery('TRUNCATE legal_case, client CASCADE');
    await countRollupChanges(t.dataSource);
    const admin = await t.tokenFor('admin@haven.local');
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const made = [];
    for (let n = 0; n < 6; n++)
      made.push(
        await intake(t, 'caseworker@haven.local', {
          client: {
            nationality: n % 2 ? 'ER' : 'RU',
            consent: {
              scopes: n % 3 ? ['data_processing', 'anonymised_statistics'] : ['data_processing'],
              givenOn: '2026-11-02',
              language: 'ru',
            },
          },
        }),
      );
    const patch = async (token: string, path: string, body: Record<string, unknown>) => {
      const current = await t.http().get(path).set('Authorization', token);
      const response = await t
        .http()
        .patch(path)
        .set('Authorization', token)
        .send({ version: current.body.version, ...body });
      expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(200);
    };
    await patch(caseworker, `/api/cases/${made[0].case.id}`, { stage: 'lodged' });
    await patch(caseworker, `/api/cases/${made[1].case.id}`, {
      stage: 'closed',
      outcome: 'refugee_status',
    });
    await patch(caseworker, `/api/clients/${made[2].client.id}`, {
      nationality: 'UA',
      dateOfBirth: '2015-01-01',
    });
    await patch(caseworker, `/api/clients/${made[3].client.id}`, {
      consent: { scopes: ['anonymised_statistics'], givenOn: '2026-11-03', language: 'ru' },
    });
    await patch(admin, `/api/cases/${made[4].case.id}`, {
      teamId: await t.teamId('Berlin office'),
    });
    const [{ n }] = await t.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM stats_rollup_delta',
    );
    // Intake: one row a case; each change: a row out and a row in.
    expect(Number(n)).toBe(6 + 5 * 2);
    await countRollupChanges(t.dataSource);
    for (const dimensions of [
      ['nationality', 'ageBand', 'stage'],
      ['team', 'outcome'],
      ['ground', 'jurisdiction'],
    ] as StatDimension[][])
      for (const consentOnly of [false, true])
        await expectSame(dimensions, scopeOf('opened', null, null, consentOnly));
  });

  describe('through the API', () => {
    const lastExport = async (app: TestApp) =>
      (
        await app.dataSource.query<{ details: Record<string, unknown> }[]>(
          `SELECT details FROM audit_event WHERE action = 'export' ORDER BY seq DESC LIMIT 1`,
        )
      )[0].details;
    const table = async (app: TestApp, query: string) => {
      const response = await app
        .http()
        .get(`/api/stats/aggregate?${query}`)
        .set('Authorization', await app.tokenFor('analyst@haven.local'));
      expect(response.status, query).toBe(200);
      return response.body as { data: Row[]; computedAt: string };
    };
    /** The grand total: the row whose every dimension is a total. */
    const total = (body: { data: Row[] }, ...dimensions: string[]) =>
      body.data.find((r) => dimensions.every((d) => r[d] === null))!.count as number;

    it('answers cases from the rollup, every change committed before the request counted (HAVEN_STATS_MAX_AGE_SECONDS=0)', async () => {
      await plant(generator(3), 50);
      const before = new Date();
      const body = await table(t, 'dimensions=jurisdiction,outcome');
      expect(await lastExport(t)).toMatchObject({ countedFrom: 'rollup' });
      expect(new Date(body.computedAt).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(Math.abs(total(body, 'jurisdiction', 'outcome') - 50)).toBeLessThanOrEqual(2);
      // Persons too (docs/decisions/0021); team with two other dimensions from the cases.
      await table(t, 'dimensions=jurisdiction&unit=persons');
      expect(await lastExport(t)).toMatchObject({ countedFrom: 'rollup' });
      await table(t, 'dimensions=team,sex,outcome');
      expect(await lastExport(t)).toMatchObject({ countedFrom: 'cases' });
    });

    it('answers persons without waiting for the count a stale rollup is due (they read the pending changes)', async () => {
      const g = generator(4);
      const caseload = await plant(g, 30);
      await countRollupChanges(t.dataSource);
      // Changes since the count, pending: further cases, some of them second cases.
      for (let n = 0; n < 12; n++)
        await plantCase(g, n % 2 ? g.pick(caseload.clients) : await plantClient(g));
      // A count now would wait for this lock (as for a long count in progress): persons must not.
      const holder = t.dataSource.createQueryRunner();
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock($1)', [ROLLUP_LOCK]);
      try {
        const persons = await Promise.race([
          table(t, 'dimensions=jurisdiction&unit=persons'),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('persons waited for the rollup count')), 5000),
          ),
        ]);
        expect(await lastExport(t)).toMatchObject({ countedFrom: 'rollup' });
        const [pending] = await t.dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM stats_rollup_delta',
        );
        expect(pending.n).toBeGreaterThan(0);
        const [{ clients }] = await t.dataSource.query<{ clients: number }[]>(
          'SELECT count(DISTINCT client_id)::int AS clients FROM legal_case',
        );
        expect(Math.abs(total(persons, 'jurisdiction') - clients)).toBeLessThanOrEqual(2);
      } finally {
        await holder.query('SELECT pg_advisory_unlock($1)', [ROLLUP_LOCK]);
        await holder.release();
      }
      // The count it started behind the answer runs once the lock is free.
      await t.app.get(StatsRollupService).catchUp();
    });

    it('answers from the rollup as it stands while changes are younger than the maximum age, and says so', async () => {
      const stale = await startTestApp({ statsMaxAgeSeconds: 3600 });
      try {
        const rollup = stale.app.get(StatsRollupService);
        const team = await stale.teamId('Tbilisi office');
        const plantRows = async (n: number) => {
          await stale.ownerQuery(
            `WITH cl AS (
               INSERT INTO client (id, reference, given_name, family_name, sex, nationality)
               SELECT gen_random_uuid(), 'CL-S' || i || '-' || $2, 'Stale', 'Person', 'female', 'RU'
                 FROM generate_series(1, $1) AS i RETURNING id)
             INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, opened_on)
             SELECT gen_random_uuid(), 'HV-S' || row_number() OVER () || '-' || $2, id, 'asylum', 'DE', $3, '2024-05-01' FROM cl`,
            [n, randomUUID().slice(0, 8), team],
          );
        };
        await rollup.catchUp();
        const empty = await table(stale, 'dimensions=jurisdiction');
        const countedAt = new Date(empty.computedAt);
        await plantRows(40);
        // Young changes wait for the background count: the table is the rollup's, dated before them.
        const before = await table(stale, 'dimensions=jurisdiction');
        expect(await lastExport(stale)).toMatchObject({ countedFrom: 'rollup' });
        expect(before.data.filter((r) => r.count !== null && r.count !== 0)).toEqual([]);
        expect(new Date(before.computedAt).getTime()).toBeGreaterThanOrEqual(countedAt.getTime());
        // Persons read the pending changes with the rollup: every change before the request.
        const requested = new Date();
        const persons = await table(stale, 'dimensions=jurisdiction&unit=persons');
        expect(await lastExport(stale)).toMatchObject({ countedFrom: 'rollup' });
        expect(Math.abs(total(persons, 'jurisdiction') - 40)).toBeLessThanOrEqual(2);
        expect(new Date(persons.computedAt).getTime()).toBeGreaterThanOrEqual(
          requested.getTime() - 1000,
        );
        // Older than the maximum age: counted before the answer.
        await stale.ownerQuery(
          `UPDATE stats_rollup_delta SET marked_at = now() - interval '2 hours'`,
        );
        const after = await table(stale, 'dimensions=jurisdiction');
        expect(await lastExport(stale)).toMatchObject({ countedFrom: 'rollup' });
        expect(Math.abs(total(after, 'jurisdiction') - 40)).toBeLessThanOrEqual(2);
        // Too many to wait for: answered from the cases while the rollup catches up behind.
        await plantRows(ROLLUP_BACKLOG_LIMIT + 10);
        await stale.ownerQuery(
          `UPDATE stats_rollup_delta SET marked_at = now() - interval '2 hours'`,
        );
        const behind = await table(stale, 'dimensions=jurisdiction');
        expect(await lastExport(stale)).toMatchObject({ countedFrom: 'cases' });
        const cases = 40 + ROLLUP_BACKLOG_LIMIT + 10;
        expect(Math.abs(total(behind, 'jurisdiction') - cases)).toBeLessThanOrEqual(2);
        await rollup.catchUp();
        const caught = await table(stale, 'dimensions=jurisdiction');
        expect(await lastExport(stale)).toMatchObject({ countedFrom: 'rollup' });
        expect(caught.data).toEqual(behind.data);
        // Too many pending to read with every request, however young: persons from the cases
        // (cases still from the rollup as it stands).
        await plantRows(ROLLUP_BACKLOG_LIMIT + 10);
        await table(stale, 'dimensions=jurisdiction');
        expect(await lastExport(stale)).toMatchObject({ countedFrom: 'rollup' });
        const many = await table(stale, 'dimensions=jurisdiction&unit=persons');
        expect(await lastExport(stale)).toMatchObject({ countedFrom: 'cases' });
        expect(
          Math.abs(total(many, 'jurisdiction') - (cases + ROLLUP_BACKLOG_LIMIT + 10)),
        ).toBeLessThanOrEqual(2);
      } finally {
        await stale.close();
      }
    });
  });
});
