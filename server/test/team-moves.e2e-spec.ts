import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Issue 18, items 4 and 5: a caseworker moved to another team keeps none of the old team's cases,
 * and a case moved to another team takes its tasks along.
 */
describe('team moves and case transfers', () => {
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

  const get = async (token: string, path: string) => t.http().get(path).set('Authorization', token);
  const ids = (body: { data: { id: string }[] }) => body.data.map((row) => row.id);

  /** A caseworker of Tbilisi of this test's own (the demo password, so `intake` can log in). */
  async function newCaseworker(): Promise<{ id: string; email: string }> {
    const email = `mover.${randomBytes(4).toString('hex')}@haven.local`;
    const created = await t.http().post('/api/users').set('Authorization', admin).send({
      email,
      fullName: 'Moved Worker',
      role: 'caseworker',
      teamId: tbilisi,
      password: 'lantern orchard Kutaisi 1987',
    });
    expect(created.status).toBe(201);
    // The demo password (too short for the policy) set in SQL, and no forced change at first sign-in.
    await t.dataSource.query(
      `UPDATE app_user SET password_hash = (SELECT password_hash FROM app_user WHERE email = 'caseworker@haven.local'), password_change_required = false WHERE id = $1`,
      [created.body.id],
    );
    return { id: created.body.id as string, email };
  }

  /** A Tbilisi case of the caseworker, with a deadline in a week and a task of theirs on it. */
  async function caseWithWork(email: string) {
    const familyName = `Mover${randomBytes(4).toString('hex')}`;
    const { client, case: c } = await intake(t, email, { client: { familyName } });
    const token = await t.tokenFor(email);
    const dueOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const deadline = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', token)
      .send({ caseId: c.id, kind: 'submission', title: 'Send the evidence', dueOn });
    expect(deadline.status).toBe(201);
    const task = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', token)
      .send({ caseId: c.id, title: 'Collect the summons copy' });
    expect(task.status).toBe(201);
    return { case: c, clientId: client.id, familyName, taskId: task.body.id as string };
  }

  it('a caseworker moved to another team in SQL alone no longer sees the old team’s cases assigned to them anywhere', async () => {
    const mover = await newCaseworker();
    const work = await caseWithWork(mover.email);
    const before = await t.login(mover.email);
    const calendar = await t
      .http()
      .post('/api/calendar/token')
      .set('Authorization', before)
      .send({});
    expect(calendar.status).toBe(201);
    const feed = () =>
      t.http().get(`/api/calendar/feed.ics?token=${calendar.body.token as string}`);
    // Seen before the move, so what follows is the move's doing.
    expect(ids((await get(before, '/api/cases?perPage=100')).body)).toContain(work.case.id);
    expect((await feed()).text).toContain(work.case.reference);

    // The move without the API's hand-over: the scope itself must hold.
    await t.dataSource.query('UPDATE app_user SET team_id = $2 WHERE id = $1', [mover.id, almaty]);
    const after = await t.login(mover.email);
    expect(ids((await get(after, '/api/cases?perPage=100')).body)).not.toContain(work.case.id);
    expect((await get(after, `/api/cases/${work.case.id}`)).status).toBe(404);
    expect(ids((await get(after, `/api/cases?q=${work.familyName}`)).body)).toEqual([]);
    expect(ids((await get(after, `/api/clients?q=${work.familyName}`)).body)).toEqual([]);
    expect((await get(after, `/api/clients/${work.clientId}`)).status).toBe(404);
    expect(ids((await get(after, `/api/deadlines?caseId=${work.case.id}`)).body)).toEqual([]);
    const dashboard = (await get(after, '/api/dashboard')).body;
    expect(dashboard.openCasesByStage).toEqual([]);
    expect(dashboard.deadlines).toMatchObject({ overdue: 0, next14Days: 0, items: [] });
    expect(dashboard.myTasksByStatus).toEqual([]);
    expect((await feed()).text).not.toContain(work.case.reference);
    expect(ids((await get(after, '/api/tasks?perPage=100')).body)).not.toContain(work.taskId);
    expect(ids((await get(after, '/api/tasks?queue=mine')).body)).not.toContain(work.taskId);
    expect((await get(after, `/api/tasks/${work.taskId}`)).status).toBe(404);
    expect(
      (await t.http().post(`/api/tasks/${work.taskId}/start`).set('Authorization', after)).status,
    ).toBe(404);
  });

  it('moving a caseworker through the API unassigns their open cases and tasks in the same transaction, audited for the old team', async () => {
    const mover = await newCaseworker();
    const open = await caseWithWork(mover.email);
    const second = await caseWithWork(mover.email);
    const closed = await intake(t, mover.email);
    await t.dataSource.query(
      `UPDATE legal_case SET stage = 'closed', outcome = 'withdrawn', closed_on = current_date WHERE id = $1`,
      [closed.case.id],
    );
    const token = await t.tokenFor(mover.email);
    // One task in review, one done: the review goes back to the queue too, the finished one stays theirs.
    const review = (
      await t
        .http()
        .post('/api/tasks')
        .set('Authorization', token)
        .send({ title: 'Draft the statement' })
    ).body as { id: string };
    expect(
      (await t.http().post(`/api/tasks/${review.id}/submit-review`).set('Authorization', token))
        .status,
    ).toBe(200);
    const done = (
      await t
        .http()
        .post('/api/tasks')
        .set('Authorization', token)
        .send({ title: 'Call the interpreter' })
    ).body as { id: string };
    expect(
      (await t.http().post(`/api/tasks/${done.id}/complete`).set('Authorization', token)).status,
    ).toBe(200);

    const preview = await get(admin, `/api/users/${mover.id}/open-work`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ openCases: 2, openTasks: 3 });

    // A move that fails (the email is taken) changes nothing.
    const current = (await get(admin, `/api/users/${mover.id}`)).body as { version: number };
    const refused = await t
      .http()
      .patch(`/api/users/${mover.id}`)
      .set('Authorization', admin)
      .send({ version: current.version, teamId: almaty, email: 'supervisor@haven.local' });
    expect(refused.status).toBe(409);
    expect((await get(admin, `/api/users/${mover.id}/open-work`)).body).toEqual({
      openCases: 2,
      openTasks: 3,
    });

    const supervisor = await t.tokenFor('supervisor@haven.local');
    type Dashboard = { unassignedIntake: { count: number; items: { id: string }[] } };
    const intakeBefore = ((await get(supervisor, '/api/dashboard')).body as Dashboard)
      .unassignedIntake;
    const seqBefore = (
      await t.dataSource.query<{ seq: string }[]>(
        'SELECT coalesce(max(seq), 0)::text AS seq FROM audit_event',
      )
    )[0].seq;
    const moved = await t
      .http()
      .patch(`/api/users/${mover.id}`)
      .set('Authorization', admin)
      .send({ version: current.version, teamId: almaty });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ teamId: almaty, role: 'caseworker' });

    const cases = await t.dataSource.query<{ id: string; assigned_to_id: string | null }[]>(
      'SELECT id, assigned_to_id FROM legal_case WHERE id = ANY($1)',
      [[open.case.id, second.case.id, closed.case.id]],
    );
    expect(Object.fromEntries(cases.map((c) => [c.id, c.assigned_to_id]))).toEqual({
      [open.case.id]: null,
      [second.case.id]: null,
      [closed.case.id]: mover.id,
    });
    const tasks = await t.dataSource.query<
      { id: string; assignee_id: string | null; status: string }[]
    >('SELECT id, assignee_id, status FROM task WHERE id = ANY($1)', [
      [open.taskId, second.taskId, review.id, done.id],
    ]);
    expect(Object.fromEntries(tasks.map((x) => [x.id, [x.assignee_id, x.status]]))).toEqual({
      [open.taskId]: [null, 'open'],
      [second.taskId]: [null, 'open'],
      [review.id]: [null, 'in_review'],
      [done.id]: [mover.id, 'done'],
    });
    expect((await get(admin, `/api/users/${mover.id}/open-work`)).body).toEqual({
      openCases: 0,
      openTasks: 0,
    });

    const events = await t.dataSource.query<
      {
        action: string;
        entity_type: string;
        entity_id: string;
        team_id: string | null;
        details: Record<string, unknown>;
      }[]
    >(
      'SELECT action, entity_type, entity_id, team_id, details FROM audit_event WHERE seq > $1 ORDER BY seq',
      [seqBefore],
    );
    const reassigned = events.filter((e) => e.action === 'reassign');
    expect(reassigned.map((e) => e.entity_id).sort()).toEqual(
      [open.case.id, second.case.id].sort(),
    );
    for (const e of reassigned)
      expect(e).toMatchObject({
        entity_type: 'case',
        team_id: tbilisi,
        details: { from: mover.id, to: null, reason: 'user_moved' },
      });
    const taskEvents = events.filter((e) => e.entity_type === 'task');
    expect(taskEvents.map((e) => e.entity_id).sort()).toEqual(
      [open.taskId, second.taskId, review.id].sort(),
    );
    for (const e of taskEvents)
      expect(e).toMatchObject({
        team_id: tbilisi,
        details: { reason: 'user_moved', to: { assigneeId: null } },
      });
    const userEvents = events.filter((e) => e.entity_type === 'user');
    expect(userEvents.map((e) => e.team_id).sort()).toEqual([tbilisi, almaty].sort());
    expect(JSON.stringify(events)).not.toContain(open.familyName);

    // The Tbilisi supervisor sees them unassigned: in the list and on the dashboard's intake queue.
    const unassigned = ids((await get(supervisor, '/api/cases?assigned=false&perPage=100')).body);
    expect(unassigned).toEqual(expect.arrayContaining([open.case.id, second.case.id]));
    const intakeAfter = ((await get(supervisor, '/api/dashboard')).body as Dashboard)
      .unassignedIntake;
    expect(intakeAfter.count).toBe(intakeBefore.count + 2);
    expect(intakeAfter.items.map((x) => x.id)).toEqual(
      expect.arrayContaining([open.case.id, second.case.id]),
    );
    const queue = ids((await get(supervisor, '/api/tasks?queue=team&perPage=100')).body);
    expect(queue).toEqual(expect.arrayContaining([open.taskId, second.taskId, review.id]));
    // The moved caseworker sees none of it.
    const moverNow = await t.login(mover.email);
    expect(ids((await get(moverNow, '/api/cases?perPage=100')).body)).toEqual([]);
    expect(ids((await get(moverNow, '/api/tasks?perPage=100')).body)).not.toContain(done.id);
  });

  it('a role change (caseworker to analyst) unassigns their open work too', async () => {
    const mover = await newCaseworker();
    const work = await caseWithWork(mover.email);
    const current = (await get(admin, `/api/users/${mover.id}`)).body as { version: number };
    const changed = await t
      .http()
      .patch(`/api/users/${mover.id}`)
      .set('Authorization', admin)
      .send({ version: current.version, role: 'analyst' });
    expect(changed.status).toBe(200);
    const [row] = await t.dataSource.query<{ assigned_to_id: string | null }[]>(
      'SELECT assigned_to_id FROM legal_case WHERE id = $1',
      [work.case.id],
    );
    expect(row.assigned_to_id).toBeNull();
    const [task] = await t.dataSource.query<{ assignee_id: string | null }[]>(
      'SELECT assignee_id FROM task WHERE id = $1',
      [work.taskId],
    );
    expect(task.assignee_id).toBeNull();
    const [event] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'reassign' AND entity_id = $1 AND team_id = $2 AND details->>'reason' = 'user_moved'`,
      [work.case.id, tbilisi],
    );
    expect(event.n).toBe(1);
  });

  it('keeps the open-work preview to admins, 404 for no such user', async () => {
    const id = await t.userId('caseworker@haven.local');
    expect(
      (await get(await t.tokenFor('supervisor@haven.local'), `/api/users/${id}/open-work`)).status,
    ).toBe(403);
    expect(
      (await get(await t.tokenFor('caseworker@haven.local'), `/api/users/${id}/open-work`)).status,
    ).toBe(403);
    expect(
      (await get(admin, '/api/users/00000000-0000-4000-8000-000000000000/open-work')).status,
    ).toBe(404);
    expect((await get(admin, '/api/users/not-a-uuid/open-work')).status).toBe(404);
  });

  it('a case transferred to another team takes its tasks: the old supervisor loses them, the new one finds them in the queue', async () => {
    const { case: c } = await intake(t, 'caseworker2@haven.local');
    const tbilisiSupervisor = await t.tokenFor('supervisor@haven.local');
    const caseworker2 = await t.tokenFor('caseworker2@haven.local');
    const caseworker2Id = await t.userId('caseworker2@haven.local');
    const create = async (body: object) => {
      const response = await t
        .http()
        .post('/api/tasks')
        .set('Authorization', tbilisiSupervisor)
        .send({ caseId: c.id, ...body });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const queued = await create({ title: 'Book the interpreter', assigneeId: null });
    const assigned = await create({ title: 'Prepare the hearing', assigneeId: caseworker2Id });
    const finished = await create({ title: 'Copy the passport', assigneeId: caseworker2Id });
    expect(
      (await t.http().post(`/api/tasks/${finished}/complete`).set('Authorization', caseworker2))
        .status,
    ).toBe(200);
    const all = [queued, assigned, finished];
    expect(ids((await get(tbilisiSupervisor, `/api/tasks?caseId=${c.id}`)).body).sort()).toEqual(
      [...all].sort(),
    );

    const seqBefore = (
      await t.dataSource.query<{ seq: string }[]>(
        'SELECT coalesce(max(seq), 0)::text AS seq FROM audit_event',
      )
    )[0].seq;
    const current = (await get(admin, `/api/cases/${c.id}`)).body as { version: number };
    const moved = await t
      .http()
      .patch(`/api/cases/${c.id}`)
      .set('Authorization', admin)
      .send({ version: current.version, teamId: almaty });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ teamId: almaty, assignedToId: null });

    const rows = await t.dataSource.query<
      { id: string; team_id: string; assignee_id: string | null; status: string }[]
    >('SELECT id, team_id, assignee_id, status FROM task WHERE case_id = $1', [c.id]);
    expect(
      Object.fromEntries(rows.map((r) => [r.id, [r.team_id, r.assignee_id, r.status]])),
    ).toEqual({
      [queued]: [almaty, null, 'open'],
      [assigned]: [almaty, null, 'open'],
      [finished]: [almaty, caseworker2Id, 'done'],
    });

    // The old team: gone from lists, 404 on reads and actions, as if they never existed.
    expect(ids((await get(tbilisiSupervisor, `/api/tasks?caseId=${c.id}`)).body)).toEqual([]);
    expect(ids((await get(tbilisiSupervisor, '/api/tasks?perPage=100')).body)).not.toEqual(
      expect.arrayContaining([queued]),
    );
    for (const id of all) {
      expect((await get(tbilisiSupervisor, `/api/tasks/${id}`)).status).toBe(404);
      expect((await get(caseworker2, `/api/tasks/${id}`)).status).toBe(404);
    }
    expect(
      (await t.http().post(`/api/tasks/${queued}/claim`).set('Authorization', tbilisiSupervisor))
        .status,
    ).toBe(404);
    expect(
      (await t.http().post(`/api/tasks/${assigned}/start`).set('Authorization', caseworker2))
        .status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .post(`/api/tasks/${assigned}/assign`)
          .set('Authorization', tbilisiSupervisor)
          .send({ assigneeId: caseworker2Id })
      ).status,
    ).toBe(404);

    // The new team: listed, unassigned, in its queue.
    const almatySupervisor = await t.tokenFor('supervisor.almaty@haven.local');
    const listed = (await get(almatySupervisor, `/api/tasks?caseId=${c.id}`)).body as {
      data: { id: string; assigneeId: string | null; teamId: string; caseReference: string }[];
    };
    expect(listed.data.map((x) => x.id).sort()).toEqual([...all].sort());
    expect(ids((await get(almatySupervisor, '/api/tasks?queue=team&perPage=100')).body)).toEqual(
      expect.arrayContaining([queued, assigned]),
    );
    expect(
      (await t.http().post(`/api/tasks/${assigned}/claim`).set('Authorization', almatySupervisor))
        .status,
    ).toBe(200);

    const events = await t.dataSource.query<
      { entity_type: string; entity_id: string; team_id: string }[]
    >(
      'SELECT entity_type, entity_id, team_id FROM audit_event WHERE seq > $1 AND action = $2 AND entity_id = ANY($3) ORDER BY seq',
      [seqBefore, 'update', [c.id, ...all]],
    );
    const teamsOf = (id: string) =>
      events
        .filter((e) => e.entity_id === id)
        .map((e) => e.team_id)
        .sort();
    expect(teamsOf(c.id)).toEqual([tbilisi, almaty].sort());
    for (const id of [queued, finished]) expect(teamsOf(id)).toEqual([tbilisi, almaty].sort());
  });

  it('a task whose team and case disagree (changed in SQL) is shown to neither side’s supervisor', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const task = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', supervisor)
      .send({ caseId: c.id, title: 'Check the decision', assigneeId: null });
    expect(task.status).toBe(201);
    await t.dataSource.query(
      'UPDATE legal_case SET team_id = $2, assigned_to_id = NULL WHERE id = $1',
      [c.id, almaty],
    );
    expect((await get(supervisor, `/api/tasks/${task.body.id as string}`)).status).toBe(404);
    expect(ids((await get(supervisor, '/api/tasks?queue=team&perPage=100')).body)).not.toContain(
      task.body.id,
    );
  });
});
