import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake, intakeBody } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

async function counts(t: TestApp) {
  const [row] = await t.dataSource.query<{ clients: number; cases: number }[]>(
    'SELECT (SELECT count(*) FROM client)::int AS clients, (SELECT count(*) FROM legal_case)::int AS cases',
  );
  return row;
}

describe('intake', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("creates a client and a case assigned to the caseworker in the caseworker's team", async () => {
    const token = await t.tokenFor('caseworker@haven.local');
    const response = await t
      .http()
      .post('/api/intake')
      .set('Authorization', token)
      .send(intakeBody());
    expect(response.status).toBe(201);
    const year = new Date().getUTCFullYear();
    expect(response.body.client.reference).toMatch(new RegExp(`^CL-${year}-\\d{5}$`));
    expect(response.body.case.reference).toMatch(new RegExp(`^HV-${year}-\\d{5}$`));
    expect(response.body.case).toMatchObject({
      clientId: response.body.client.id,
      assignedToId: await t.userId('caseworker@haven.local'),
      teamId: await t.teamId('Tbilisi office'),
      stage: 'intake',
      outcome: null,
      nextDeadlineOn: null,
      grounds: ['conscientious_objection', 'political_opinion'],
      claimSummary: expect.stringContaining('paper summons'),
    });
    expect(response.body.client).toMatchObject({
      nativeName: 'Дмитрий Андреевич Соколов',
      vulnerabilities: ['mental_health'],
      religion: expect.stringContaining('Orthodox'),
    });
    // Its audit events: the case opened, then the client's intake, one after the other in the chain.
    const events = await t.dataSource.query<
      { seq: string; entity_type: string; entity_id: string; actor_id: string; summary: string }[]
    >(
      `SELECT seq, entity_type, entity_id, actor_id, summary FROM audit_event WHERE action = 'create' AND entity_id IN ($1, $2) ORDER BY seq`,
      [response.body.case.id, response.body.client.id],
    );
    expect(events.map((e) => [e.entity_type, e.entity_id])).toEqual([
      ['case', response.body.case.id],
      ['client', response.body.client.id],
    ]);
    expect(Number(events[1].seq)).toBe(Number(events[0].seq) + 1);
    expect(events[1].summary).toBe(
      `intake of client ${response.body.client.reference} with case ${response.body.case.reference}`,
    );
    expect(new Set(events.map((e) => e.actor_id))).toEqual(
      new Set([await t.userId('caseworker@haven.local')]),
    );
    // Written by one statement, the two events still chain: each hashes the one before it.
    const verify = await t
      .http()
      .get('/api/audit-events/verify')
      .set('Authorization', await t.tokenFor('admin@haven.local'));
    expect(verify.body).toMatchObject({ ok: true, firstBroken: null });
  });

  it('ignores a caseworker’s attempt to give the case to someone else (400 naming the field)', async () => {
    const token = await t.tokenFor('caseworker@haven.local');
    const response = await t
      .http()
      .post('/api/intake')
      .set('Authorization', token)
      .send(intakeBody({ case: { assignedToId: await t.userId('caseworker2@haven.local') } }));
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/assignedToId/);
  });

  it('rejects the whole intake when any part is invalid, naming each nested field, and writes nothing', async () => {
    const before = await counts(t);
    const token = await t.tokenFor('caseworker@haven.local');
    const response = await t
      .http()
      .post('/api/intake')
      .set('Authorization', token)
      .send(
        intakeBody({
          client: {
            nationality: 'Russia',
            dateOfBirth: '2099-01-01',
            documents: [{ kind: 'passport?' }],
          },
          case: { jurisdiction: 'germany', grounds: ['being_nice'] },
        }),
      );
    expect(response.status).toBe(400);
    for (const field of [
      'client.nationality',
      'client.dateOfBirth',
      'client.documents.0.kind',
      'case.jurisdiction',
      'case.grounds',
    ]) {
      expect(response.body.message).toContain(field);
    }
    expect(await counts(t)).toEqual(before);
  });

  it('leaves no client behind when the case insert fails after the client was written', async () => {
    const before = await counts(t);
    const admin = await t.tokenFor('admin@haven.local');
    // Valid shape, so the client row is inserted; the case then fails (an analyst cannot be assigned).
    const response = await t
      .http()
      .post('/api/intake')
      .set('Authorization', admin)
      .send(
        intakeBody({
          case: {
            teamId: await t.teamId('Tbilisi office'),
            assignedToId: await t.userId('analyst@haven.local'),
          },
        }),
      );
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/assignedToId/);
    expect(await counts(t)).toEqual(before);
  });

  it('gives concurrent intakes distinct references', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => intake(t, 'caseworker2@haven.local')),
    );
    const references = results.map((r) => r.case.reference);
    expect(new Set(references).size).toBe(12);
    expect(new Set(results.map((r) => r.client.reference)).size).toBe(12);
    // Each prefix has its own counter: the next intake takes the next number of each.
    const number = (reference: string) => Number(reference.slice(-5));
    const highest = (prefix: 'client' | 'case') =>
      Math.max(...results.map((r) => number(r[prefix].reference)));
    const next = await intake(t, 'caseworker2@haven.local');
    expect(number(next.client.reference)).toBe(highest('client') + 1);
    expect(number(next.case.reference)).toBe(highest('case') + 1);
  });

  it('requires an admin to name the team, and refuses analysts', async () => {
    const admin = await t.tokenFor('admin@haven.local');
    const noTeam = await t
      .http()
      .post('/api/intake')
      .set('Authorization', admin)
      .send(intakeBody());
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.message).toMatch(/teamId/);
    const analyst = await t.tokenFor('analyst@haven.local');
    expect(
      (await t.http().post('/api/intake').set('Authorization', analyst).send(intakeBody())).status,
    ).toBe(403);
  });

  it('lets a supervisor take an intake into the team queue, unassigned', async () => {
    const token = await t.tokenFor('supervisor@haven.local');
    const response = await t
      .http()
      .post('/api/intake')
      .set('Authorization', token)
      .send(intakeBody());
    expect(response.status).toBe(201);
    expect(response.body.case.assignedToId).toBeNull();
    expect(response.body.case.teamId).toBe(await t.teamId('Tbilisi office'));
  });

  it('keeps the sensitive fields encrypted at rest: their plaintext is nowhere in the tables', async () => {
    const marker = `SECRET-${Date.now()}`;
    await intake(t, 'caseworker@haven.local', {
      client: {
        religion: `${marker}-religion`,
        ethnicity: `${marker}-ethnicity`,
        healthNotes: `${marker}-health`,
        sogiNotes: `${marker}-sogi`,
        vulnerabilities: ['lgbtqi'],
      },
      case: { claimSummary: `${marker}-claim`, serviceHistory: `${marker}-service` },
    });
    const dump = JSON.stringify([
      await t.dataSource.query('SELECT * FROM client'),
      await t.dataSource.query('SELECT * FROM legal_case'),
      await t.dataSource.query('SELECT * FROM audit_event'),
    ]);
    expect(dump).not.toContain(marker);
    expect(dump).not.toContain('lgbtqi');
    const [row] = await t.dataSource.query<{ religion: string; claim_summary: string }[]>(
      `SELECT cl.religion, c.claim_summary FROM client cl JOIN legal_case c ON c.client_id = cl.id ORDER BY c.created_at DESC LIMIT 1`,
    );
    expect(row.religion).toMatch(/^v2\.k1\./);
    expect(row.claim_summary).toMatch(/^v2\.k1\./);
  });

  it('audits the intake in the same transaction as the records', async () => {
    const result = await intake(t, 'caseworker@haven.local');
    const events = await t.dataSource.query<{ action: string; entity_type: string }[]>(
      `SELECT action, entity_type FROM audit_event WHERE entity_id IN ($1, $2) ORDER BY seq`,
      [result.client.id, result.case.id],
    );
    expect(events).toEqual([
      { action: 'create', entity_type: 'case' },
      { action: 'create', entity_type: 'client' },
    ]);
  });
});
