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
    if (!names.includes('ground')) expect(grand.count).toBe(caseIds.length);
    else expect(grand.count).toBeGreaterThanOrEqual(caseIds.length); // a case counts once per ground
  });

  it.each([
    ['nationality,jurisdiction,outcome'],
    ['ground,ageBand'],
    ['team,sex,openedMonth'],
    ['stage'],
  ])(
    'counts %s exactly as CUBE straight over the cases would, margins and total included',
    async (list) => {
      const dimensions = list.split(',') as StatDimension[];
      // The dimensions' expressions as text (fixed SQL, without parameters).
      const expressions = dimensions.map((d) => DIMENSION_SQL[d].compile(db).sql);
      // The reference: one CUBE over the joined rows, with the outcome sets written out here.
      const reference = `
        SELECT ${expressions.map((e, i) => `${e} AS d${i}`).join(', ')}, GROUPING(${expressions.join(', ')}) AS grouping, count(*)::int AS count,
               count(*) FILTER (WHERE c.outcome IN ('refugee_status', 'subsidiary_protection', 'humanitarian_protection'))::int AS recognised,
               count(*) FILTER (WHERE c.outcome IN ('refugee_status', 'subsidiary_protection', 'humanitarian_protection', 'rejected', 'rejected_manifestly_unfounded'))::int AS decisions
          FROM legal_case c JOIN client cl ON cl.id = c.client_id
          ${dimensions.includes('team') ? 'JOIN team t ON t.id = c.team_id' : ''}
          ${dimensions.includes('ground') ? 'LEFT JOIN LATERAL unnest(c.grounds) AS g(ground) ON true' : ''}
         WHERE ($1::date IS NULL OR c.opened_on >= $1::date) AND ($2::date IS NULL OR c.opened_on <= $2::date)
         GROUP BY CUBE (${expressions.join(', ')})`;
      const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
      for (const period of [
        [null, null],
        ['2024-03-01', '2024-08-31'],
      ]) {
        const expected = await t.dataSource.query<Row[]>(reference, period);
        const actual = await rows(t.dataSource, aggregateSql(dimensions, period[0], period[1]), {
          plan: 'unnamed',
        });
        expect(expected.some((r) => (r.decisions as number) > 0)).toBe(true);
        expect(sorted(actual)).toEqual(sorted(expected));
      }
      // A period without cases: the total alone, counting 0 (not NULL).
      const empty = await rows(t.dataSource, aggregateSql(dimensions, '1900-01-01', '1900-01-02'), {
        plan: 'unnamed',
      });
      expect(sorted(empty)).toEqual(
        sorted(await t.dataSource.query<Row[]>(reference, ['1900-01-01', '1900-01-02'])),
      );
      expect(empty).toMatchObject([{ count: 0, recognised: 0, decisions: 0 }]);
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
    expect(grand.count).toBe(Math.round(caseIds.length / 5) * 5);
  });

  it('gives a recognition rate only over at least 10 decisions', async () => {
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=nationality')
      .set('Authorization', analyst);
    const [row] = await t.dataSource.query<{ recognised: number; decisions: number }[]>(
      `SELECT count(*) FILTER (WHERE c.outcome IN ('refugee_status','subsidiary_protection','humanitarian_protection'))::int AS recognised,
              count(*) FILTER (WHERE c.outcome IN ('refugee_status','subsidiary_protection','humanitarian_protection','rejected','rejected_manifestly_unfounded'))::int AS decisions
         FROM legal_case c`,
    );
    const grand = response.body.data.find((r: Row) => r.nationality === null);
    expect(grand.recognitionRate).toBeCloseTo((row.recognised / row.decisions) * 100, 1);
    for (const r of response.body.data as Row[])
      if (r.suppressed) expect(r.recognitionRate).toBeNull();
  });

  it('serves the same table as CSV with a header row', async () => {
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=jurisdiction,sex&format=csv')
      .set('Authorization', analyst);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe('jurisdiction,sex,count,suppressed,recognitionRate');
    expect(lines.length).toBeGreaterThan(5);
  });

  it.each([
    ['dimensions=name', 'dimensions'],
    ['dimensions=nationality,sex,stage,outcome', 'dimensions'],
    ['dimensions=nationality&k=3', 'k'],
    ['dimensions=nationality&from=2024-13-01', 'from'],
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
});
