import type { RetentionClient, RetentionPlan } from '@haven/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/cli/demo.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { RetentionService } from '../src/retention/retention.service.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

describe('retention', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let caseworker: string;

  /** Closes a case (through the API), then dates its closing `closedOn` (time passing). */
  const close = async (caseId: string, closedOn: string) => {
    const read = await t.http().get(`/api/cases/${caseId}`).set('Authorization', supervisor);
    const closed = await t
      .http()
      .patch(`/api/cases/${caseId}`)
      .set('Authorization', supervisor)
      .send({ version: read.body.version, stage: 'closed', outcome: 'rejected' });
    expect(closed.status).toBe(200);
    await t.ownerQuery('UPDATE legal_case SET closed_on = $2 WHERE id = $1', [caseId, closedOn]);
  };
  const due = async (): Promise<RetentionPlan> => {
    const response = await t.http().get('/api/retention/due').set('Authorization', admin);
    expect(response.status).toBe(200);
    return response.body;
  };
  const find = (clients: RetentionClient[], id: string) => clients.find((c) => c.id === id);

  // A: one DE case closed in 2015 (kept to the end of 2021): goes.
  // B: a due DE case and an open one: stays. C: due but under a legal hold. D: closed last year
  // (retained). E: closed long ago where no policy applies (GE).
  let a: Awaited<ReturnType<typeof intake>>;
  let b: Awaited<ReturnType<typeof intake>>;
  let bOpen: string;
  let c: Awaited<ReturnType<typeof intake>>;
  let d: Awaited<ReturnType<typeof intake>>;
  let e: Awaited<ReturnType<typeof intake>>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
    caseworker = await t.tokenFor('caseworker@haven.local');
    a = await intake(t, 'caseworker@haven.local', { client: { givenName: 'Retentiona' } });
    b = await intake(t, 'caseworker@haven.local', { client: { givenName: 'Retentionb' } });
    c = await intake(t, 'caseworker@haven.local', { client: { givenName: 'Retentionc' } });
    d = await intake(t, 'caseworker@haven.local', { client: { givenName: 'Retentiond' } });
    e = await intake(t, 'caseworker@haven.local', {
      client: { givenName: 'Retentione' },
      case: { jurisdiction: 'GE' },
    });
    const opened = await t
      .http()
      .post('/api/cases')
      .set('Authorization', supervisor)
      .send({ clientId: b.client.id, caseType: 'asylum', jurisdiction: 'DE' });
    expect(opened.status).toBe(201);
    bOpen = opened.body.id;
    await close(a.case.id, '2015-06-01');
    await close(b.case.id, '2015-06-01');
    await close(c.case.id, '2015-06-01');
    await close(d.case.id, new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10));
    await close(e.case.id, '2010-01-01');
    const held = await t
      .http()
      .put(`/api/cases/${c.case.id}/legal-hold`)
      .set('Authorization', supervisor)
      .send({ reason: 'Pending litigation', until: null });
    expect(held.status).toBe(200);
  });
  afterAll(() => t.close());

  it('seeds the defaults from domain.md and validates a new set of policies, naming the field', async () => {
    const read = await t.http().get('/api/retention/policies').set('Authorization', admin);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          jurisdiction: 'DE',
          caseType: null,
          years: 6,
          fromYearEnd: true,
        }),
      ]),
    );
    const put = (policies: unknown[], token = admin) =>
      t.http().put('/api/retention/policies').set('Authorization', token).send({ policies });
    const base = { jurisdiction: 'DE', caseType: null, years: 6, fromYearEnd: true };
    for (const [bad, field] of [
      [{ ...base, years: 0 }, 'policies.0.years'],
      [{ ...base, years: 101 }, 'policies.0.years'],
      [{ ...base, years: 2.5 }, 'policies.0.years'],
      [{ ...base, jurisdiction: 'XX' }, 'policies.0.jurisdiction'],
      [{ ...base, jurisdiction: 'germany' }, 'policies.0.jurisdiction'],
      [{ ...base, caseType: 'divorce' }, 'policies.0.caseType'],
    ] as const) {
      const response = await put([bad]);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(JSON.stringify(response.body)).toContain(field);
    }
    const duplicate = await put([base, base]);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.code).toBe('retention.policy_duplicate');
    expect((await put([base], supervisor)).status).toBe(403);
    expect(
      (await t.http().get('/api/retention/policies').set('Authorization', supervisor)).status,
    ).toBe(403);
    // The set stays as it was after every refusal.
    const again = await t.http().get('/api/retention/policies').set('Authorization', admin);
    expect(again.body.data).toEqual(read.body.data);
    // Replace with a more specific row beside the default: it wins for its case type.
    const replaced = await put([
      ...read.body.data,
      { jurisdiction: 'DE', caseType: 'family_reunification', years: 30, fromYearEnd: false },
    ]);
    expect(replaced.status).toBe(200);
    expect(replaced.body.data).toHaveLength(read.body.data.length + 1);
  });

  it('is for admins only', async () => {
    for (const token of [supervisor, caseworker, await t.tokenFor('analyst@haven.local')]) {
      expect((await t.http().get('/api/retention/due').set('Authorization', token)).status).toBe(
        403,
      );
      expect(
        (
          await t
            .http()
            .post('/api/retention/apply')
            .set('Authorization', token)
            .send({ caseIds: [a.case.id] })
        ).status,
      ).toBe(403);
    }
  });

  it('lists what is due, who stays and why, and what a legal hold keeps', async () => {
    const plan = await due();
    expect(find(plan.going, a.client.id)).toMatchObject({
      goes: true,
      cases: [{ id: a.case.id, state: 'due', retainedUntil: '2021-12-31', closedOn: '2015-06-01' }],
    });
    const staying = find(plan.staying, b.client.id)!;
    expect(staying.goes).toBe(false);
    expect(staying.cases.map((x) => [x.id, x.state]).sort()).toEqual(
      [
        [b.case.id, 'due'],
        [bOpen, 'open'],
      ].sort(),
    );
    expect(plan.held.map((x) => x.id)).toContain(c.case.id);
    const everywhere = [...plan.going, ...plan.staying].map((x) => x.id);
    for (const other of [c, d, e]) expect(everywhere).not.toContain(other.client.id);
    expect(plan.counts.clients).toBe(plan.going.length);
  });

  it('applies nothing when an id is not due (409 naming it) or unknown (404)', async () => {
    const notDue = await t
      .http()
      .post('/api/retention/apply')
      .set('Authorization', admin)
      .send({ caseIds: [a.case.id, c.case.id, d.case.id] });
    expect(notDue.status).toBe(409);
    expect(notDue.body.code).toBe('retention.not_due');
    expect(notDue.body.message).toContain(c.case.id);
    expect(notDue.body.message).toContain(d.case.id);
    const unknown = await t
      .http()
      .post('/api/retention/apply')
      .set('Authorization', admin)
      .send({ caseIds: [a.case.id, '00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(404);
    const bad = await t
      .http()
      .post('/api/retention/apply')
      .set('Authorization', admin)
      .send({ caseIds: ['nope'] });
    expect(bad.status).toBe(400);
    const [row] = await t.ownerQuery<{ anonymised_at: Date | null }[]>(
      'SELECT anonymised_at FROM client WHERE id = $1',
      [a.client.id],
    );
    expect(row.anonymised_at).toBeNull();
    expect(
      (await t.http().post(`/api/clients/${c.client.id}/anonymise`).set('Authorization', admin))
        .status,
    ).toBe(409);
  });

  it('applies exactly what the dry run showed for those ids, and records each run without names', async () => {
    const ids = [a.case.id, b.case.id];
    const dry = await due();
    const applied = await t
      .http()
      .post('/api/retention/apply')
      .set('Authorization', admin)
      .send({ caseIds: ids });
    expect(applied.status).toBe(200);
    const shown = (clients: RetentionClient[]) =>
      clients.filter((client) => client.cases.some((x) => ids.includes(x.id)));
    expect(applied.body.going).toEqual(shown(dry.going));
    expect(applied.body.staying).toEqual(shown(dry.staying));
    const states = await t.ownerQuery<{ id: string; anonymised: boolean; given_name: string }[]>(
      'SELECT id, anonymised_at IS NOT NULL AS anonymised, given_name FROM client WHERE id = ANY($1)',
      [[a.client.id, b.client.id]],
    );
    expect(Object.fromEntries(states.map((s) => [s.id, s.anonymised]))).toEqual({
      [a.client.id]: true,
      [b.client.id]: false,
    });
    const after = await due();
    expect(find(after.going, a.client.id)).toBeUndefined();
    expect(find(after.staying, b.client.id)).toBeDefined();

    const runs = await t.http().get('/api/retention/runs').set('Authorization', admin);
    expect(runs.status).toBe(200);
    expect(runs.body.data[0]).toMatchObject({
      mode: 'dry_run',
      trigger: 'manual',
    });
    const appliedRun = runs.body.data.find((run: { id: string }) => run.id === applied.body.runId);
    expect(appliedRun).toMatchObject({
      mode: 'applied',
      clientIds: [a.client.id],
      caseIds: [a.case.id],
      caseCount: 1,
      clientCount: 1,
    });
    const stored = JSON.stringify(await t.ownerQuery('SELECT * FROM retention_run'));
    for (const name of ['Retentiona', 'Retentionb', 'Sokolov']) expect(stored).not.toContain(name);
    const audit = JSON.stringify(
      await t.ownerQuery(`SELECT * FROM audit_event WHERE entity_type LIKE 'retention%'`),
    );
    for (const name of ['Retentiona', 'Retentionb', 'Sokolov']) expect(audit).not.toContain(name);
  });

  it('lets a cleared hold through, and the nightly job records one dry run a day', async () => {
    const cleared = await t
      .http()
      .delete(`/api/cases/${c.case.id}/legal-hold`)
      .set('Authorization', supervisor);
    expect(cleared.status).toBe(200);
    expect(find((await due()).going, c.client.id)).toBeDefined();
    const service = t.app.get(RetentionService);
    const first = await service.nightly();
    expect(first).toMatchObject({ clients: expect.any(Number) });
    expect(await service.nightly()).toBeNull();
    const nightly = await t.ownerQuery<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM retention_run WHERE trigger = 'nightly' AND mode = 'dry_run' AND actor_id IS NULL`,
    );
    expect(nightly[0].n).toBe(1);
  });

  it('keeps a legal hold to the team: another team’s supervisor gets 404, a caseworker 403', async () => {
    const outsider = await t.tokenFor('supervisor.almaty@haven.local');
    const put = (token: string) =>
      t
        .http()
        .put(`/api/cases/${d.case.id}/legal-hold`)
        .set('Authorization', token)
        .send({ reason: 'Audit by the bar', until: '2099-12-31' });
    expect((await put(outsider)).status).toBe(404);
    expect(
      (await t.http().delete(`/api/cases/${d.case.id}/legal-hold`).set('Authorization', outsider))
        .status,
    ).toBe(404);
    expect((await put(caseworker)).status).toBe(403);
    const missingReason = await t
      .http()
      .put(`/api/cases/${d.case.id}/legal-hold`)
      .set('Authorization', supervisor)
      .send({ until: 'soon' });
    expect(missingReason.status).toBe(400);
    const held = await put(supervisor);
    expect(held.body.legalHold).toMatchObject({ until: '2099-12-31', active: true });
    // Caseworkers read it on the case; the audit trail holds no reason.
    const read = await t.http().get(`/api/cases/${d.case.id}`).set('Authorization', caseworker);
    expect(read.body.legalHold.reason).toBe('Audit by the bar');
    const audit = JSON.stringify(await t.ownerQuery('SELECT * FROM audit_event'));
    expect(audit).not.toContain('Audit by the bar');
    expect(
      JSON.stringify(await t.ownerQuery('SELECT legal_hold_reason FROM legal_case')),
    ).not.toContain('Audit by the bar');
  });
});

describe('retention in the demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.dataSource, FieldEncryption.fromConfig(t.config));
  });
  afterAll(() => t.close());

  it('has a closed case past retention in the dry run, and one kept by a legal hold', async () => {
    const response = await t
      .http()
      .get('/api/retention/due')
      .set('Authorization', await t.tokenFor('admin@haven.local'));
    expect(response.status).toBe(200);
    const plan = response.body as RetentionPlan;
    expect(plan.going.length).toBeGreaterThanOrEqual(1);
    expect(plan.held).toHaveLength(1);
    const held = await t
      .http()
      .get(`/api/cases/${plan.held[0].id}`)
      .set('Authorization', await t.tokenFor('admin@haven.local'));
    expect(held.body.legalHold).toMatchObject({ active: true, until: null });
  });
});
