import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../src/cli/seed.js';
import { poolOf } from '../src/database/pool.js';
import { rows } from '../src/database/sql.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import {
  MICRODATA_COLUMNS,
  microdataRowsSql,
  microdataSummary,
  type MicrodataRow,
} from '../src/statistics/microdata.js';
import { startTestApp, type TestApp } from './harness.js';

type Row = Record<string, string | number>;

/** The quarter a release is made of (ended), and the current one (not ended), from today. */
const today = new Date();
const Q = Math.floor(today.getUTCMonth() / 3) + 1;
const CURRENT = `${today.getUTCFullYear()}-Q${Q}`;
const LAST_ENDED =
  Q === 1 ? `${today.getUTCFullYear() - 1}-Q4` : `${today.getUTCFullYear()}-Q${Q - 1}`;
const QUARTER = '2025-Q2';
const IN_QUARTER = ['2025-04-03', '2025-05-14', '2025-06-30'];

const OUTCOMES = [null, 'refugee_status', 'rejected', 'subsidiary_protection', 'withdrawn'];
const GROUNDS = [['political_opinion'], ['torture'], ['conscientious_objection'], []];

interface PlantedCase {
  sex: 'male' | 'female';
  nationality: string;
  jurisdiction: string;
  outcome: string | null;
  grounds: string[];
  openedOn: string;
}

/** Inserts clients with one case each; every identifying field carries the marker. */
async function plant(t: TestApp, marker: string, cases: PlantedCase[]): Promise<string[]> {
  const team = await t.teamId('Tbilisi office');
  const ids: string[] = [];
  for (const [n, c] of cases.entries()) {
    const clientId = randomUUID();
    const caseId = randomUUID();
    ids.push(clientId, caseId);
    await t.dataSource.query(
      `INSERT INTO client (id, reference, given_name, family_name, native_name, date_of_birth, sex, nationality, phone, current_city, current_country)
       VALUES ($1, $2, $3, $4, $5, '1990-05-05', $6, $7, $8, $9, 'GE')`,
      [
        clientId,
        `CL-${marker}-${n}`,
        `Given${marker}${n}`,
        `Family${marker}${n}`,
        `Имя${marker}${n}`,
        c.sex,
        c.nationality,
        `+99${n}${marker.length}`,
        `City${marker}${n}`,
      ],
    );
    await t.dataSource.query(
      `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, stage, outcome, team_id, grounds, military_status, opened_on, referral_source)
       VALUES ($1, $2, $3, 'asylum', $4, $5, $6, $7, $8, 'unknown', $9, $10)`,
      [
        caseId,
        `HV-${marker}-${n}`,
        clientId,
        c.jurisdiction,
        c.outcome ? 'closed' : 'lodged',
        c.outcome,
        team,
        c.grounds,
        c.openedOn,
        `Referral${marker}`,
      ],
    );
  }
  return ids;
}

/** A varied caseload in the quarter (large classes), plus classes built to be coarsened or withheld. */
function caseload(size: number, salt: number): PlantedCase[] {
  const out: PlantedCase[] = [];
  for (let i = 0; i < size; i++) {
    const r = (i * 7919 + salt * 104729) >>> 0;
    out.push({
      sex: r % 2 ? 'male' : 'female',
      nationality: ['RU', 'UA'][(r >> 1) % 2],
      jurisdiction: ['DE', 'GE'][(r >> 2) % 2],
      outcome: OUTCOMES[(r >> 3) % OUTCOMES.length],
      grounds: GROUNDS[(r >> 5) % GROUNDS.length],
      openedOn: IN_QUARTER[i % IN_QUARTER.length],
    });
  }
  return out;
}

const special = (
  sex: 'male' | 'female',
  jurisdiction: string,
  outcomes: (string | null)[],
  grounds: (i: number) => string[],
): PlantedCase[] =>
  outcomes.map((outcome, i) => ({
    sex,
    nationality: 'RU',
    jurisdiction,
    outcome,
    grounds: grounds(i),
    openedOn: IN_QUARTER[i % 3],
  }));

