import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/**
 * HAVEN_STATS_REQUIRE_CONSENT=1: statistics count only clients whose current consent includes
 * anonymised statistics — aggregates and microdata alike.
 */
describe('statistics under HAVEN_STATS_REQUIRE_CONSENT', () => {
  let t: TestApp;
  let analyst: string;
  const consenting = 30;
  const refusing = 25;
  beforeAll(async () => {
    t = await startTestApp({ statsRequireConsent: true });
    analyst = await t.tokenFor('analyst@haven.local');
    const team = await t.teamId('Tbilisi office');
    for (let n = 0; n < consenting + refusing; n++) {
      const clientId = randomUUID();
      const scopes =
        n < consenting ? ['data_processing', 'anonymised_statistics'] : ['data_processing'];
      await t.dataSource.query(
        `INSERT INTO client (id, reference, given_name, family_name, sex, nationality, consent)
         VALUES ($1, $2, 'Given', 'Family', 'male', 'RU', $3)`,
        [clientId, `CL-CONSENT-${n}`, JSON.stringify({ scopes, givenOn: '2024-01-01' })],
      );
      await t.dataSource.query(
        `INSERT INTO legal_case (id, reference, client_id, case_type, jurisdiction, team_id, opened_on, outcome, stage)
         VALUES ($1, $2, $3, 'asylum', 'GE', $4, '2024-04-10', $5, 'closed')`,
        [randomUUID(), `HV-CONSENT-${n}`, clientId, team, n % 2 ? 'rejected' : 'refugee_status'],
      );
    }
  });
  afterAll(() => t.close());

  it('counts only the consenting clients in every table', async () => {
    const response = await t
      .http()
      .get('/api/stats/aggregate?dimensions=jurisdiction')
      .set('Authorization', analyst);
    expect(response.status).toBe(200);
    const total = (response.body.data as { jurisdiction: string | null; count: number }[]).find(
      (row) => row.jurisdiction === null,
    )!;
    // Perturbed by at most ±2 — and far from the 55 cases there are.
    expect(Math.abs(total.count - consenting)).toBeLessThanOrEqual(2);
  });

  it('exports microdata of the consenting clients only', async () => {
    const response = await t.http().get('/api/stats/microdata').set('Authorization', analyst);
    expect(response.status).toBe(200);
    const body = JSON.parse(response.text) as { data: unknown[]; withheld: number };
    expect(body.data.length + body.withheld).toBe(consenting);
  });
});
