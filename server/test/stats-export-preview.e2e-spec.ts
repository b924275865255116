import { LABELS } from '@haven/shared';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregatePreview, AggregateResponse, MicrodataPreview } from '@haven/shared';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Issue 25 (analysts): an export that would withhold everything says so before downloading, with
 * coarser choices computed from the request (each checked against the table it names); the CSV
 * carries a label beside every code, "Total" on totals and margins, and when it was computed.
 */

/** Per month of 2024, the same 16 cases: RU 4+4, UA 3+3, ER 1+1 (male + female). */
const MONTH_MIX: [string, 'male' | 'female', number][] = [
  ['RU', 'male', 4],
  ['RU', 'female', 4],
  ['UA', 'male', 3],
  ['UA', 'female', 3],
  ['ER', 'male', 1],
  ['ER', 'female', 1],
];

describe('statistics exports: preview, labels, totals', () => {
  let t: TestApp;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.tokenFor('analyst@haven.local');
    const team = await t.teamId('Tbilisi office');
    let n = 0;
    for (let month = 1; month <= 12; month++)
      for (const [nationality, sex, count] of MONTH_MIX)
        for (let i = 0; i < count; i++) {
          const clientId = randomUUID();
          n++;
          await t.dataSource.query(
            `INSERT INTO client (id, reference, given_name, family_name, date_of_birth, sex, nationality)
             VALUES ($1, $2, 'Preview', 'Person', '1990-01-01', $3, $4)`,
            [clientId, `CL-PV-${n}`, sex, nationality],
          );
          await t.dataSource.query(
            `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, team_id, grounds, opened_on)
             VALUES ($1, $2, $3, 'asylum', 'DE', 'lodged', $4, '{}', $5)`,
            [
              randomUUID(),
              `HV-PV-${n}`,
              clientId,
              team,
              `2024-${String(month).padStart(2, '0')}-10`,
            ],
          );
        }
  });
  afterAll(() => t.close());

  const get = (path: string, token = analyst) => t.http().get(path).set('Authorization', token);

  /** How many cells (a value in every dimension) a table shows, of how many. */
  async function shownCells(query: string) {
    const response = await get(`/api/stats/aggregate?${query}`);
    expect(response.status, query).toBe(200);
    const body = response.body as AggregateResponse;
    const dimensions = new URLSearchParams(query).get('dimensions')!.split(',');
    const cells = body.data.filter((row) => dimensions.every((d) => row[d] !== null));
    return { shown: cells.filter((row) => !row.suppressed).length, of: cells.length };
  }

  const lastAudit = async () =>
    (
      await t.dataSource.query(
        `SELECT action, summary, details FROM audit_event WHERE entity_type = 'statistics' ORDER BY seq DESC LIMIT 1`,
      )
    )[0] as { action: string; summary: string; details: Record<string, unknown> };

  it('says before downloading that a table would hide every cell, and offers checked coarser choices', async () => {
    const base = 'dimensions=nationality,sex,openedMonth&from=2024-03&to=2024-05';
    const response = await get(`/api/stats/aggregate?${base}&dryRun=1`);
    expect(response.status).toBe(200);
    const preview = response.body as AggregatePreview;
    expect(preview).toMatchObject({
      dryRun: true,
      dimensions: ['nationality', 'sex', 'openedMonth'],
      k: 5,
      withholdsEverything: true,
      shownCells: 0,
    });
    expect(preview.cells).toBe(18);
    expect(preview.hiddenCells).toBe(18);
    // No figure leaves with a preview.
    expect(response.body).not.toHaveProperty('data');
    expect(JSON.stringify(response.body)).not.toMatch(/"count"/);
    expect(Date.parse(preview.computedAt)).not.toBeNaN();

    // Audited as a read (nothing of the data left), with codes and counts only.
    const audit = await lastAudit();
    expect(audit.action).toBe('read');
    expect(audit.details).toMatchObject({ kind: 'aggregate_preview', cells: 18, shownCells: 0 });

    // Fewer dimensions: each checked against the smaller table itself.
    const fewer = preview.suggestions.filter((s) => s.kind === 'fewer_dimensions');
    expect(fewer.length).toBeGreaterThan(0);
    // Which pair shows a cell depends on the records' random keys (the noise): any pair of the three.
    for (const { change } of fewer) {
      expect(change.dimensions).toHaveLength(2);
      for (const d of change.dimensions!)
        expect(['nationality', 'sex', 'openedMonth']).toContain(d);
    }
    for (const suggestion of preview.suggestions) {
      expect(suggestion.shown).toBeGreaterThan(0);
      const change = suggestion.change;
      const query = new URLSearchParams(base);
      if (change.dimensions) query.set('dimensions', change.dimensions.join(','));
      for (const bound of ['from', 'to'] as const) {
        const value = change[bound];
        if (value === null) query.delete(bound);
        else if (value !== undefined) query.set(bound, value);
      }
      if (change.k) query.set('k', String(change.k));
      expect(await shownCells(query.toString()), JSON.stringify(suggestion)).toEqual({
        shown: suggestion.shown,
        of: suggestion.of,
      });
    }
    // The smallest months never reach k (at most 4 cases a cell): a longer period of the same
    // months per cell does not help, and is not offered.
    expect(preview.suggestions.some((s) => s.kind === 'longer_period')).toBe(false);
  });

  it('offers a longer period and a lower k where they show something, and the JSON table says so too', async () => {
    // Two months, k 20: no cell reaches 20.
    const base = 'dimensions=nationality,sex&from=2024-03&to=2024-04&k=20';
    const table = (await get(`/api/stats/aggregate?${base}`)).body as AggregateResponse;
    expect(table.withholdsEverything).toBe(true);
    const kinds = table.suggestions!.map((s) => s.kind);
    expect(kinds).toContain('longer_period');
    expect(kinds).toContain('lower_k');
    const longer = table.suggestions!.find((s) => s.kind === 'longer_period')!;
    expect(longer.change).toEqual({ from: '2024-01', to: '2024-12' });
    expect(await shownCells('dimensions=nationality,sex&from=2024-01&to=2024-12&k=20')).toEqual({
      shown: longer.shown,
      of: longer.of,
    });
    const lower = table.suggestions!.find((s) => s.kind === 'lower_k')!;
    expect(lower.change).toEqual({ k: 5 });
    expect(await shownCells('dimensions=nationality,sex&from=2024-03&to=2024-04&k=5')).toEqual({
      shown: lower.shown,
      of: lower.of,
    });
  });

  it('previews a table that shows cells without suggestions', async () => {
    const preview = (await get('/api/stats/aggregate?dimensions=sex&dryRun=1'))
      .body as AggregatePreview;
    expect(preview).toMatchObject({ withholdsEverything: false, cells: 2, shownCells: 2 });
    expect(preview.suggestions).toEqual([]);
    const table = (await get('/api/stats/aggregate?dimensions=sex')).body as AggregateResponse;
    expect(table.withholdsEverything).toBe(false);
    expect(table.suggestions).toEqual([]);
  });

  it('previews microdata that would withhold every row (no class has two outcomes)', async () => {
    const response = await get('/api/stats/microdata?k=8&dryRun=1');
    expect(response.status).toBe(200);
    const preview = response.body as MicrodataPreview;
    expect(preview).toMatchObject({
      dryRun: true,
      k: 8,
      total: 192,
      rows: 0,
      withheld: 192,
      withholdsEverything: true,
    });
    expect(response.body).not.toHaveProperty('data');
    // k 5 still withholds everything (every case is undecided): not offered. The table by outcome is.
    expect(preview.suggestions).toEqual([
      { kind: 'aggregate_table', change: { dimensions: ['outcome'], k: 8 }, shown: 1, of: 1 },
    ]);
    const audit = await lastAudit();
    expect(audit.action).toBe('read');
    expect(audit.details).toMatchObject({ kind: 'microdata_preview', rows: 0, withheld: 192 });
    // k 1000: the table by outcome shows nothing at 1000 either; it is offered at k 5.
    const high = (await get('/api/stats/microdata?k=1000&dryRun=1')).body as MicrodataPreview;
    expect(high.withholdsEverything).toBe(true);
    expect(high.suggestions).toEqual([
      { kind: 'aggregate_table', change: { dimensions: ['outcome'], k: 5 }, shown: 1, of: 1 },
    ]);
  });

  it('exports as usual with dryRun=0', async () => {
    const response = await get('/api/stats/microdata?k=8&dryRun=0');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((await lastAudit()).action).toBe('export');
  });

  it.each([
    ['/api/stats/aggregate?dimensions=sex&dryRun=yes', 'dryRun'],
    ['/api/stats/aggregate?dimensions=sex&format=csv&lang=de', 'lang'],
    ['/api/stats/microdata?dryRun=2', 'dryRun'],
    ['/api/stats/microdata?dryRun=1&period=year', 'period'],
  ])('refuses %s naming %s, writing nothing', async (path, field) => {
    const before = await t.dataSource.query(`SELECT max(seq) AS seq FROM audit_event`);
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.body.field ?? response.body.details?.field).toBe(field);
    const after = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE seq > $1 AND entity_type = 'statistics'`,
      [before[0].seq],
    );
    expect(after[0].n).toBe(0);
  });

  /** A CSV without quoted fields (these labels have no comma) as records of named fields. */
  function parseCsv(text: string) {
    const [header, ...lines] = text.trimEnd().split('\r\n');
    const names = header.split(',');
    return {
      names,
      records: lines.map((line) => {
        const values = line.split(',');
        expect(values.length, line).toBe(names.length);
        return Object.fromEntries(names.map((name, i) => [name, values[i]]));
      }),
    };
  }

  it('writes the live microdata CSV with a label beside each coded column', async () => {
    const response = await get('/api/stats/microdata?k=5&format=csv&lang=ru');
    expect(response.status).toBe(200);
    const { names, records } = parseCsv(response.text);
    expect(names).toEqual([
      'id',
      'ageBand',
      'sex',
      'sex_label',
      'nationality',
      'nationality_label',
      'jurisdiction',
      'jurisdiction_label',
      'opened',
      'caseType',
      'caseType_label',
      'stage',
      'stage_label',
      'outcome',
      'outcome_label',
      'ground',
      'ground_label',
    ]);
    for (const record of records) {
      expect(record.sex_label).toBe(LABELS.ru.sex[record.sex as keyof typeof LABELS.ru.sex]);
      expect(record.stage_label).toBe(
        LABELS.ru.stage[record.stage as keyof typeof LABELS.ru.stage],
      );
    }
    expect(
      (await get('/api/stats/microdata?k=5&format=csv&lang=xx')).status,
      'a language Haven does not have',
    ).toBe(400);
  });

  it('writes a label beside every code, "Total" on totals and margins, and when it was computed', async () => {
    const response = await get(
      '/api/stats/aggregate?dimensions=nationality,sex&from=2024-01&to=2024-06&format=csv&lang=ru',
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    const { names, records } = parseCsv(response.text);
    expect(names).toEqual([
      'nationality',
      'nationality_label',
      'sex',
      'sex_label',
      'count',
      'suppressed',
      'recognised',
      'rejected',
      'recognitionRate',
      'computedAt',
    ]);
    const at = (nationality: string, sex: string) =>
      records.find((r) => r.nationality === nationality && r.sex === sex)!;
    expect(at('RU', 'male')).toMatchObject({ nationality_label: 'Россия', sex_label: 'Мужской' });
    expect(at('UA', 'female')).toMatchObject({
      nationality_label: 'Украина',
      sex_label: 'Женский',
    });
    // Margins and the grand total: never an empty dimension.
    expect(at('RU', 'Total')).toMatchObject({ sex_label: 'Итого' });
    expect(at('Total', 'male')).toMatchObject({ nationality_label: 'Итого' });
    expect(at('Total', 'Total')).toMatchObject({
      nationality_label: 'Итого',
      sex_label: 'Итого',
      suppressed: 'false',
    });
    for (const record of records) {
      expect(record.nationality).not.toBe('');
      expect(record.sex).not.toBe('');
    }
    // One instant on every row, also in the file's name.
    const instants = new Set(records.map((r) => r.computedAt));
    expect(instants.size).toBe(1);
    const [computedAt] = instants;
    expect(new Date(computedAt).toISOString()).toBe(computedAt);
    const stamp = computedAt.replace(/[-:]/g, '').slice(0, 13) + 'Z';
    expect(response.headers['content-disposition']).toContain(
      `haven-statistics-nationality-sex-${stamp}.csv`,
    );

    // English when asked.
    const english = parseCsv(
      (await get('/api/stats/aggregate?dimensions=nationality,sex&format=csv&lang=en')).text,
    );
    const ruMale = english.records.find((r) => r.nationality === 'RU' && r.sex === 'male')!;
    expect(ruMale).toMatchObject({ nationality_label: 'Russia', sex_label: 'Male' });
    expect(
      english.records.find((r) => r.nationality === 'Total' && r.sex === 'Total'),
    ).toMatchObject({ nationality_label: 'Total', sex_label: 'Total' });
  });

  it("labels in the user's own language when none is asked, and the JSON answer says when it was computed", async () => {
    const userId = await t.userId('analyst@haven.local');
    await t.dataSource.query(`UPDATE app_user SET locale = 'ru' WHERE id = $1`, [userId]);
    try {
      const { records } = parseCsv(
        (await get('/api/stats/aggregate?dimensions=openedMonth&format=csv')).text,
      );
      const march = records.find((r) => r.openedMonth === '2024-03')!;
      expect(march.openedMonth_label).toMatch(/март/i);
      expect(records.find((r) => r.openedMonth === 'Total')!.openedMonth_label).toBe('Итого');
    } finally {
      await t.dataSource.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [userId]);
    }
    const json = (await get('/api/stats/aggregate?dimensions=openedMonth'))
      .body as AggregateResponse;
    expect(Date.parse(json.computedAt)).not.toBeNaN();
  });
});
