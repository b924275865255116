import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../src/database/data-source.js';
import { runReminders } from '../src/deadlines/reminders.js';
import { intake } from './factories.js';
import { cryptoOf, opened, sealed } from './sealed.js';
import { startTestApp, type TestApp } from './harness.js';

describe('tasks and queues', () => {
  let t: TestApp;
  let caseworker: string;
  let caseworker2: string;
  let supervisor: string;
  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
    caseworker2 = await t.tokenFor('caseworker2@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
  });
  afterAll(() => t.close());

  const act = (token: string, id: string, action: string, body: object = {}) =>
    t.http().post(`/api/tasks/${id}/${action}`).set('Authorization', token).send(body);
  const teamTask = async (title = 'Translate the summons') =>
    (
      await t
        .http()
        .post('/api/tasks')
        .set('Authorization', supervisor)
        .send({ title, assigneeId: null })
    ).body as { id: string; status: string; assigneeId: string | null };

  it('runs the full cycle: claim, start, submit, return with a comment, submit, approve', async () => {
    const task = await teamTask();
    expect(task).toMatchObject({ status: 'open', assigneeId: null });
    const claimed = await act(caseworker, task.id, 'claim');
    expect(claimed.status).toBe(200);
    expect(claimed.body.assigneeId).toBe(await t.userId('caseworker@haven.local'));
    expect((await act(caseworker, task.id, 'start')).body.status).toBe('in_progress');
    expect((await act(caseworker, task.id, 'submit-review')).body.status).toBe('in_review');
    const review = await t.http().get('/api/tasks?queue=review').set('Authorization', supervisor);
    expect(review.body.data.map((x: { id: string }) => x.id)).toContain(task.id);
    const returned = await act(supervisor, task.id, 'return', {
      comment: 'Add the sworn translator’s stamp.',
    });
    expect(returned.body).toMatchObject({
      status: 'in_progress',
      reviewComment: 'Add the sworn translator’s stamp.',
    });
    await act(caseworker, task.id, 'submit-review');
    const approved = await act(supervisor, task.id, 'approve');
    expect(approved.body.status).toBe('done');
    expect(approved.body.completedAt).toBeTruthy();
    const events = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND entity_type = 'task'`,
      [task.id],
    );
    expect(events[0].n).toBe(7);
  });

  it.each([
    ['start', 'an unclaimed team task', 403, /claim the task first/],
    ['approve', 'a task not in review (as supervisor)', 409, /not possible while the task is open/],
  ])('refuses %s on %s', async (action, _what, status, message) => {
    const task = await teamTask();
    const token = action === 'approve' ? supervisor : caseworker;
    const response = await act(token, task.id, action);
    expect(response.status).toBe(status);
    expect(response.body.message).toMatch(message);
  });

  it('keeps review actions to reviewers and refuses impossible transitions with a reason', async () => {
    const task = await teamTask();
    await act(caseworker, task.id, 'claim');
    expect((await act(caseworker, task.id, 'approve')).status).toBe(403);
    expect((await act(caseworker, task.id, 'return', { comment: 'x' })).status).toBe(403);
    expect(
      (
        await act(caseworker, task.id, 'assign', {
          assigneeId: await t.userId('caseworker2@haven.local'),
        })
      ).status,
    ).toBe(403);
    const again = await act(caseworker, task.id, 'claim');
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already assigned to you/);
    expect((await act(supervisor, task.id, 'return', { comment: 'x' })).status).toBe(409);
    expect((await act(caseworker, task.id, 'reopen')).status).toBe(409);
    expect((await act(caseworker, task.id, 'complete')).body.status).toBe('done');
    expect((await act(caseworker, task.id, 'start')).status).toBe(409);
    expect((await act(caseworker, task.id, 'reopen')).body.status).toBe('open');
    const returnWithout = await act(supervisor, task.id, 'return', {});
    expect(returnWithout.status).toBe(400);
    expect(returnWithout.body.message).toMatch(/comment/);
  });

  it('shows each queue exactly the right tasks', async () => {
    const mine = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', caseworker)
      .send({ title: 'My own reminder' });
    expect(mine.body.assigneeId).toBe(await t.userId('caseworker@haven.local'));
    const teamOpen = await teamTask('Team queue item');
    const theirs = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', caseworker2)
      .send({ title: 'Colleague’s private task' });
    const almaty = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', await t.tokenFor('caseworker.almaty@haven.local'))
      .send({ title: 'Other team', assigneeId: null });

    const myQueue = (
      await t.http().get('/api/tasks?queue=mine&perPage=100').set('Authorization', caseworker)
    ).body.data.map((x: { id: string }) => x.id);
    expect(myQueue).toContain(mine.body.id);
    expect(myQueue).not.toContain(teamOpen.id);
    const teamQueue = (
      await t.http().get('/api/tasks?queue=team&perPage=100').set('Authorization', caseworker)
    ).body.data.map((x: { id: string }) => x.id);
    expect(teamQueue).toContain(teamOpen.id);
    expect(teamQueue).not.toContain(almaty.body.id);
    expect(teamQueue).not.toContain(theirs.body.id);
    // A colleague's own task and another team's task are invisible (404), not forbidden.
    expect(
      (await t.http().get(`/api/tasks/${theirs.body.id}`).set('Authorization', caseworker)).status,
    ).toBe(404);
    expect(
      (await t.http().get(`/api/tasks/${almaty.body.id}`).set('Authorization', caseworker)).status,
    ).toBe(404);
    expect(
      (await t.http().get(`/api/tasks/${theirs.body.id}`).set('Authorization', supervisor)).status,
    ).toBe(200);
    expect(
      (await t.http().get('/api/tasks?queue=review').set('Authorization', caseworker)).status,
    ).toBe(403);
    expect(
      (await t.http().get('/api/tasks?queue=everything').set('Authorization', caseworker)).status,
    ).toBe(400);
    expect(
      (
        await t
          .http()
          .get('/api/tasks')
          .set('Authorization', await t.tokenFor('analyst@haven.local'))
      ).status,
    ).toBe(403);
  });

  it('applies the case’s access rules to a task of a case', async () => {
    const { case: c } = await intake(t, 'caseworker2@haven.local');
    const task = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', supervisor)
      .send({ caseId: c.id, title: 'Prepare the hearing', assigneeId: null });
    expect(task.status).toBe(201);
    expect(task.body.caseReference).toBe(c.reference);
    // In the team's queue, but on a case caseworker@ may not see.
    expect(
      (await t.http().get(`/api/tasks/${task.body.id}`).set('Authorization', caseworker)).status,
    ).toBe(404);
    expect((await act(caseworker, task.body.id, 'claim')).status).toBe(404);
    expect((await act(caseworker2, task.body.id, 'claim')).status).toBe(200);
    const hidden = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, title: 'Sneaky' });
    expect(hidden.status).toBe(404);
  });

  describe('deadline reminders', () => {
    it('creates each reminder exactly once, even with two instances running at the same time', async () => {
      const { case: c } = await intake(t, 'caseworker@haven.local', { client: { documents: [] } });
      const today = new Date().toISOString().slice(0, 10);
      const inDays = (n: number) =>
        new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const titles = ['Appeal to the court', 'Second appeal', 'Hearing far away'].map((title) =>
        sealed(t, 'deadline', 'title', title),
      );
      await t.dataSource.query(
        `INSERT INTO deadline (id, case_id, kind, title, due_on) VALUES ($5, $1, 'appeal', $8, $2), ($6, $1, 'appeal', $9, $3), ($7, $1, 'hearing', $10, $4)`,
        [
          c.id,
          inDays(5),
          inDays(1),
          inDays(60),
          ...titles.map((x) => x.id),
          ...titles.map((x) => x.value),
        ],
      );
      expect(today).toBeTruthy();
      const second = new DataSource(dataSourceOptions(t.config.databaseUrl!, 3, t.config));
      await second.initialize();
      try {
        const results = await Promise.all([
          runReminders(t.dataSource, cryptoOf(t)),
          runReminders(second, cryptoOf(t)),
          runReminders(t.dataSource, cryptoOf(t)),
          runReminders(second, cryptoOf(t)),
        ]);
        expect(results.some((r) => r.ran)).toBe(true);
        await Promise.all([
          runReminders(t.dataSource, cryptoOf(t)),
          runReminders(second, cryptoOf(t)),
        ]);
      } finally {
        await second.destroy();
      }
      const stored = await t.dataSource.query<
        {
          id: string;
          title: string;
          priority: string;
          assignee_id: string;
          system: boolean;
          source_key: string;
        }[]
      >(
        `SELECT id, title, priority, assignee_id, system, source_key FROM task WHERE case_id = $1 ORDER BY source_key`,
        [c.id],
      );
      // Stored encrypted, bound to the task's row.
      const tasks = stored.map((x) => ({
        ...x,
        title: opened(t, 'task', 'title', x.id, x.title)!,
      }));
      // 5 days out: the 7-day reminder; 1 day out: only the most urgent (2-day) one; 60 days: none yet.
      expect(tasks.map((x) => x.title).sort()).toEqual([
        'In 2 days: Second appeal',
        'In 7 days: Appeal to the court',
      ]);
      expect(new Set(tasks.map((x) => x.source_key)).size).toBe(2);
      expect(tasks.every((x) => x.system && x.assignee_id)).toBe(true);
      expect(tasks.find((x) => x.title.startsWith('In 2'))?.priority).toBe('urgent');
      const listed = await t
        .http()
        .get(`/api/tasks?caseId=${c.id}&system=true`)
        .set('Authorization', caseworker);
      expect(listed.body.total).toBe(2);
    });
  });
});
