import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Issue 18, second reading from the attacker's side: what another office's account, a move racing a
 * claim or an assignment, or a failed audit write could still get through.
 */
const PASSWORD = 'a-long-review-passphrase-18';

describe('issue 18 review: team boundary regressions', () => {
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

  async function newCaseworker(): Promise<{ id: string; email: string }> {
    const email = `review.${randomBytes(4).toString('hex')}@haven.local`;
    const created = await t.http().post('/api/users').set('Authorization', admin).send({
      email,
      fullName: 'Review Worker',
      role: 'caseworker',
      teamId: tbilisi,
      password: PASSWORD,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { id: created.body.id as string, email };
  }

  /**
   * Admin moves `user` to Almaty while a test transaction holds the user's session rows, so the move
   * stops after it has handed over the user's open work and before it commits; `during` runs then.
   */
  async function moveHeldOpen(user: { id: string }, during: () => Promise<{ status: number }>) {
    const { version } = (await t.http().get(`/api/users/${user.id}`).set('Authorization', admin))
      .body as { version: number };
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT id FROM user_session WHERE user_id = $1 FOR UPDATE', [user.id]);
      const move = t
        .http()
        .patch(`/api/users/${user.id}`)
        .set('Authorization', admin)
        .send({ teamId: almaty, version })
        .then((r) => r);
      // Wait until the move is blocked on the held session rows (it has already released the work).
      let blocked = false;
      for (let i = 0; i < 500 && !blocked; i++) {
        const [{ n }] = await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'`,
        );
        blocked = n > 0;
        if (!blocked) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(blocked).toBe(true);
      const racing = during().then((r) => r);
      // Old code: the racing write commits here, unaware of the uncommitted move.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await runner.commitTransaction();
      const [moved, raced] = await Promise.all([move, racing]);
      expect(moved.status).toBe(200);
      return raced;
    } finally {
      await runner.release();
    }
  }

  it('a caseworker’s claim racing their move to another team leaves the task in the old team’s queue', async () => {
    const mover = await newCaseworker();
    // A password an admin set is changed at first sign-in before the account may work.
    const first = await t.login(mover.email, PASSWORD);
    expect(
      (
        await t
          .http()
          .post('/api/auth/password')
          .set('Authorization', first)
          .send({ currentPassword: PASSWORD, newPassword: `${PASSWORD}-own` })
      ).status,
    ).toBe(204);
    const token = await t.login(mover.email, `${PASSWORD}-own`);
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const task = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', supervisor)
      .send({ title: 'Queue task' });
    expect(task.status).toBe(201);
    // A recent request: the session is answered from the session cache, as in a busy client.
    expect((await t.http().get('/api/auth/me').set('Authorization', token)).status).toBe(200);
    const claimed = await moveHeldOpen(mover, () =>
      t.http().post(`/api/tasks/${task.body.id}/claim`).set('Authorization', token),
    );
    console.log(
      'DBG',
      claimed.status,
      JSON.stringify((claimed as { body?: unknown }).body).slice(0, 300),
    );
    expect(claimed.status).toBe(404);
    const [row] = await t.dataSource.query<{ assignee_id: string | null }[]>(
      'SELECT assignee_id FROM task WHERE id = $1',
      [task.body.id],
    );
    expect(row.assignee_id).toBeNull();
  });

  it('a supervisor assigning a case racing the caseworker’s move to another team leaves the case unassigned', async () => {
    const mover = await newCaseworker();
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const { case: c } = await intake(t, 'supervisor@haven.local');
    await t.login(mover.email, PASSWORD);
    const assigned = await moveHeldOpen(mover, () =>
      t
        .http()
        .patch(`/api/cases/${c.id}`)
        .set('Authorization', supervisor)
        .send({ assignedToId: mover.id, version: c.version }),
    );
    console.log(
      'DBG',
      assigned.status,
      JSON.stringify((assigned as { body?: unknown }).body).slice(0, 300),
    );
    expect(assigned.status, JSON.stringify((assigned as { body?: unknown }).body)).toBe(400);
    const [row] = await t.dataSource.query<{ assigned_to_id: string | null }[]>(
      'SELECT assigned_to_id FROM legal_case WHERE id = $1',
      [c.id],
    );
    expect(row.assigned_to_id).toBeNull();
  });

  it('another team’s supervisor sees the events filed under their team without the addresses of the other team’s staff', async () => {
    // A client of Tbilisi who also has a case in Almaty: Tbilisi's reads of them are filed under Almaty too.
    const { client } = await intake(t, 'caseworker@haven.local');
    const almatyCase = await t
      .http()
      .post('/api/cases')
      .set('Authorization', admin)
      .send({ clientId: client.id, caseType: 'asylum', jurisdiction: 'KZ', teamId: almaty });
    expect(almatyCase.status).toBe(201);
    const tbilisiWorker = await t.userId('caseworker@haven.local');
    expect(
      (
        await t
          .http()
          .get(`/api/clients/${client.id}`)
          .set('Authorization', await t.tokenFor('caseworker@haven.local'))
      ).status,
    ).toBe(200);
    const [stored] = await t.dataSource.query<{ ip: string | null }[]>(
      `SELECT ip FROM audit_event WHERE action = 'read' AND entity_id = $1 AND actor_id = $2 AND team_id = $3`,
      [client.id, tbilisiWorker, almaty],
    );
    expect(stored.ip).not.toBeNull();

    const almatySupervisor = await t.tokenFor('supervisor.almaty@haven.local');
    const list = await t
      .http()
      .get(`/api/audit-events?entityId=${client.id}&actorId=${tbilisiWorker}&perPage=100`)
      .set('Authorization', almatySupervisor);
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    for (const event of list.body.data as { id: string; ip: string | null }[]) {
      expect(event.ip).toBeNull();
      const one = await t
        .http()
        .get(`/api/audit-events/${event.id}`)
        .set('Authorization', almatySupervisor);
      expect(one.status).toBe(200);
      expect(one.body.ip).toBeNull();
    }
    // Their own team's staff keep their addresses; an admin sees every address.
    const tbilisiSupervisor = await t.tokenFor('supervisor@haven.local');
    const own = await t
      .http()
      .get(`/api/audit-events?entityId=${client.id}&actorId=${tbilisiWorker}&perPage=100`)
      .set('Authorization', tbilisiSupervisor);
    expect((own.body.data as { ip: string | null }[]).every((event) => event.ip !== null)).toBe(
      true,
    );
    const all = await t
      .http()
      .get(`/api/audit-events?entityId=${client.id}&actorId=${tbilisiWorker}&teamId=${almaty}`)
      .set('Authorization', admin);
    expect((all.body.data as { ip: string | null }[]).every((event) => event.ip !== null)).toBe(
      true,
    );
  });

  it('a microdata export whose audit event cannot be written sends no data', async () => {
    // As the schema's owner: the app's own role may not add triggers.
    await t.ownerQuery(
      `CREATE FUNCTION review_refuse_export() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.action = 'export' AND NEW.entity_type = 'statistics' THEN RAISE EXCEPTION 'audit store unavailable'; END IF;
         RETURN NEW;
       END $$`,
    );
    await t.ownerQuery(
      'CREATE TRIGGER review_refuse_export BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION review_refuse_export()',
    );
    try {
      const analyst = await t.tokenFor('analyst@haven.local');
      for (const format of ['json', 'csv']) {
        const response = await t
          .http()
          .get(`/api/stats/microdata?format=${format}`)
          .set('Authorization', analyst);
        expect(response.status).toBe(500);
        expect(response.headers['content-disposition']).toBeUndefined();
        expect(response.text).not.toContain('ageBand');
        expect(response.text).not.toContain('"withheld"');
      }
    } finally {
      await t.ownerQuery('DROP TRIGGER review_refuse_export ON audit_event');
      await t.ownerQuery('DROP FUNCTION review_refuse_export()');
    }
  });

  it('a microdata export’s audit event exists by the time its response arrives', async () => {
    const analyst = await t.tokenFor('analyst@haven.local');
    const [{ seq }] = await t.dataSource.query<{ seq: string }[]>(
      'SELECT coalesce(max(seq), 0)::text AS seq FROM audit_event',
    );
    const response = await t
      .http()
      .get('/api/stats/microdata?format=csv')
      .set('Authorization', analyst);
    expect(response.status).toBe(200);
    const events = await t.dataSource.query<{ details: { rows: number; withheld: number } }[]>(
      `SELECT details FROM audit_event WHERE seq > $1 AND action = 'export' AND entity_type = 'statistics'`,
      [seq],
    );
    expect(events).toHaveLength(1);
    expect(events[0].details.rows).toBe(response.text.trim().split('\r\n').length - 1);
  });
});
