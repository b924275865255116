import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../src/cli/seed.js';
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
