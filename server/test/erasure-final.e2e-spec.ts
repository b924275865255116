import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Once a client is anonymised nothing new is written about them (migrations/
 * 1767312000000-erasure-is-final.ts): every write is a 409 `client.anonymised`, whatever route
 * it comes by, and a record merged into them is erased with them.
 */
describe('an erasure is final', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let caseworker: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
    caseworker = await t.tokenFor('caseworker@haven.local');
  });
  afterAll(() => t.close());

  const refused = (response: { status: number; body: { code?: string } }) => {
    expect(response.status, JSON.stringify(response.body)).toBe(409);
    expect(response.body.code).toBe('client.anonymised');
  };

  it('refuses every write about an anonymised client, and erases the records merged into them', async () => {
    const survivor = await intake(t, 'caseworker@haven.local');
    const duplicate = await intake(t, 'caseworker@haven.local', {
      client: { phone: '+995 555 98 76 54', currentCity: 'Batumi' },
    });
    const merged = await t
      .http()
      .post(`/api/clients/${survivor.client.id}/merge`)
      .set('Authorization', supervisor)
      .send({ duplicateId: duplicate.client.id });
    expect(merged.status).toBe(200);
    const erased = await t
      .http()
      .post(`/api/clients/${survivor.client.id}/anonymise`)
      .set('Authorization', admin);
    expect(erased.status).toBe(200);

    // The duplicate's row (kept for an undo) is erased too.
    const [dup] = await t.dataSource.query<Record<string, unknown>[]>(
      'SELECT given_name, phone, phone_index, current_city, anonymised_at FROM client WHERE id = $1',
      [duplicate.client.id],
    );
    expect(dup).toMatchObject({
      given_name: 'Anonymised',
      phone: null,
      phone_index: null,
      current_city: null,
    });
    expect(dup.anonymised_at).not.toBeNull();

    const client = await t
      .http()
      .get(`/api/clients/${survivor.client.id}`)
      .set('Authorization', admin);
    refused(
      await t
        .http()
        .patch(`/api/clients/${survivor.client.id}`)
        .set('Authorization', admin)
        .send({ version: client.body.version, currentCity: 'Tbilisi' }),
    );
    refused(
      await t.http().post('/api/cases').set('Authorization', admin).send({
        clientId: survivor.client.id,
        caseType: 'asylum',
        jurisdiction: 'DE',
        teamId: survivor.case.teamId,
      }),
    );
    refused(
      await t.http().post('/api/notes').set('Authorization', admin).send({
        caseId: survivor.case.id,
        ground: 'political_opinion',
        title: 'New facts',
        body: 'A new address.',
        strength: 'weak',
      }),
    );
    refused(
      await t
        .http()
        .post(`/api/clients/${survivor.client.id}/consent`)
        .set('Authorization', admin)
        .send({ scope: 'share_with_partners', action: 'given', on: '2026-12-01', language: 'ru' }),
    );
    refused(
      await t
        .http()
        .post('/api/data-requests')
        .set('Authorization', admin)
        .send({ clientId: survivor.client.id, type: 'access', receivedOn: '2026-12-01' }),
    );
    // The merge cannot be undone onto the duplicate's (erased) identity.
    const undo = await t
      .http()
      .post(`/api/clients/merges/${merged.body.id}/undo`)
      .set('Authorization', admin);
    refused(undo);
    // Nor can another record be merged into them.
    const other = await intake(t, 'caseworker@haven.local');
    refused(
      await t
        .http()
        .post(`/api/clients/${survivor.client.id}/merge`)
        .set('Authorization', admin)
        .send({ duplicateId: other.client.id }),
    );
    // Anonymising again is allowed (and finds nothing new).
    const again = await t
      .http()
      .post(`/api/clients/${survivor.client.id}/anonymise`)
      .set('Authorization', admin);
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);
    expect(caseworker).toBeTruthy();
  });

  it('closes the erased cases’ open work, so no job writes a reminder about them', async () => {
    const made = await intake(t, 'caseworker@haven.local', {
      case: { decisionServedOn: '2026-12-01' },
    });
    await t
      .http()
      .post('/api/tasks')
      .set('Authorization', caseworker)
      .send({ caseId: made.case.id, title: 'Call back' });
    expect(
      (await t.http().post(`/api/clients/${made.client.id}/anonymise`).set('Authorization', admin))
        .status,
    ).toBe(200);
    const [open] = await t.dataSource.query<{ deadlines: number; tasks: number }[]>(
      `SELECT (SELECT count(*)::int FROM deadline WHERE case_id = $1 AND status = 'open') AS deadlines,
              (SELECT count(*)::int FROM task WHERE case_id = $1 AND status <> 'done') AS tasks`,
      [made.case.id],
    );
    expect(open).toEqual({ deadlines: 0, tasks: 0 });
    const [params] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM deadline
        WHERE case_id = $1 AND (explanation_params IS NOT NULL OR source_key IS NOT NULL OR trigger_date IS NOT NULL)`,
      [made.case.id],
    );
    expect(params.n).toBe(0);
  });
});