const QI = ['ageBand', 'sex', 'nationality', 'jurisdiction', 'caseType', 'opened'] as const;

/** Every class of the rows: ≥ k rows, ≥ 2 outcomes none held by one row, ≥ 2 grounds or all withheld. */
function checkClasses(data: Row[], k: number): Map<string, Row[]> {
  const classes = new Map<string, Row[]>();
  for (const row of data) {
    const key = JSON.stringify(QI.map((q) => row[q]));
    classes.set(key, [...(classes.get(key) ?? []), row]);
  }
  for (const [key, members] of classes) {
    expect(members.length, key).toBeGreaterThanOrEqual(k);
    const outcomes = new Map<string | number, number>();
    for (const m of members) outcomes.set(m.outcome, (outcomes.get(m.outcome) ?? 0) + 1);
    expect(outcomes.size, key).toBeGreaterThanOrEqual(2);
    expect(Math.min(...outcomes.values()), key).toBeGreaterThanOrEqual(2);
    // A coarsened class shows groups only ("recognised" and "other" are no detailed outcome).
    const coarse = members.some((m) => m.outcome === 'recognised' || m.outcome === 'other');
    if (coarse)
      for (const m of members) expect(['recognised', 'rejected', 'other']).toContain(m.outcome);
    const grounds = new Set(members.map((m) => m.ground));
    if (grounds.has('withheld')) expect(grounds.size, key).toBe(1);
    else expect(grounds.size, key).toBeGreaterThanOrEqual(2);
  }
  return classes;
}

