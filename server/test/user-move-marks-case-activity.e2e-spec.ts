import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * A caseworker moved to another team gives their open cases back unassigned: that reassignment is
 * work on each case, so it moves the case's `last_activity_at` (through markCaseActivity), and
 * touches no other case.
 */
describe('a user moved to another team marks their released cases active', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin@haven.local');
  });
  afterAll(() => t.close());

  it('marks the released cases, and only those', async () => {
    const tbilisi = await t.teamId('Tbilisi office');
    const almaty = await t.teamId('Almaty office');
    const email = `released.${randomBytes(4).toString('hex')}@haven.local`;
    const created = await t.http().post('/api/users').set('Authorization', admin).send({
      email,
      fullName: 'Released Worker',
      role: 'caseworker',
      teamId: tbilisi,
      password: 'lantern orchard Kutaisi 1987',
    });
    expect(created.status).toBe(201);
    // The demo password, so that `intake` can sign in as them.
    await t.dataSource.query(
      `UPDATE app_user SET password_hash = (SELECT password_hash FROM app_user WHERE email = 'caseworker@haven.local'), password_change_required = false WHERE id = $1`,
      [created.body.id],
    );
    const { case: theirs } = await intake(t, email);
    const { case: other } = await intake(t, 'caseworker@haven.local');
    await t.dataSource.query(
      `UPDATE legal_case SET last_activity_at = now() - interval '45 days' WHERE id = ANY($1)`,
      [[theirs.id, other.id]],
    );

    const user = (await t.http().get(`/api/users/${created.body.id}`).set('Authorization', admin))
      .body as { version: number };
    const moved = await t
      .http()
      .patch(`/api/users/${created.body.id}`)
      .set('Authorization', admin)
      .send({ version: user.version, teamId: almaty });
    expect(moved.status).toBe(200);

    const rows = await t.dataSource.query<
      { id: string; recent: boolean; assigned_to_id: string | null }[]
    >(
      `SELECT id, last_activity_at > now() - interval '1 hour' AS recent, assigned_to_id FROM legal_case WHERE id = ANY($1)`,
      [[theirs.id, other.id]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[theirs.id]).toMatchObject({ recent: true, assigned_to_id: null });
    expect(byId[other.id]).toMatchObject({ recent: false });
  });
});
