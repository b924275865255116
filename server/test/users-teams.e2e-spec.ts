import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

describe('users and teams', () => {
  let t: TestApp;
  let admin: string;
  let tbilisi: string;
  let almaty: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin@haven.local');
    tbilisi = await t.teamId('Tbilisi office');
    almaty = await t.teamId('Almaty office');
  });
  afterAll(() => t.close());

  it('lets an admin create a user, who can then log in; the password is never returned', async () => {
    const created = await t.http().post('/api/users').set('Authorization', admin).send({
      email: 'New.Worker@haven.local',
      fullName: 'Aziz Nurmatov',
      role: 'caseworker',
      teamId: almaty,
      password: 'a-long-password',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'new.worker@haven.local',
      role: 'caseworker',
      teamId: almaty,
      active: true,
      version: 1,
    });
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('passwordHash');
    const [row] = await t.dataSource.query<{ password_hash: string }[]>(
      `SELECT password_hash FROM app_user WHERE email = 'new.worker@haven.local'`,
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      (
        await t
          .http()
          .post('/api/auth/login')
          .send({ email: 'new.worker@haven.local', password: 'a-long-password' })
      ).status,
    ).toBe(200);
  });

  it('names each bad field of a user and writes nothing', async () => {
    const before = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM app_user',
    );
    const response = await t.http().post('/api/users').set('Authorization', admin).send({
      email: 'not-an-email',
      fullName: '',
      role: 'boss',
      password: 'short',
      isRoot: true,
    });
    expect(response.status).toBe(400);
    for (const field of ['email', 'fullName', 'role', 'password', 'isRoot'])
      expect(response.body.message).toContain(field);
    const after = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM app_user',
    );
    expect(after[0].n).toBe(before[0].n);
  });

  it('requires a team for supervisors and caseworkers, and an existing one', async () => {
    const none = await t.http().post('/api/users').set('Authorization', admin).send({
      email: 'x1@haven.local',
      fullName: 'X',
      role: 'supervisor',
      password: 'long-enough-1',
    });
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/teamId/);
    const missing = await t.http().post('/api/users').set('Authorization', admin).send({
      email: 'x2@haven.local',
      fullName: 'X',
      role: 'caseworker',
      password: 'long-enough-1',
      teamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/teamId/);
  });

  it('refuses a second account with the same email (any case) with 409', async () => {
    const response = await t.http().post('/api/users').set('Authorization', admin).send({
      email: 'ANALYST@haven.local',
      fullName: 'Dup',
      role: 'analyst',
      password: 'long-enough-1',
    });
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/email/);
  });

  it('applies optimistic locking: a stale version is a 409 and changes nothing', async () => {
    const id = await t.userId('caseworker2@haven.local');
    const current = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
    const first = await t
      .http()
      .patch(`/api/users/${id}`)
      .set('Authorization', admin)
      .send({ version: current.body.version, fullName: 'Giorgi T.' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(current.body.version + 1);
    const stale = await t
      .http()
      .patch(`/api/users/${id}`)
      .set('Authorization', admin)
      .send({ version: current.body.version, fullName: 'Lost update' });
    expect(stale.status).toBe(409);
    const now = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
    expect(now.body.fullName).toBe('Giorgi T.');
    const missingVersion = await t
      .http()
      .patch(`/api/users/${id}`)
      .set('Authorization', admin)
      .send({ fullName: 'No version' });
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.body.message).toMatch(/version/);
  });

  it('records user writes in the audit trail with field names only', async () => {
    const id = await t.userId('caseworker2@haven.local');
    const current = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
    await t
      .http()
      .patch(`/api/users/${id}`)
      .set('Authorization', admin)
      .send({ version: current.body.version, password: 'another-secret-pw' });
    const [event] = await t.dataSource.query<{ action: string; details: { fields: string[] } }[]>(
      `SELECT action, details FROM audit_event WHERE entity_id = $1 AND action = 'update' ORDER BY seq DESC LIMIT 1`,
      [id],
    );
    expect(event.details.fields).toEqual(['password']);
    const all = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_event'));
    expect(all).not.toContain('another-secret-pw');
  });

  it('scopes user lists: supervisors and caseworkers their team, analysts themselves', async () => {
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const list = await t.http().get('/api/users?perPage=100').set('Authorization', supervisor);
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    expect(list.body.data.every((u: { teamId: string }) => u.teamId === tbilisi)).toBe(true);
    const analyst = await t.tokenFor('analyst@haven.local');
    const self = await t.http().get('/api/users').set('Authorization', analyst);
    expect(self.body.total).toBe(1);
    expect(self.body.data[0].email).toBe('analyst@haven.local');
  });

  it('answers 404 for a user or team outside the caller scope, as for one that does not exist', async () => {
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const other = await t.userId('supervisor.almaty@haven.local');
    const hidden = await t.http().get(`/api/users/${other}`).set('Authorization', caseworker);
    const absent = await t
      .http()
      .get('/api/users/00000000-0000-4000-8000-000000000000')
      .set('Authorization', caseworker);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(absent.body);
    expect(
      (await t.http().get(`/api/teams/${almaty}`).set('Authorization', caseworker)).status,
    ).toBe(404);
    expect(
      (await t.http().get(`/api/teams/${tbilisi}`).set('Authorization', caseworker)).status,
    ).toBe(200);
  });

  it('keeps writes to admins (403 for every other role)', async () => {
    for (const email of [
      'supervisor@haven.local',
      'caseworker@haven.local',
      'analyst@haven.local',
    ]) {
      const token = await t.tokenFor(email);
      expect((await t.http().post('/api/users').set('Authorization', token).send({})).status).toBe(
        403,
      );
      expect(
        (
          await t
            .http()
            .patch(`/api/teams/${tbilisi}`)
            .set('Authorization', token)
            .send({ version: 1 })
        ).status,
      ).toBe(403);
    }
  });

  it('manages teams: create, rename with version, duplicate name 409, bad country 400', async () => {
    const created = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .send({ name: 'Yerevan office', country: 'AM' });
    expect(created.status).toBe(201);
    const renamed = await t
      .http()
      .patch(`/api/teams/${created.body.id}`)
      .set('Authorization', admin)
      .send({ version: 1, name: 'Yerevan' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Yerevan', version: 2 });
    expect(
      (
        await t
          .http()
          .post('/api/teams')
          .set('Authorization', admin)
          .send({ name: 'Yerevan', country: 'AM' })
      ).status,
    ).toBe(409);
    const bad = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .send({ name: 'Somewhere', country: 'armenia' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/country/);
  });

  it('does not let an admin lock themselves out', async () => {
    const id = await t.userId('admin@haven.local');
    const current = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
    const response = await t
      .http()
      .patch(`/api/users/${id}`)
      .set('Authorization', admin)
      .send({ version: current.body.version, active: false });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/active/);
  });
});
