import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, isoInstant } from '../src/database/sql.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The case and client lists have PostgreSQL write their instants (`isoInstant`) where the other
 * routes parse a Date and call `toISOString`: the two must give the same text, whatever the
 * session's time zone and however many microseconds the value has.
 */
describe('list instants are written as toISOString writes them', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('gives the text of the Date pg parses, for edge values, in another time zone', async () => {
    const values = [
      '2026-12-08T01:02:03.999999Z',
      '2026-12-08T01:02:03.0005Z',
      '2026-03-29T01:30:00.123456+04:00',
      '2000-02-29T23:59:59.999Z',
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59.9995Z',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999999Z',
    ];
    const query = sql<{
      at: Date;
      iso: string;
    }>`SELECT x AS at, ${isoInstant(sql.ref('x'))} AS iso FROM unnest(${values}::timestamptz[]) AS x`.compile(
      db,
    );
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.query(`SET TIME ZONE 'Asia/Almaty'`);
      const rows = (await runner.query(query.sql, [...query.parameters])) as {
        at: Date;
        iso: string;
      }[];
      expect(rows).toHaveLength(values.length);
      for (const row of rows) expect(row.iso).toBe(row.at.toISOString());
    } finally {
      await runner.query('RESET TIME ZONE');
      await runner.release();
    }
  });

  it('lists a client and a case with the instants their own pages show', async () => {
    const { client, case: opened } = await intake(t, 'caseworker@haven.local');
    const token = await t.tokenFor('caseworker@haven.local');
    const get = async (path: string) => {
      const response = await t.http().get(path).set('Authorization', token);
      expect(response.status).toBe(200);
      return response.body as Record<string, unknown> & { data?: Record<string, unknown>[] };
    };

    const clientPage = await get(`/api/clients/${client.id}`);
    const [clientRow] = (await get(`/api/clients?id=${client.id}`)).data!;
    expect(clientRow.id).toBe(client.id);
    for (const key of ['createdAt', 'updatedAt']) {
      expect(clientRow[key]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(clientRow[key]).toBe(clientPage[key]);
    }

    const casePage = await get(`/api/cases/${opened.id}`);
    const [caseRow] = (await get(`/api/cases?id=${opened.id}`)).data!;
    expect(caseRow.id).toBe(opened.id);
    for (const key of ['createdAt', 'updatedAt', 'lastActivityAt']) {
      expect(caseRow[key]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(caseRow[key]).toBe(casePage[key]);
    }
  });
});
