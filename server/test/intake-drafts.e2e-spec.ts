import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake, intakeBody } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Intake drafts (issue 25, `GET/PUT/DELETE /api/intake/draft`): the caller's own, nobody else's —
 * an administrator's included —, versioned against two tabs, encrypted at rest, audited without
 * content, expiring, deleted with the intake that completes it and with the owner's deactivation
 * or move; and consent first: an intake without consent to data processing names the legal basis
 * used instead, or is refused.
 */
const SECRET = {
  givenName: 'Zinaida',
  familyName: 'Tainova',
  healthNotes: 'Scars from the detention in Makhachkala',
};
const HOURS = 5;

describe('intake drafts', () => {
  let t: TestApp;
  const draftOf = (token: string) => t.http().get('/api/intake/draft').set('Authorization', token);
  const save = (token: string, body: Record<string, unknown>) =>
    t.http().put('/api/intake/draft').set('Authorization', token).send(body);
  const discard = (token: string) =>
    t.http().delete('/api/intake/draft').set('Authorization', token);
  const rowsOf = (email: string) =>
    t.dataSource.query<{ id: string; payload: string; team_id: string | null }[]>(
      'SELECT d.id, d.payload, d.team_id FROM intake_draft d JOIN app_user u ON u.id = d.owner_id WHERE u.email = $1',
      [email],
    );

  beforeAll(async () => {
    t = await startTestApp({ intakeDraftHours: HOURS });
  });
  afterAll(() => t.close());

  it('saves, reads back and renews the owner’s draft, versioned; 404 when there is none', async () => {
    const token = await t.tokenFor('caseworker@haven.local');
    expect((await draftOf(token)).status).toBe(404);
    expect((await draftOf(token)).body.code).toBe('intake_draft.not_found');

    const created = await save(token, { payload: { draft: SECRET, active: 2 }, step: 2 });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ step: 2, version: 1 });
    // Expires HAVEN_INTAKE_DRAFT_HOURS after the save.
    const lifetime = Date.parse(created.body.expiresAt) - Date.parse(created.body.updatedAt);
    expect(Math.abs(lifetime - HOURS * 3600_000)).toBeLessThan(1000);

    const read = await draftOf(token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ payload: { draft: SECRET, active: 2 }, step: 2, version: 1 });

    const updated = await save(token, {
      payload: { draft: { ...SECRET, religion: 'x' } },
      step: 3,
      version: 1,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ step: 3, version: 2 });
    expect((await draftOf(token)).body.payload.draft.religion).toBe('x');
  });

  it('refuses to overwrite a draft saved from another tab since: 409, nothing changed', async () => {
    const token = await t.tokenFor('caseworker@haven.local');
    const current = (await draftOf(token)).body as { version: number; payload: unknown };
    const stale = await save(token, {
      payload: { other: 'tab' },
      step: 0,
      version: current.version - 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'intake_draft.stale', field: 'version' });
    // A second "new" draft while one exists is the same clash.
    const again = await save(token, { payload: { other: 'tab' }, step: 0 });
    expect(again.status).toBe(409);
    expect((await draftOf(token)).body).toMatchObject({
      version: current.version,
      payload: current.payload,
    });
  });

  it('is seen by its owner alone: colleagues, the supervisor and the admin have none (404); analysts 403', async () => {
    for (const email of [
      'caseworker2@haven.local',
      'supervisor@haven.local',
      'admin@haven.local',
    ]) {
      const other = await draftOf(await t.tokenFor(email));
      expect(other.status, email).toBe(404);
      expect(JSON.stringify(other.body)).not.toContain(SECRET.familyName);
    }
    // The admin's own draft is a separate one and leaves the caseworker's alone.
    const admin = await t.tokenFor('admin@haven.local');
    expect((await save(admin, { payload: { mine: true }, step: 0 })).status).toBe(200);
    expect((await draftOf(admin)).body.payload).toEqual({ mine: true });
    const own = await draftOf(await t.tokenFor('caseworker@haven.local'));
    expect(own.body.payload.draft.familyName).toBe(SECRET.familyName);
    // Deleting one's own draft never touches another's.
    expect((await discard(admin)).status).toBe(204);
    expect((await draftOf(admin)).status).toBe(404);
    expect((await draftOf(await t.tokenFor('caseworker@haven.local'))).status).toBe(200);

    const analyst = await t.tokenFor('analyst@haven.local');
    expect((await draftOf(analyst)).status).toBe(403);
    expect((await save(analyst, { payload: {}, step: 0 })).status).toBe(403);
  });

  it('is encrypted at rest and audited with its id, step and version only', async () => {
    const [row] = await rowsOf('caseworker@haven.local');
    expect(row.payload).toMatch(/^v2\./);
    for (const value of Object.values(SECRET)) expect(row.payload).not.toContain(value);
    const events = await t.dataSource.query<
      { action: string; summary: string; details: unknown }[]
    >(
      `SELECT action, summary, details FROM audit_event WHERE entity_type = 'intake_draft' AND entity_id = $1 ORDER BY seq`,
      [row.id],
    );
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['create', 'read', 'update']),
    );
    const text = JSON.stringify(events);
    for (const value of Object.values(SECRET)) expect(text).not.toContain(value);
    expect(text).not.toContain('religion');
  });

  it('answers bad input with a 400 naming the field, and a draft too large with a 413', async () => {
    const token = await t.tokenFor('caseworker2@haven.local');
    const cases: [Record<string, unknown>, string][] = [
      [{ step: 0 }, 'payload'],
      [{ payload: 'text', step: 0 }, 'payload'],
      [{ payload: {}, step: -1 }, 'step'],
      [{ payload: {}, step: 1.5 }, 'step'],
      [{ payload: {}, step: 0, version: 0 }, 'version'],
      [{ payload: {}, step: 0, owner: 'x' }, 'owner'],
    ];
    for (const [body, field] of cases) {
      const response = await save(token, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body), JSON.stringify(body)).toContain(field);
    }
    const big = await save(token, { payload: { notes: 'x'.repeat(300 * 1024) }, step: 0 });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'intake_draft.too_large', field: 'payload' });
    const huge = await save(token, { payload: { notes: 'x'.repeat(1100 * 1024) }, step: 0 });
    expect(huge.status).toBe(413);
    expect(await rowsOf('caseworker2@haven.local')).toEqual([]);
  });

  it('expires: an expired draft reads as none and is purged, and a new one may take its place', async () => {
    const token = await t.tokenFor('caseworker2@haven.local');
    expect((await save(token, { payload: { a: 1 }, step: 1 })).status).toBe(200);
    await t.dataSource.query(
      `UPDATE intake_draft SET expires_at = now() - interval '1 minute' WHERE owner_id = $1`,
      [await t.userId('caseworker2@haven.local')],
    );
    // A save over an expired draft starts a new one (version 1), not a clash.
    expect((await save(token, { payload: { b: 2 }, step: 0 })).body.version).toBe(1);
    await t.dataSource.query(
      `UPDATE intake_draft SET expires_at = now() - interval '1 minute' WHERE owner_id = $1`,
      [await t.userId('caseworker2@haven.local')],
    );
    expect((await draftOf(token)).status).toBe(404);
    expect(await rowsOf('caseworker2@haven.local')).toEqual([]);
    // The purge (as the background job runs it) takes every expired draft, read or not.
    expect((await save(token, { payload: { c: 3 }, step: 0 })).status).toBe(200);
    await t.dataSource.query(`UPDATE intake_draft SET expires_at = now() - interval '1 second'`);
    const { IntakeDraftsService } = await import('../src/intake-drafts/intake-drafts.service.js');
    expect(await t.app.get(IntakeDraftsService).purgeExpired()).toBeGreaterThanOrEqual(2);
    expect(await t.dataSource.query('SELECT id FROM intake_draft')).toEqual([]);
  });

  it('is deleted by the intake that completes it, and kept when the intake fails', async () => {
    const token = await t.tokenFor('caseworker@haven.local');
    expect((await save(token, { payload: { draft: SECRET }, step: 4 })).status).toBe(200);
    const refused = await t
      .http()
      .post('/api/intake')
      .set('Authorization', token)
      .send(intakeBody({ client: { nationality: 'Russia' } }));
    expect(refused.status).toBe(400);
    expect(await rowsOf('caseworker@haven.local')).toHaveLength(1);
    const done = await t.http().post('/api/intake').set('Authorization', token).send(intakeBody());
    expect(done.status).toBe(201);
    expect(await rowsOf('caseworker@haven.local')).toEqual([]);
    // Its removal is in the trail, with the intake's events.
    const [removed] = await t.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_event
        WHERE action = 'delete' AND entity_type = 'intake_draft' ORDER BY seq DESC LIMIT 1`,
    );
    expect(removed.details).toEqual({ clientId: done.body.client.id });
    expect((await draftOf(token)).status).toBe(404);
  });

  it('answers 404 for a draft that cannot be read (a retired key), and drops it', async () => {
    const token = await t.tokenFor('caseworker@haven.local');
    expect((await save(token, { payload: { draft: SECRET }, step: 2 })).status).toBe(200);
    await t.dataSource.query(
      `UPDATE intake_draft SET payload = 'v2.k9.not-a-ciphertext' WHERE owner_id = $1`,
      [await t.userId('caseworker@haven.local')],
    );
    expect((await draftOf(token)).status).toBe(404);
    expect(await rowsOf('caseworker@haven.local')).toEqual([]);
  });

  it('goes with its owner: deactivation and a move to another team drop it', async () => {
    const admin = await t.tokenFor('admin@haven.local');
    const tbilisi = await t.teamId('Tbilisi office');
    const almaty = await t.teamId('Almaty office');
    const make = async (email: string) => {
      const created = await t.http().post('/api/users').set('Authorization', admin).send({
        email,
        fullName: 'Draft Owner',
        role: 'caseworker',
        teamId: tbilisi,
        password: 'long-enough-password-1',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const token = await t.login(email, 'long-enough-password-1');
      expect((await save(token, { payload: { draft: SECRET }, step: 1 })).status).toBe(200);
      expect(await rowsOf(email)).toHaveLength(1);
      return created.body as { id: string; version: number };
    };
    const leaving = await make('leaving@haven.local');
    const off = await t
      .http()
      .patch(`/api/users/${leaving.id}`)
      .set('Authorization', admin)
      .send({ version: leaving.version, active: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(await rowsOf('leaving@haven.local')).toEqual([]);

    const moving = await make('moving@haven.local');
    const moved = await t
      .http()
      .patch(`/api/users/${moving.id}`)
      .set('Authorization', admin)
      .send({ version: moving.version, teamId: almaty });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await rowsOf('moving@haven.local')).toEqual([]);
  });
  it('names the returning client it is for, one the caller may see; erasing the client deletes it', async () => {
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const admin = await t.tokenFor('admin@haven.local');
    await discard(caseworker);
    const mine = await intake(t, 'caseworker@haven.local');
    const elsewhere = await intake(t, 'caseworker.almaty@haven.local');
    const draftClient = async () =>
      (
        await t.dataSource.query<{ client_id: string | null }[]>(
          `SELECT d.client_id FROM intake_draft d JOIN app_user u ON u.id = d.owner_id
            WHERE u.email = 'caseworker@haven.local'`,
        )
      ).map((row) => row.client_id);

    // Another office's client, an unknown one: they do not exist for this caseworker.
    for (const clientId of [elsewhere.client.id, '00000000-0000-4000-8000-000000000000']) {
      const refused = await save(caseworker, { payload: { draft: SECRET }, step: 1, clientId });
      expect(refused.status, clientId).toBe(404);
      expect(refused.body.code).toBe('client.not_found');
    }
    const malformed = await save(caseworker, { payload: {}, step: 1, clientId: 'x' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('clientId');
    expect(await draftClient()).toEqual([]);

    const saved = await save(caseworker, {
      payload: { draft: SECRET, returning: { id: mine.client.id } },
      step: 1,
      clientId: mine.client.id,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(await draftClient()).toEqual([mine.client.id]);
    // Saved again without it (the caseworker went back to a new person's intake): no longer named.
    const cleared = await save(caseworker, { payload: { draft: SECRET }, step: 1, version: 1 });
    expect(cleared.status).toBe(200);
    expect(await draftClient()).toEqual([null]);
    // A page that sends only the wizard's own record of the client (an older one) names them too;
    // the two may not disagree, and the record's id is checked like clientId.
    const disagreeing = await save(caseworker, {
      payload: { returning: { id: mine.client.id } },
      step: 1,
      version: 2,
      clientId: elsewhere.client.id,
    });
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.body.field).toBe('clientId');
    const garbled = await save(caseworker, {
      payload: { returning: { id: 7 } },
      step: 1,
      version: 2,
    });
    expect(garbled.status).toBe(400);
    expect(garbled.body.field).toBe('payload.returning.id');
    const hidden = await save(caseworker, {
      payload: { returning: { id: elsewhere.client.id } },
      step: 1,
      version: 2,
    });
    expect(hidden.status).toBe(404);
    expect(await draftClient()).toEqual([null]);
    expect(
      (
        await save(caseworker, {
          payload: { returning: { id: mine.client.id } },
          step: 1,
          version: 2,
        })
      ).status,
    ).toBe(200);
    expect(await draftClient()).toEqual([mine.client.id]);
    expect(
      (
        await save(caseworker, {
          payload: { draft: SECRET },
          step: 1,
          version: 3,
          clientId: mine.client.id,
        })
      ).status,
    ).toBe(200);

    const erased = await t
      .http()
      .post(`/api/clients/${mine.client.id}/anonymise`)
      .set('Authorization', admin);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(await draftClient()).toEqual([]);
    expect((await draftOf(caseworker)).status).toBe(404);
    const [event] = await t.dataSource.query<{ details: { intakeDrafts: number } }[]>(
      `SELECT details FROM audit_event WHERE entity_type = 'client' AND entity_id = $1 AND action = 'delete'`,
      [mine.client.id],
    );
    expect(event.details.intakeDrafts).toBe(1);
    // An erased client cannot be named again.
    const again = await save(caseworker, { payload: {}, step: 1, clientId: mine.client.id });
    expect(again.status).toBe(404);
  });
});

describe('intake: consent first', () => {
  let t: TestApp;
  const post = async (body: unknown) =>
    t
      .http()
      .post('/api/intake')
      .set('Authorization', await t.tokenFor('caseworker@haven.local'))
      .send(body as object);
  const clientCount = async () =>
    (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM client'))[0].n;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses an intake without consent to data processing and without a legal basis instead', async () => {
    const before = await clientCount();
    for (const consent of [
      null,
      { scopes: ['legal_representation'], givenOn: '2026-11-02', language: 'ru' },
    ]) {
      const response = await post(intakeBody({ client: { consent } }));
      expect(response.status, JSON.stringify(consent)).toBe(400);
      expect(response.body).toMatchObject({
        code: 'intake.processing_basis_required',
        field: 'processingBasis',
      });
    }
    expect(await clientCount()).toBe(before);
  });

  it('takes an intake that does not carry consent at all (the contract’s body), recording no basis', async () => {
    const body = intakeBody();
    delete (body.client as { consent?: unknown }).consent;
    const response = await post(body);
    expect(response.status).toBe(201);
    expect(response.body.client).toMatchObject({ consent: null, processingBasis: null });
  });

  it('accepts one naming the legal basis used instead, and the client shows it', async () => {
    const response = await post({
      ...intakeBody({ client: { consent: null } }),
      processingBasis: 'legal_claims',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.client).toMatchObject({ consent: null, processingBasis: 'legal_claims' });
    const read = await t
      .http()
      .get(`/api/clients/${response.body.client.id}`)
      .set('Authorization', await t.tokenFor('caseworker@haven.local'));
    expect(read.body).toMatchObject({ processingBasis: 'legal_claims' });
  });

  it('records no other basis beside consent, and only the bases that stand in for it', async () => {
    const before = await clientCount();
    const both = await post({ ...intakeBody(), processingBasis: 'vital_interests' });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({
      code: 'intake.processing_basis_with_consent',
      field: 'processingBasis',
    });
    for (const basis of ['consent', 'explicit_consent', 'whim', 7]) {
      const response = await post({
        ...intakeBody({ client: { consent: null } }),
        processingBasis: basis,
      });
      expect(response.status, String(basis)).toBe(400);
      expect(JSON.stringify(response.body)).toContain('processingBasis');
    }
    expect(await clientCount()).toBe(before);
    // With consent, no basis is asked for, and none is recorded.
    const consented = await post(intakeBody());
    expect(consented.status).toBe(201);
    expect(consented.body.client.processingBasis).toBeNull();
  });
});