describe('microdata releases', () => {
  let t: TestApp;
  let analyst: string;
  let admin: string;
  const marker = `Rl${Date.now().toString(36)}`;
  let identifiers: string[];
  let release: { id: string; quarter: string; k: number; rows: number; createdAt: string };
  let inQuarterAtCreation: number;

  const post = async (token: string, body: object) =>
    t.http().post('/api/stats/releases').set('Authorization', token).send(body);
  const download = (id: string, format: string) =>
    t
      .http()
      .get(`/api/stats/releases/${id}/microdata?format=${format}`)
      .set('Authorization', analyst)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    t = await startTestApp();
    await seed(t.dataSource, {
      cases: 300,
      crypto: FieldEncryption.fromConfig(t.config),
      seed: 11,
      log: () => undefined,
    });
    identifiers = await plant(t, marker, [
      ...caseload(240, 1),
      // One outcome held by a single row (subsidiary_protection): coarsened to recognised / rejected.
      ...special(
        'male',
        'XA',
        [
          'refugee_status',
          'refugee_status',
          'refugee_status',
          'subsidiary_protection',
          'rejected',
          'rejected',
          'rejected',
          'rejected',
        ],
        (i) => GROUNDS[i % 3],
      ),
      // All rejected: cannot be protected, withheld.
      ...special(
        'female',
        'XB',
        ['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected'],
        (i) => GROUNDS[i % 3],
      ),
      // One ground only: the ground is withheld, the rows stay.
      ...special(
        'female',
        'XC',
        ['rejected', 'rejected', 'rejected', 'refugee_status', 'refugee_status', 'refugee_status'],
        () => ['torture'],
      ),
      // A rare nationality: recoded as "other".
      {
        sex: 'male',
        nationality: 'ZZ',
        jurisdiction: 'DE',
        outcome: null,
        grounds: [],
        openedOn: '2025-05-01',
      },
    ]);
    analyst = await t.tokenFor('analyst@haven.local');
    admin = await t.tokenFor('admin@haven.local');
    const [count] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM legal_case WHERE opened_on >= '2025-04-01' AND opened_on < '2025-07-01'`,
    );
    inQuarterAtCreation = count.n;
  }, 120_000);
  afterAll(() => t.close());

  it('is made by admins and analysts only, of an ended quarter', async () => {
    expect(
      (await post(await t.tokenFor('supervisor@haven.local'), { quarter: QUARTER })).status,
    ).toBe(403);
    expect(
      (await post(await t.tokenFor('caseworker@haven.local'), { quarter: QUARTER })).status,
    ).toBe(403);
    const made = await post(analyst, { quarter: QUARTER, k: 5 });
    expect(made.status).toBe(201);
    release = made.body;
    expect(Object.keys(release).sort()).toEqual(['createdAt', 'id', 'k', 'quarter', 'rows']);
    expect(release).toMatchObject({ quarter: QUARTER, k: 5 });
    expect(release.rows).toBeGreaterThan(100);
    const byAdmin = await post(admin, { quarter: QUARTER, k: 6 });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.k).toBe(6);
    // k defaults to 5.
    const defaulted = await post(admin, { quarter: LAST_ENDED });
    expect(defaulted.status).toBe(201);
    expect(defaulted.body).toMatchObject({ quarter: LAST_ENDED, k: 5 });
  });

  it('refuses a quarter that has not ended, a malformed one, a k below 5, and a repeat', async () => {
    for (const quarter of [CURRENT, '2031-Q1']) {
      const response = await post(analyst, { quarter });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'stats.quarter_not_ended', field: 'quarter' });
    }
    for (const quarter of ['2025-Q5', '2025Q1', '2025-04', '', 2025]) {
      const response = await post(analyst, { quarter });
      expect(response.status, String(quarter)).toBe(400);
      expect(response.body.field).toBe('quarter');
    }
    expect((await post(analyst, {})).status).toBe(400);
    const low = await post(analyst, { quarter: '2024-Q1', k: 4 });
    expect(low.status).toBe(400);
    expect(low.body.field).toBe('k');
    expect((await post(analyst, { quarter: '2024-Q1', k: 5, extra: 1 })).status).toBe(400);
    const again = await post(admin, { quarter: QUARTER, k: 5 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'stats.release_exists', field: 'quarter' });
  });

  it('lists the releases newest first', async () => {
    const response = await t.http().get('/api/stats/releases').set('Authorization', analyst);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(3);
    expect(response.body.data.map((r: Row) => [r.quarter, r.k])).toEqual([
      [LAST_ENDED, 5],
      [QUARTER, 6],
      [QUARTER, 5],
    ]);
    expect(
      (
        await t
          .http()
          .get('/api/stats/releases')
          .set('Authorization', await t.tokenFor('caseworker@haven.local'))
      ).status,
    ).toBe(403);
  });

  it('publishes every case of the quarter as a protected row or as withheld', async () => {
    const json = JSON.parse((await download(release.id, 'json')).body.toString('utf8'));
    expect(Object.keys(json)).toEqual(['quarter', 'k', 'withheld', 'data']);
    expect(json).toMatchObject({ quarter: QUARTER, k: 5 });
    expect(json.data.length).toBe(release.rows);
    expect(json.data.length + json.withheld).toBe(inQuarterAtCreation);
    expect(json.withheld).toBeGreaterThanOrEqual(6);
    // Ids 1..n in order; every key a published column; the period is the quarter.
    json.data.forEach((row: Row, i: number) => {
      expect(Object.keys(row)).toEqual([...MICRODATA_COLUMNS]);
      expect(row.id).toBe(i + 1);
      expect(row.opened).toBe(QUARTER);
    });
    const classes = checkClasses(json.data, 5);
    const of = (sex: string, jurisdiction: string) =>
      classes.get(JSON.stringify(['18-59', sex, 'RU', jurisdiction, 'asylum', QUARTER]));
    // Coarsened, withheld, ground withheld, as planted.
    expect(new Set(of('male', 'XA')!.map((r) => r.outcome))).toEqual(
      new Set(['recognised', 'rejected']),
    );
    expect(of('female', 'XB')).toBeUndefined();
    expect(new Set(of('female', 'XC')!.map((r) => r.ground))).toEqual(new Set(['withheld']));
    expect(json.data.some((r: Row) => r.nationality === 'ZZ')).toBe(false);
    // Rows are ordered by their class.
    const byClass = (a: Row, b: Row) => {
      for (const q of QI) if (a[q] !== b[q]) return String(a[q]) < String(b[q]) ? -1 : 1;
      return 0;
    };
    for (let i = 1; i < json.data.length; i++)
      expect(byClass(json.data[i - 1], json.data[i])).toBeLessThanOrEqual(0);
    // k = 6 is protected at 6.
    const list = await t.http().get('/api/stats/releases').set('Authorization', analyst);
    const six = list.body.data.find((r: Row) => r.k === 6);
    checkClasses(JSON.parse((await download(six.id, 'json')).body.toString('utf8')).data, 6);
  });

  it('never carries a direct identifier', async () => {
    const texts = [
      (await download(release.id, 'json')).body.toString('utf8'),
      (await download(release.id, 'csv')).body.toString('utf8'),
    ];
    const [references] = await t.dataSource.query<{ refs: string[]; dobs: string[] }[]>(
      `SELECT array_agg(c.reference) AS refs, array_agg(DISTINCT cl.date_of_birth::text) FILTER (WHERE cl.date_of_birth IS NOT NULL) AS dobs
         FROM legal_case c JOIN client cl ON cl.id = c.client_id WHERE c.opened_on >= '2025-04-01' AND c.opened_on < '2025-07-01'`,
    );
    for (const text of texts) {
      expect(text).not.toContain(marker);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      for (const id of identifiers) expect(text).not.toContain(id);
      for (const ref of references.refs) expect(text).not.toContain(ref);
      expect(text).not.toMatch(/HV-|CL-/);
    }
  });

  it('downloads the same bytes every time, as CSV and as JSON', async () => {
    for (const format of ['csv', 'json']) {
      const one = await download(release.id, format);
      const two = await download(release.id, format);
      expect(one.status).toBe(200);
      expect(one.headers['content-disposition']).toMatch(
        /^attachment; filename="haven-microdata-2025-Q2-k5\./,
      );
      expect(one.headers['cache-control']).toBe('no-store');
      // Written to the socket chunk by chunk, it still carries every answer's fixed headers.
      expect(one.headers['x-content-type-options']).toBe('nosniff');
      expect(one.headers['content-security-policy']).toContain("default-src 'self'");
      expect(one.headers['x-request-id']).toBeTruthy();
      expect(Buffer.compare(one.body, two.body)).toBe(0);
    }
    const csv = (await download(release.id, 'csv')).body.toString('utf8');
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe(MICRODATA_COLUMNS.join(','));
    expect(lines.length).toBe(release.rows + 1);
    for (const line of lines) {
      expect(line).not.toContain('\n');
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@]/);
    }
  });

  it('stays the same after cases of its quarter are added or change outcome', async () => {
    const before = {
      csv: (await download(release.id, 'csv')).body,
      json: (await download(release.id, 'json')).body,
    };
    await plant(t, `${marker}x`, caseload(60, 2));
    await t.dataSource.query(
      `UPDATE legal_case SET outcome = 'humanitarian_protection', stage = 'closed'
        WHERE opened_on >= '2025-04-01' AND opened_on < '2025-07-01' AND outcome IS DISTINCT FROM 'rejected'`,
    );
    expect(Buffer.compare((await download(release.id, 'csv')).body, before.csv)).toBe(0);
    expect(Buffer.compare((await download(release.id, 'json')).body, before.json)).toBe(0);
    const list = await t.http().get('/api/stats/releases').set('Authorization', analyst);
    expect(list.body.data.find((r: Row) => r.id === release.id).rows).toBe(release.rows);
    // The database refuses to change a release.
    await expect(t.dataSource.query(`UPDATE stats_release_row SET outcome = 'x'`)).rejects.toThrow(
      /fixed/,
    );
    await expect(t.dataSource.query(`UPDATE stats_release SET rows = 0`)).rejects.toThrow(/fixed/);
  });

  it('answers 404 for an unknown release and 400 for an unknown format', async () => {
    expect((await download(randomUUID(), 'csv')).status).toBe(404);
    expect((await download('not-a-uuid', 'csv')).status).toBe(404);
    const bad = await download(release.id, 'xml');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString('utf8')).field).toBe('format');
  });

  it('audits every creation and every download, without any row content', async () => {
    const events = await t.dataSource.query<
      { actor_id: string; entity_id: string; details: Row }[]
    >(
      `SELECT actor_id, entity_id, details FROM audit_event WHERE action = 'export' AND entity_type = 'statistics' AND details->>'kind' = 'release' ORDER BY seq`,
    );
    const created = events.filter((e) => e.details.step === 'create');
    expect(created.length).toBe(3);
    expect(created[0]).toMatchObject({
      actor_id: await t.userId('analyst@haven.local'),
      entity_id: release.id,
      details: { kind: 'release', quarter: QUARTER, k: 5, rows: release.rows },
    });
    const downloads = events.filter(
      (e) => e.details.step === 'download' && e.entity_id === release.id,
    );
    expect(downloads.length).toBeGreaterThanOrEqual(12);
    for (const event of events) {
      expect(Object.keys(event.details).sort()).toEqual(
        event.details.step === 'create'
          ? ['k', 'kind', 'quarter', 'rows', 'step', 'withheld']
          : ['format', 'k', 'kind', 'quarter', 'rows', 'step', 'withheld'],
      );
    }
    // A refused request leaves no event.
    const total = events.length;
    await download(randomUUID(), 'csv');
    const [after] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'export' AND details->>'kind' = 'release'`,
    );
    expect(after.n).toBe(total);
  });

  it('protects the live export built from the same function the same way', async () => {
    for (const k of [5, 8]) {
      const scope = { k, openedFrom: null, openedBefore: null };
      const summary = await microdataSummary(t.dataSource, scope);
      const data = await rows(t.dataSource, microdataRowsSql(scope, summary.period), {
        plan: 'unnamed',
      });
      expect(data.length).toBe(summary.rows);
      expect(summary.rows + summary.withheld).toBe(summary.total);
      const [all] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM legal_case`,
      );
      expect(summary.total).toBe(all.n);
      const renamed = data.map((r: MicrodataRow) => ({
        ageBand: r.age_band,
        sex: r.sex,
        nationality: r.nationality,
        jurisdiction: r.jurisdiction,
        caseType: r.case_type,
        opened: r.opened,
        stage: r.stage,
        outcome: r.outcome,
        ground: r.ground,
      }));
      expect(renamed.length).toBeGreaterThan(0);
      checkClasses(renamed, k);
    }
  });

  it('gives the cursor’s connection back when the reader goes away mid-download', async () => {
    // A release far larger than the socket's buffers: the server ends up waiting for it to drain.
    const [{ id }] = await t.ownerQuery<{ id: string }[]>(
      `INSERT INTO stats_release (quarter, k, rows, withheld) VALUES ('2019-Q1', 5, 200000, 0) RETURNING id`,
    );
    await t.ownerQuery(
      `INSERT INTO stats_release_row (release_id, n, age_band, sex, nationality, jurisdiction, opened, case_type, stage, outcome, ground)
       SELECT $1::uuid, n, '30-39', 'female', 'SY', 'GE', '2019-Q1', 'asylum', 'closed', 'rejected', 'torture'
         FROM generate_series(1, 200000) n`,
      [id],
    );
    const server = t.app.getHttpServer();
    if (!server.address()) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const pool = poolOf(t.dataSource);
    const first = await new Promise<{ status?: number; stop: () => void }>((resolve, reject) => {
      const request = get(
        {
          host: '127.0.0.1',
          port,
          path: `/api/stats/releases/${id}/microdata?format=csv`,
          headers: { Authorization: analyst },
        },
        (response) => {
          response.once('data', () => {
            // Read nothing more for a while (the server fills the socket and waits), then leave.
            response.pause();
            resolve({ status: response.statusCode, stop: () => request.destroy() });
          });
        },
      );
      request.once('error', reject);
    });
    expect(first.status).toBe(200);
    await new Promise((done) => setTimeout(done, 300));
    expect(pool.totalCount - pool.idleCount).toBe(1);
    first.stop();
    const deadline = Date.now() + 5000;
    while (pool.totalCount - pool.idleCount > 0 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 20));
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
});
