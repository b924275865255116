import { randomUUID } from 'node:crypto';
import { dataRequestDueOn } from '@haven/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDataProtection } from '../src/data-requests/demo-data-protection.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const NOTE = 'Wants every note about the Kutaisi flat erased';

/**
 * A person's requests about their data (api-contract.md, Data protection): due a calendar month
 * after receipt, derived; seen by whoever may see the client (404 otherwise, in a body or a filter
 * too); closed once; on the supervisor's dashboard; audited with codes only.
 */
describe('data requests', () => {
  let t: TestApp;
  let caseworker: string;
  let supervisor: string;
  let almaty: string;
  let clientId: string;
  let otherClientId: string;
  beforeAll(async () => {
    t = await startTestApp({ dashboardMaxAgeSeconds: 0 });
    caseworker = await t.tokenFor('caseworker@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
    almaty = await t.tokenFor('supervisor.almaty@haven.local');
    clientId = (await intake(t, 'caseworker@haven.local')).client.id;
    otherClientId = (await intake(t, 'caseworker.almaty@haven.local')).client.id;
  });
  afterAll(() => t.close());

  const create = (token: string, body: Record<string, unknown>) =>
    t.http().post('/api/data-requests').set('Authorization', token).send(body);

  it('derives the due date: one calendar month later, the month’s last day when it has no such day', () => {
    expect(dataRequestDueOn('2026-03-15')).toBe('2026-04-15');
    expect(dataRequestDueOn('2026-01-31')).toBe('2026-02-28');
    expect(dataRequestDueOn('2028-01-31')).toBe('2028-02-29');
    expect(dataRequestDueOn('2026-03-31')).toBe('2026-04-30');
    expect(dataRequestDueOn('2026-12-31')).toBe('2027-01-31');
    expect(dataRequestDueOn('2026-12-05')).toBe('2027-01-05');
    expect(dataRequestDueOn('2026-02-28')).toBe('2026-03-28');
  });

  it('records a request, its due date derived server-side (a dueOn in the body is refused), its note encrypted', async () => {
    const response = await create(caseworker, {
      clientId,
      type: 'erasure',
      receivedOn: '2026-01-31',
      note: NOTE,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      clientId,
      type: 'erasure',
      status: 'open',
      receivedOn: '2026-01-31',
      dueOn: '2026-02-28',
      note: NOTE,
      closedAt: null,
      createdById: await t.userId('caseworker@haven.local'),
      version: 1,
    });
    const [raw] = await t.dataSource.query<{ note: string; due_on: string }[]>(
      `SELECT note, due_on::text FROM data_request WHERE id = $1`,
      [response.body.id],
    );
    expect(raw.due_on).toBe('2026-02-28');
    expect(raw.note).not.toContain('Kutaisi');
    const forged = await create(caseworker, {
      clientId,
      type: 'access',
      receivedOn: daysAgo(1),
      dueOn: '2099-01-01',
    });
    expect(forged.status).toBe(400);
    expect(forged.body.details?.[0]?.field ?? forged.body.field).toBe('dueOn');
  });

  it('answers bad input with a 400 naming the field, and writes nothing', async () => {
    const [{ n: before }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM data_request',
    );
    const good = { clientId, type: 'access', receivedOn: daysAgo(2) };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, clientId: 'nope' }, 'clientId'],
      [{ ...good, type: 'deletion' }, 'type'],
      [{ ...good, receivedOn: daysAgo(-2) }, 'receivedOn'],
      [{ ...good, receivedOn: '2026-02-29' }, 'receivedOn'],
      [{ ...good, note: 'x'.repeat(4001) }, 'note'],
      [{ clientId, type: 'access' }, 'receivedOn'],
    ];
    for (const [body, field] of cases) {
      const response = await create(caseworker, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const fields = [
        response.body.field,
        ...((response.body.details ?? []) as { field: string }[]).map((d) => d.field),
      ];
      expect(fields, JSON.stringify(response.body)).toContain(field);
    }
    for (const query of [
      'status=closed',
      'type=deletion',
      'clientId=nope',
      'sort=note',
      'colour=red',
    ]) {
      const response = await t
        .http()
        .get(`/api/data-requests?${query}`)
        .set('Authorization', caseworker);
      expect(response.status, query).toBe(400);
    }
    const [{ n: after }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM data_request',
    );
    expect(after).toBe(before);
  });

  it('is a 404 to another team on every route, body and filter; a 403 to an analyst', async () => {
    const own = await create(caseworker, { clientId, type: 'access', receivedOn: daysAgo(3) });
    expect(own.status).toBe(201);
    const id = own.body.id as string;
    const analyst = await t.tokenFor('analyst@haven.local');
    for (const [token, label] of [
      [almaty, 'another team’s supervisor'],
      [await t.tokenFor('caseworker.almaty@haven.local'), 'another team’s caseworker'],
      [await t.tokenFor('caseworker2@haven.local'), 'a colleague not on the case'],
    ] as const) {
      expect(
        (await t.http().get(`/api/data-requests/${id}`).set('Authorization', token)).status,
        label,
      ).toBe(404);
      const patch = await t
        .http()
        .patch(`/api/data-requests/${id}`)
        .set('Authorization', token)
        .send({ version: 1, status: 'done' });
      expect(patch.status, label).toBe(404);
      expect(
        (await create(token, { clientId, type: 'access', receivedOn: daysAgo(1) })).status,
        label,
      ).toBe(404);
      const filtered = await t
        .http()
        .get(`/api/data-requests?clientId=${clientId}`)
        .set('Authorization', token);
      expect(filtered.status, label).toBe(404);
      const listed = await t
        .http()
        .get('/api/data-requests?perPage=100')
        .set('Authorization', token);
      expect(listed.status).toBe(200);
      expect((listed.body.data as { clientId: string }[]).map((r) => r.clientId)).not.toContain(
        clientId,
      );
    }
    // A filter naming one visible and one invisible client is a 404 too.
    const mixed = await t
      .http()
      .get(`/api/data-requests?clientId=${clientId}&clientId=${otherClientId}`)
      .set('Authorization', caseworker);
    expect(mixed.status).toBe(404);
    expect(
      (
        await create(caseworker, {
          clientId: otherClientId,
          type: 'access',
          receivedOn: daysAgo(1),
        })
      ).status,
    ).toBe(404);
    expect(
      (await create(caseworker, { clientId: randomUUID(), type: 'access', receivedOn: daysAgo(1) }))
        .status,
    ).toBe(404);
    expect(
      (await t.http().get(`/api/data-requests/${id}`).set('Authorization', analyst)).status,
    ).toBe(403);
    expect((await t.http().get('/api/data-requests').set('Authorization', analyst)).status).toBe(
      403,
    );
    expect(
      (await create(analyst, { clientId, type: 'access', receivedOn: daysAgo(1) })).status,
    ).toBe(403);
    const [row] = await t.dataSource.query<{ status: string; version: number }[]>(
      'SELECT status, version FROM data_request WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ status: 'open', version: 1 });
    // Who may see the client sees the request: the supervisor of the team, an admin.
    expect(
      (await t.http().get(`/api/data-requests/${id}`).set('Authorization', supervisor)).status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .get(`/api/data-requests/${id}`)
          .set('Authorization', await t.tokenFor('admin@haven.local'))
      ).status,
    ).toBe(200);
  });

  it('lists, filters and sorts within the caller’s reach', async () => {
    const mine = await t
      .http()
      .get(`/api/data-requests?clientId=${clientId}&sort=receivedOn&order=ASC&perPage=100`)
      .set('Authorization', caseworker);
    expect(mine.status).toBe(200);
    const received = (mine.body.data as { receivedOn: string }[]).map((r) => r.receivedOn);
    expect(received).toEqual([...received].sort());
    expect(mine.body.total).toBe(mine.body.data.length);
    expect(mine.body.data[0]).not.toHaveProperty('note');
    const erasures = await t
      .http()
      .get('/api/data-requests?type=erasure&status=open&sort=dueOn&order=DESC')
      .set('Authorization', supervisor);
    expect(erasures.status).toBe(200);
    expect((erasures.body.data as { type: string }[]).every((r) => r.type === 'erasure')).toBe(
      true,
    );
    expect(erasures.body.total).toBeGreaterThan(0);
  });

  it('closes a request once (when and by whom recorded), with the version last read', async () => {
    const created = await create(caseworker, {
      clientId,
      type: 'rectification',
      receivedOn: daysAgo(5),
    });
    const id = created.body.id as string;
    const stale = await t
      .http()
      .patch(`/api/data-requests/${id}`)
      .set('Authorization', caseworker)
      .send({ version: 7, status: 'done' });
    expect(stale.status).toBe(409);
    const bad = await t
      .http()
      .patch(`/api/data-requests/${id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, status: 'finished' });
    expect(bad.status).toBe(400);
    expect(bad.body.details?.[0]?.field ?? bad.body.field).toBe('status');
    const done = await t
      .http()
      .patch(`/api/data-requests/${id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, status: 'done', note: 'Corrected the date of birth' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      closedById: await t.userId('caseworker@haven.local'),
      note: 'Corrected the date of birth',
      version: 2,
    });
    expect(done.body.closedAt).not.toBeNull();
    const reopen = await t
      .http()
      .patch(`/api/data-requests/${id}`)
      .set('Authorization', caseworker)
      .send({ version: 2, status: 'open' });
    expect(reopen.status).toBe(409);
    expect(reopen.body).toMatchObject({ code: 'data_request.closed', field: 'status' });
    // The note may still be edited.
    const noted = await t
      .http()
      .patch(`/api/data-requests/${id}`)
      .set('Authorization', caseworker)
      .send({ version: 2, note: null });
    expect(noted.status).toBe(200);
    expect(noted.body).toMatchObject({ status: 'done', note: null, version: 3 });
  });

  it('shows the open requests on the supervisor’s dashboard, soonest due first, overdue counted', async () => {
    const overdue = await create(caseworker, {
      clientId,
      type: 'objection',
      receivedOn: daysAgo(45),
    });
    expect(overdue.status).toBe(201);
    const dashboard = await t.http().get('/api/dashboard').set('Authorization', supervisor);
    expect(dashboard.status).toBe(200);
    const figures = dashboard.body.dataRequests as {
      open: number;
      overdue: number;
      items: { id: string; dueOn: string; clientId: string; clientReference: string }[];
    };
    const [{ open, late }] = await t.dataSource.query<{ open: number; late: number }[]>(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE due_on < current_date)::int AS late
         FROM data_request r WHERE status = 'open'
          AND EXISTS (SELECT 1 FROM legal_case c WHERE c.client_id = r.client_id AND c.team_id = $1)`,
      [await t.teamId('Tbilisi office')],
    );
    expect(figures.open).toBe(open);
    expect(figures.overdue).toBe(late);
    expect(figures.overdue).toBeGreaterThan(0);
    expect(figures.items.map((i) => i.id)).toContain(overdue.body.id);
    const due = figures.items.map((i) => i.dueOn);
    expect(due).toEqual([...due].sort());
    expect(figures.items.every((i) => i.clientId !== otherClientId)).toBe(true);
    // Another team's supervisor sees none of them.
    const other = await t.http().get('/api/dashboard').set('Authorization', almaty);
    expect(
      (other.body.dataRequests.items as { clientId: string }[]).some(
        (i) => i.clientId === clientId,
      ),
    ).toBe(false);
  });

  it('audits every read and write with ids and codes, never the note', async () => {
    const events = await t.dataSource.query<
      {
        action: string;
        summary: string;
        details: Record<string, unknown> | null;
        entity_id: string | null;
      }[]
    >(
      `SELECT action, summary, details, entity_id FROM audit_event WHERE entity_type = 'data_request' ORDER BY seq`,
    );
    expect(
      events.some(
        (e) => e.action === 'create' && e.summary === 'recorded a data request (erasure)',
      ),
    ).toBe(true);
    expect(
      events.some(
        (e) => e.action === 'update' && e.summary === 'closed a data request (rectification): done',
      ),
    ).toBe(true);
    expect(
      events.some(
        (e) => e.action === 'read' && e.entity_id === null && e.summary.startsWith('listed'),
      ),
    ).toBe(true);
    expect(events.some((e) => e.action === 'read' && e.summary === 'read a data request')).toBe(
      true,
    );
    const all = JSON.stringify(
      await t.dataSource.query('SELECT summary, details FROM audit_event'),
    );
    expect(all).not.toContain('Kutaisi');
    expect(all).not.toContain('date of birth');
  });

  it('demo: an access request received twenty days ago, and a consent withdrawn after being given', async () => {
    // A client written in bulk, as the demo's are: a consent but no history yet.
    await t.dataSource.query(`DELETE FROM consent_event WHERE client_id = $1`, [clientId]);
    await seedDemoDataProtection(t.dataSource, FieldEncryption.fromConfig(t.config));
    const [request] = await t.dataSource.query<{ client_id: string; due_on: string }[]>(
      `SELECT client_id, due_on::text FROM data_request WHERE type = 'access' AND status = 'open' AND received_on = $1`,
      [daysAgo(20)],
    );
    expect(request.due_on).toBe(dataRequestDueOn(daysAgo(20)));
    const history = await t
      .http()
      .get(`/api/clients/${request.client_id}/consent`)
      .set('Authorization', caseworker);
    expect(history.status).toBe(200);
    const events = history.body.data as { scope: string; action: string }[];
    expect(events[0]).toMatchObject({ scope: 'share_with_partners', action: 'withdrawn' });
    // The consent from before the history was carried over as events.
    expect(events.some((e) => e.scope === 'data_processing' && e.action === 'given')).toBe(true);
  });
});
