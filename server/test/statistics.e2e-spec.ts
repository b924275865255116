import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatDimension } from '@haven/shared';
import { db, rows } from '../src/database/sql.js';
import { aggregateSql, DIMENSION_SQL } from '../src/statistics/statistics.queries.js';
import { startTestApp, type TestApp } from './harness.js';

type Row = Record<string, string | number | boolean | null>;

const NATIONALITIES = ['RU', 'RU', 'RU', 'ER', 'UA', 'BY', 'AF'];
const JURISDICTIONS = ['DE', 'GE', 'KZ', 'EE'];
const OUTCOMES = [null, null, 'refugee_status', 'rejected', 'subsidiary_protection', 'withdrawn'];

/** Inserts a random caseload directly (fast), with a unique marker in every identifying field. */
async function plantCaseload(
  t: TestApp,
  seed: number,
  size: number,
  marker: string,
): Promise<string[]> {
  const rand = fc.sample(fc.array(fc.nat(1000), { minLength: size * 6, maxLength: size * 6 }), {
    seed,
    numRuns: 1,
  })[0];
  let i = 0;
  const next = (n: number) => rand[i++ % rand.length] % n;
  const team = await t.teamId('Tbilisi office');
  const caseIds: string[] = [];
  for (let n = 0; n < size; n++) {
    const clientId = randomUUID();
    const caseId = randomUUID();
    caseIds.push(caseId);
    const year = 1950 + next(70);
    await t.dataSource.query(
      `INSERT INTO client (id, reference, given_name, family_name, native_name, date_of_birth, sex, nationality, phone, current_city, current_country)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'GE')`,
      [
        clientId,
        `CL-${marker}-${n}`,
        `Given${marker}${n}`,
        `Family${marker}${n}`,
        `Имя${marker}${n}`,
        `${year}-0${1 + next(9)}-1${next(9)}`,
        next(3) ? 'male' : 'female',
        NATIONALITIES[next(NATIONALITIES.length)],
        `+99${marker.length}${n}${marker.slice(0, 4)}`,
        `City${marker}${n}`,
      ],
    );
    const outcome = OUTCOMES[next(OUTCOMES.length)];
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, outcome, team_id, grounds, military_status, opened_on, referral_source)
       VALUES ($1, $2, $3, 'asylum', $4, $5, $6, $7, $8, 'unknown', $9, $10)`,
      [
        caseId,
        `HV-${marker}-${n}`,
        clientId,
        JURISDICTIONS[next(JURISDICTIONS.length)],
        outcome ? 'closed' : 'lodged',
        outcome,
        team,
        [['conscientious_objection'], ['political_opinion'], ['torture', 'religion'], []][next(4)],
        `2024-${String(1 + next(12)).padStart(2, '0')}-15`,
        `Referral${marker}`,
      ],
    );
  }
  return caseIds;
}

const dims = (row: Row, dimensions: string[]) => dimensions.map((d) => row[d] as string | null);

function checkTable(rows: Row[], dimensions: string[], k: number) {
  // No shown count below k.
  for (const row of rows)
    if (!row.suppressed) expect(row.count as number).toBeGreaterThanOrEqual(k);
  // No hidden cell recoverable by one subtraction along any row, column or total.
  const byKey = new Map(rows.map((r) => [JSON.stringify(dims(r, dimensions)), r]));
  for (let i = 0; i < dimensions.length; i++) {
    const lines = new Map<string, Row[]>();
    for (const row of rows) {
      const key = dims(row, dimensions);
      if (key[i] === null) continue;
      const lineKey = JSON.stringify(key.map((v, j) => (j === i ? null : v)));
      lines.set(lineKey, [...(lines.get(lineKey) ?? []), row]);
    }
    for (const [lineKey, members] of lines) {
      const total = byKey.get(lineKey);
      if (!total || total.suppressed) continue;
      expect(members.filter((m) => m.suppressed).length, `line ${lineKey}`).not.toBe(1);
    }
  }
}

describe('anonymised statistics', () => {
  let t: TestApp;
  let analyst: string;
  const marker = `Zq${Date.now().toString(36)}`;
  let caseIds: string[];
  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.tokenFor('analyst@haven.local');
    caseIds = await plantCaseload(t, 42, 260, marker);
  });
  afterAll(() => t.close());

  it('is for analysts, supervisors and admins only, and audits each export with its parameters', async () => {
    expect(
      (
        await t
          .http()
          .get('/api/stats/aggregate?dimensions=nationality')
          .set('Authorization', await t.tokenFor('caseworker@haven.local'))
      ).status,
    ).toBe(403);
    expect(
      (
        await t
          .http()
          .get('/api/stats/aggregate?dimensions=nationality')
          .set('Authorization', await t.tokenFor('supervisor@haven.local'))
      ).status,
    ).toBe(200);
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=nationality,jurisdiction&k=6')
      .set('Authorization', analyst);
    expect(response.status).toBe(200);
    const [event] = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_event WHERE action = 'export' ORDER BY seq DESC LIMIT 1`,
    );
    expect(event.details).toMatchObject({
      kind: 'aggregate',
      dimensions: ['nationality', 'jurisdiction'],
      k: 6,
      rows: response.body.data.length,
    });
  });

  it.each([
    ['nationality'],
    ['nationality,jurisdiction'],
    ['jurisdiction,outcome'],
    ['nationality,sex,ageBand'],
    ['ground,jurisdiction'],
    ['openedMonth,nationality'],
  ])('protects the table by %s', async (dimensions) => {
    const response = await t
      .http()
      .get(`/api/stats/aggregate?dimensions=${dimensions}`)
      .set('Authorization', analyst);
    expect(response.status).toBe(200);
    const names = dimensions.split(',');
    checkTable(response.body.data, names, 5);
    expect(response.body.data.some((r: Row) => !r.suppressed)).toBe(true);
    const grand = response.body.data.find((r: Row) => names.every((n) => r[n] === null));
    // Perturbed by at most ±2; a case with two grounds counts once in the total too.
    expect(Math.abs(grand.count - caseIds.length)).toBeLessThanOrEqual(2);
  });

  it.each([
    ['nationality,jurisdiction,outcome'],
    ['ground,ageBand'],
    ['team,sex,openedMonth'],
    ['stage'],
  ])(
    'counts %s as CUBE over the distinct cases would (ground once in every total), with their key sums',
    async (list) => {
      const dimensions = list.split(',') as StatDimension[];
      const expressions = dimensions.map((d) => DIMENSION_SQL[d].compile(db).sql);
      // The reference: one CUBE over the joined rows counting distinct cases, the outcome sets
      // written out here; key sums from the cases themselves, once each.
      const reference = `
        SELECT ${expressions.map((e, i) => `${e} AS d${i}`).join(', ')}, GROUPING(${expressions.join(', ')}) AS grouping,
               count(DISTINCT c.id)::int AS count,
               (SELECT coalesce(sum(x.stat_key), 0)::text FROM legal_case x WHERE x.id = ANY(array_agg(DISTINCT c.id))) AS keysum,
               count(DISTINCT c.id) FILTER (WHERE c.outcome IN ('refugee_status', 'subsidiary_protection', 'humanitarian_protection'))::int AS recognised,
               count(DISTINCT c.id) FILTER (WHERE c.outcome IN ('rejected', 'rejected_manifestly_unfounded'))::int AS rejected
          FROM legal_case c JOIN client cl ON cl.id = c.client_id
          ${dimensions.includes('team') ? 'JOIN team t ON t.id = c.team_id' : ''}
          ${dimensions.includes('ground') ? "CROSS JOIN LATERAL unnest(CASE WHEN cardinality(c.grounds) = 0 THEN ARRAY['none']::varchar[] ELSE c.grounds END) AS g(ground)" : ''}
         WHERE ($1::date IS NULL OR c.opened_on >= $1::date) AND ($2::date IS NULL OR c.opened_on < $2::date)
         GROUP BY CUBE (${expressions.join(', ')})`;
      const pick = (r: Row) =>
        JSON.stringify([
          ...dimensions.map((_, i) => r[`d${i}`]),
          Number(r.grouping),
          r.count,
          String(r.keysum),
          r.recognised,
          r.rejected,
        ]);
      const sorted = (rows: Row[]) => rows.map(pick).sort();
      for (const [from, to, end] of [
        [null, null, null],
        ['2024-03', '2024-08', '2024-09-01'],
      ]) {
        const expected = await t.dataSource.query<Row[]>(reference, [
          from ? `${from}-01` : null,
          end,
        ]);
        const actual = await rows(
          t.dataSource,
          aggregateSql(dimensions, { from, to, unit: 'cases', periodBy: 'opened' }),
          { plan: 'unnamed' },
        );
        expect(expected.some((r) => (r.recognised as number) > 0)).toBe(true);
        expect(sorted(actual as unknown as Row[])).toEqual(sorted(expected));
      }
    },
  );

  it('hides one Belarusian deserter in Estonia, and the cells that would give him away', async () => {
    const team = await t.teamId('Tbilisi office');
    const clientId = randomUUID();
    await t.dataSource.query(
      `INSERT INTO client (id, reference, given_name, family_name, sex, nationality) VALUES ($1, 'CL-RARE-1', 'Rare', 'Person', 'male', 'MN')`,
      [clientId],
    );
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, opened_on) VALUES ($1, 'HV-RARE-1', $2, 'asylum', 'EE', $3, '2024-05-01')`,
      [randomUUID(), clientId, team],
    );
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=nationality,jurisdiction')
      .set('Authorization', analyst);
    const rows = response.body.data as Row[];
    const cell = rows.find((r) => r.nationality === 'MN' && r.jurisdiction === 'EE')!;
    expect(cell).toMatchObject({ count: null, suppressed: true });
    // Its margin for MN is 1 as well: hidden. In the EE column, a second cell is hidden.
    expect(rows.find((r) => r.nationality === 'MN' && r.jurisdiction === null)!.suppressed).toBe(
      true,
    );
    const eeColumn = rows.filter((r) => r.jurisdiction === 'EE' && r.nationality !== null);
    expect(eeColumn.filter((r) => r.suppressed).length).toBeGreaterThanOrEqual(2);
    checkTable(rows, ['nationality', 'jurisdiction'], 5);
    caseIds.push('rare');
  });

  it('rounds shown counts, with totals rounded on their own', async () => {
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=jurisdiction&round=5')
      .set('Authorization', analyst);
    for (const row of response.body.data as Row[])
      if (!row.suppressed) expect((row.count as number) % 5).toBe(0);
    const grand = response.body.data.find((r: Row) => r.jurisdiction === null);
    // The perturbed total (±2), rounded to 5.
    expect(Math.abs(grand.count - caseIds.length)).toBeLessThanOrEqual(2 + 2.5);
  });

  it('gives a recognition rate only where both counts it rests on are shown, from those counts', async () => {
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=nationality,jurisdiction')
      .set('Authorization', analyst);
    let rates = 0;
    for (const r of response.body.data as Row[]) {
      if (r.recognised === null || r.rejected === null) {
        expect(r.recognitionRate).toBeNull();
        continue;
      }
      expect(r.suppressed).toBe(false);
      expect(r.recognised as number).toBeGreaterThanOrEqual(5);
      expect(r.rejected as number).toBeGreaterThanOrEqual(5);
      const rate =
        ((r.recognised as number) / ((r.recognised as number) + (r.rejected as number))) * 100;
      expect(r.recognitionRate).toBeCloseTo(rate, 1);
      rates++;
    }
    expect(rates).toBeGreaterThan(0);
  });

  it('serves the same table as CSV with a header row', async () => {
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=jurisdiction,sex&format=csv')
      .set('Authorization', analyst);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'jurisdiction,jurisdiction_label,sex,sex_label,count,suppressed,recognised,rejected,recognitionRate,computedAt',
    );
    expect(lines.length).toBeGreaterThan(5);
  });

  it.each([
    ['dimensions=name', 'dimensions'],
    ['dimensions=nationality,sex,stage,outcome', 'dimensions'],
    ['dimensions=nationality&k=3', 'k'],
    ['dimensions=nationality&from=2024-13', 'from'],
    ['dimensions=nationality&from=2024-03-15', 'from'],
    ['dimensions=nationality&to=2024-03-31', 'to'],
    ['dimensions=nationality&from=2024-05&to=2024-03', 'to'],
    ['dimensions=nationality&unit=people', 'unit'],
    ['dimensions=nationality&periodBy=closed', 'periodBy'],
    ['dimensions=nationality&format=xlsx', 'format'],
    ['dimensions=nationality&city=Tbilisi', 'city'],
  ])('rejects %s naming %s', async (query, field) => {
    const response = await t
      .http()
      .get(`/api/stats/aggregate?${query}`)
      .set('Authorization', analyst);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
  });

  it('keeps every microdata class at least k, withholds the rest, and never shows an identifier', async () => {
    for (const k of [5, 8]) {
      const response = await t
        .http()
        .get(`/api/stats/microdata?k=${k}`)
        .set('Authorization', analyst);
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text) as {
        data: Row[];
        withheld: number;
        period: string;
        k: number;
      };
      expect(body.data.length + body.withheld).toBe(caseIds.length);
      const classes = new Map<string, number>();
      for (const row of body.data) {
        const key = [row.ageBand, row.sex, row.nationality, row.jurisdiction, row.opened].join('|');
        classes.set(key, (classes.get(key) ?? 0) + 1);
      }
      for (const [key, size] of classes) expect(size, key).toBeGreaterThanOrEqual(k);
      expect(response.text).not.toContain(marker);
      for (const id of caseIds.slice(0, 50)) expect(response.text).not.toContain(id);
      expect(Object.keys(body.data[0]).sort()).toEqual(
        [
          'ageBand',
          'caseType',
          'id',
          'jurisdiction',
          'nationality',
          'opened',
          'outcome',
          'ground',
          'sex',
          'stage',
        ].sort(),
      );
    }
    const again = JSON.parse(
      (await t.http().get('/api/stats/microdata').set('Authorization', analyst)).text,
    ) as { data: Row[] };
    const first = JSON.parse(
      (await t.http().get('/api/stats/microdata').set('Authorization', analyst)).text,
    ) as { data: Row[] };
    // Random ids, fresh for every export.
    expect(new Set(again.data.map((r) => r.id)).size).toBe(again.data.length);
    expect(again.data.some((r) => first.data.some((f) => f.id === r.id))).toBe(false);
  });

  it('never shows an identifier in any aggregate either', async () => {
    for (const dimensions of [
      'nationality,jurisdiction,ageBand',
      'team,openedMonth',
      'ground,outcome,sex',
    ]) {
      const json = await t
        .http()
        .get(`/api/stats/aggregate?dimensions=${dimensions}`)
        .set('Authorization', analyst);
      const csv = await t
        .http()
        .get(`/api/stats/aggregate?dimensions=${dimensions}&format=csv`)
        .set('Authorization', analyst);
      expect(JSON.stringify(json.body)).not.toContain(marker);
      expect(csv.text).not.toContain(marker);
    }
  });

  it('holds its guarantees over random caseloads (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 20, max: 160 }),
        fc.integer({ min: 5, max: 9 }),
        async (seed, size, k) => {
          await t.ownerQuery('TRUNCATE legal_case, client CASCADE');
          const planted = `Pr${seed}`;
          const ids = await plantCaseload(t, seed, size, planted);
          const table = await t
            .http()
            .get(`/api/stats/aggregate?dimensions=nationality,jurisdiction&k=${k}`)
            .set('Authorization', analyst);
          checkTable(table.body.data, ['nationality', 'jurisdiction'], k);
          const micro = JSON.parse(
            (await t.http().get(`/api/stats/microdata?k=${k}`).set('Authorization', analyst)).text,
          ) as { data: Row[]; withheld: number };
          expect(micro.data.length + micro.withheld).toBe(ids.length);
          const sizes = new Map<string, number>();
          for (const row of micro.data) {
            const key = [row.ageBand, row.sex, row.nationality, row.jurisdiction, row.opened].join(
              '|',
            );
            sizes.set(key, (sizes.get(key) ?? 0) + 1);
          }
          for (const n of sizes.values()) expect(n).toBeGreaterThanOrEqual(k);
          expect(JSON.stringify(micro)).not.toContain(planted);
          expect(JSON.stringify(table.body)).not.toContain(planted);
        },
      ),
      { numRuns: 5 },
    );
  });

  describe('cell-key perturbation', () => {
    // A caseload of its own, large enough for cells of every size (the property test above
    // replaced the shared one with small random ones).
    beforeAll(async () => {
      await t.ownerQuery('TRUNCATE legal_case, client CASCADE');
      caseIds = await plantCaseload(t, 7, 900, `${marker}b`);
    });
    const table = async (query: string) => {
      const response = await t
        .http()
        .get(`/api/stats/aggregate?${query}`)
        .set('Authorization', analyst);
      expect(response.status, query).toBe(200);
      return response.body as { data: Row[]; method: string; noise: { max: number } };
    };
    const cell = (rows: Row[], values: Record<string, string | null>) =>
      rows.find((r) => Object.entries(values).every(([d, v]) => r[d] === v));

    it('gives the same cell the same number in every query that reaches it', async () => {
      const once = await table('dimensions=nationality,jurisdiction');
      const again = await table('dimensions=nationality,jurisdiction');
      expect(again.data).toEqual(once.data);
      expect(once.method).toBe('cell-key');
      // The same cells as margins of a finer table, and of a table in another order.
      const finer = await table('dimensions=nationality,jurisdiction,sex');
      const swapped = await table('dimensions=jurisdiction,nationality');
      let compared = 0;
      for (const row of once.data) {
        const values = {
          nationality: row.nationality as string | null,
          jurisdiction: row.jurisdiction as string | null,
        };
        const margin = cell(finer.data, { ...values, sex: null });
        const other = cell(swapped.data, values);
        expect(other?.count, JSON.stringify(values)).toBe(row.count);
        if (margin && !margin.suppressed && !row.suppressed) {
          expect(margin.count, JSON.stringify(values)).toBe(row.count);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(3);
      // A month reached through nested periods.
      const wide = await table('dimensions=openedMonth&from=2024-01&to=2024-12');
      const narrow = await table('dimensions=openedMonth&from=2024-03&to=2024-05');
      for (const month of ['2024-03', '2024-04', '2024-05'])
        expect(cell(narrow.data, { openedMonth: month })?.count).toBe(
          cell(wide.data, { openedMonth: month })?.count,
        );
    });

    it('perturbs: a table one month longer does not give away the records added by subtraction', async () => {
      // True counts per cell and per month, straight from the cases.
      const truth = await t.dataSource.query<
        { nationality: string; jurisdiction: string; month: string; n: number }[]
      >(
        `SELECT cl.nationality, c.jurisdiction, to_char(c.opened_on, 'YYYY-MM') AS month, count(*)::int AS n
           FROM legal_case c JOIN client cl ON cl.id = c.client_id GROUP BY 1, 2, 3`,
      );
      let small = 0;
      let exact = 0;
      for (let month = 2; month <= 12; month++) {
        const to = `2024-${String(month).padStart(2, '0')}`;
        const before = `2024-${String(month - 1).padStart(2, '0')}`;
        const longer = await table(`dimensions=nationality,jurisdiction&from=2024-01&to=${to}`);
        const shorter = await table(
          `dimensions=nationality,jurisdiction&from=2024-01&to=${before}`,
        );
        for (const row of longer.data) {
          if (row.nationality === null || row.jurisdiction === null || row.suppressed) continue;
          const other = cell(shorter.data, {
            nationality: row.nationality as string,
            jurisdiction: row.jurisdiction as string,
          });
          if (!other || other.suppressed) continue;
          const added = truth
            .filter(
              (r) =>
                r.nationality === row.nationality &&
                r.jurisdiction === row.jurisdiction &&
                r.month === to,
            )
            .reduce((sum, r) => sum + r.n, 0);
          if (added < 1 || added > 4) continue;
          small++;
          if ((row.count as number) - (other.count as number) === added) exact++;
        }
      }
      // Without noise every such difference would be exact; with it, many are not.
      expect(small).toBeGreaterThan(5);
      expect(exact).toBeLessThan(small);
    });

    it('counts persons once per cell and once in every total (unit=persons)', async () => {
      const team = await t.teamId('Tbilisi office');
      const clientId = randomUUID();
      await t.dataSource.query(
        `INSERT INTO client (id, reference, given_name, family_name, sex, nationality) VALUES ($1, 'CL-TWICE-1', 'Twice', 'Person', 'female', 'RU')`,
        [clientId],
      );
      for (const n of [1, 2])
        await t.dataSource.query(
          `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, opened_on) VALUES ($1, $2, $3, 'asylum', 'DE', $4, '2024-06-01')`,
          [randomUUID(), `HV-TWICE-${n}`, clientId, team],
        );
      caseIds.push('twice-1', 'twice-2');
      const [truth] = await t.dataSource.query<{ cases: number; persons: number }[]>(
        `SELECT count(*)::int AS cases, count(DISTINCT client_id)::int AS persons FROM legal_case`,
      );
      expect(truth.persons).toBeLessThan(truth.cases);
      const persons = await table('dimensions=jurisdiction&unit=persons');
      const cases = await table('dimensions=jurisdiction&unit=cases');
      const total = (rows: Row[]) => cell(rows, { jurisdiction: null })!.count as number;
      expect(Math.abs(total(persons.data) - truth.persons)).toBeLessThanOrEqual(2);
      expect(Math.abs(total(cases.data) - truth.cases)).toBeLessThanOrEqual(2);
      checkTable(persons.data, ['jurisdiction'], 5);
    });

    it('counts decisions by the month they were served (periodBy=decided)', async () => {
      await t.dataSource.query(
        `UPDATE legal_case SET decision_served_on = opened_on + 40 WHERE outcome IS NOT NULL`,
      );
      const [truth] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM legal_case WHERE decision_served_on >= '2024-04-01' AND decision_served_on < '2024-10-01'`,
      );
      const decided = await table(
        'dimensions=decidedMonth&periodBy=decided&from=2024-04&to=2024-09',
      );
      const months = decided.data.filter((r) => r.decidedMonth !== null).map((r) => r.decidedMonth);
      for (const month of months) expect(month! >= '2024-04' && month! <= '2024-09').toBe(true);
      const grand = cell(decided.data, { decidedMonth: null })!;
      expect(Math.abs((grand.count as number) - truth.n)).toBeLessThanOrEqual(2);
    });
  });
});
