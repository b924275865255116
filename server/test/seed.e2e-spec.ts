import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/cli/demo.js';
import { seed } from '../src/cli/seed.js';
import { binary } from './document-fixtures.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { caseSearchDrift } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

describe('seed --cases N', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seed(t.dataSource, {
      cases: 600,
      crypto: FieldEncryption.fromConfig(t.config),
      seed: 7,
      log: () => undefined,
    });
  });
  afterAll(() => t.close());

  it('creates N clients, each with a case, with unique references', async () => {
    const [row] = await t.dataSource.query<
      { clients: number; cases: number; refs: number; crefs: number }[]
    >(
      `SELECT (SELECT count(*)::int FROM client) AS clients, (SELECT count(*)::int FROM legal_case) AS cases,
              (SELECT count(DISTINCT reference)::int FROM legal_case) AS refs, (SELECT count(DISTINCT reference)::int FROM client) AS crefs`,
    );
    expect(row.clients).toBe(600);
    expect(row.cases).toBeGreaterThanOrEqual(600);
    expect(row.refs).toBe(row.cases);
    expect(row.crefs).toBe(row.clients);
  });

  it('opens and closes no case after today (the year in its reference is never a future one)', async () => {
    const [row] = await t.dataSource.query<{ future: number; future_reference: number }[]>(
      `SELECT count(*) FILTER (WHERE opened_on > current_date OR closed_on > current_date)::int AS future,
              count(*) FILTER (WHERE substring(reference from 4 for 4)::int > extract(year FROM current_date))::int AS future_reference
         FROM legal_case`,
    );
    expect(row).toEqual({ future: 0, future_reference: 0 });
  });

  it('keeps next_deadline_on equal to the earliest open deadline on the bulk path', async () => {
    const [row] = await t.dataSource.query<{ wrong: number; with_deadline: number }[]>(
      `SELECT count(*) FILTER (WHERE c.next_deadline_on IS DISTINCT FROM d.first)::int AS wrong,
              count(d.first)::int AS with_deadline
         FROM legal_case c LEFT JOIN (SELECT case_id, min(due_on) AS first FROM deadline WHERE status = 'open' GROUP BY case_id) d ON d.case_id = c.id`,
    );
    expect(row.wrong).toBe(0);
    expect(row.with_deadline).toBeGreaterThan(10);
  });

  it('fills case_search for every seeded case on the bulk path (searches find seeded clients)', async () => {
    const [row] = await t.dataSource.query<{ cases: number; rows: number }[]>(
      `SELECT (SELECT count(*)::int FROM legal_case) AS cases, (SELECT count(*)::int FROM case_search) AS rows`,
    );
    expect(row.rows).toBe(row.cases);
    expect(await caseSearchDrift(t)).toEqual([]);
  });

  it('writes notes and claim summaries that decrypt through the API, and an audit event per case', async () => {
    const admin = await t.tokenFor('admin@haven.local');
    const notes = await t.http().get('/api/notes?perPage=5').set('Authorization', admin);
    expect(notes.body.total).toBeGreaterThan(100);
    const one = await t
      .http()
      .get(`/api/notes/${notes.body.data[0].id}`)
      .set('Authorization', admin);
    expect(one.status).toBe(200);
    expect(one.body.body.length).toBeGreaterThan(10);
    const [audit] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'create' AND entity_type = 'case'`,
    );
    expect(audit.n).toBeGreaterThanOrEqual(600);
    const verify = await t.http().get('/api/audit-events/verify').set('Authorization', admin);
    expect(verify.body.ok).toBe(true);
  });
});

describe('seed: documents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seed(t.dataSource, {
      cases: 300,
      crypto: FieldEncryption.fromConfig(t.config),
      seed: 11,
      log: () => undefined,
    });
  });
  afterAll(() => t.close());

  it('adds metadata-only documents at an NGO’s rate, more as cases go on, whose titles decrypt', async () => {
    const byStage = await t.dataSource.query<{ stage: string; per_case: number }[]>(
      `SELECT c.stage, (count(d.id)::float / count(DISTINCT c.id)) AS per_case
         FROM legal_case c LEFT JOIN document d ON d.case_id = c.id GROUP BY c.stage`,
    );
    const rate = Object.fromEntries(byStage.map((r) => [r.stage, r.per_case]));
    expect(rate.intake).toBeLessThan(1);
    expect(rate.decision).toBeGreaterThan(rate.assessment);
    const [{ chunks }] = await t.dataSource.query<{ chunks: number }[]>(
      'SELECT count(*)::int AS chunks FROM document_chunk',
    );
    expect(chunks).toBe(0);
    const admin = await t.tokenFor('admin@haven.local');
    const listed = await t.http().get('/api/documents?perPage=5').set('Authorization', admin);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBeGreaterThan(300);
    for (const row of listed.body.data) expect(row.title).not.toBe('');
  });
});

describe('demo: documents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.dataSource, FieldEncryption.fromConfig(t.config));
  });
  afterAll(() => t.close());

  it('files readable fictional documents on the demo caseworker’s cases, and no metadata-only ones', async () => {
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const listed = await t
      .http()
      .get('/api/documents?perPage=100')
      .set('Authorization', caseworker);
    expect(listed.status).toBe(200);
    const kinds = new Set(listed.body.data.map((d: { kind: string }) => d.kind));
    expect(kinds).toEqual(new Set(['decision', 'summons', 'power_of_attorney']));
    const [{ orphans }] = await t.dataSource.query<{ orphans: number }[]>(
      `SELECT count(*)::int AS orphans FROM document d
        WHERE NOT EXISTS (SELECT 1 FROM document_chunk k WHERE k.blob_id = d.id)`,
    );
    expect(orphans).toBe(0);
    for (const kind of ['decision', 'summons']) {
      const doc = listed.body.data.find((d: { kind: string }) => d.kind === kind);
      const got = await t
        .http()
        .get(`/api/documents/${doc.id}/content`)
        .set('Authorization', caseworker)
        .buffer(true)
        .parse(binary);
      expect(got.status).toBe(200);
      expect((got.body as Buffer).length).toBe(doc.sizeBytes);
      expect(got.headers['content-type']).toBe(doc.mime);
    }
  });
});
