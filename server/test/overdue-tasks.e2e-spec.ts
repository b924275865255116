import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { encryptPlanted } from './sealed.js';
import { startTestApp, type TestApp } from './harness.js';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Overdue tasks on the dashboards (issue 25): unfinished tasks (open, in progress, in review) due
 * before today. A hand-built fixture, every figure counted by hand:
 *  caseworker@ (Tbilisi): overdue open (−5), in progress (−1), in review (−30); not overdue: done
 *    (−10), open due today, open without a due date, open in 3 days; and one overdue task naming
 *    them in the Almaty team (not theirs: another team's).
 *  caseworker2@ (Tbilisi): one overdue (−2).  Tbilisi's queue (no one): one overdue (−4).
 *  caseworker.almaty@: one overdue (−7).
 * So: caseworker@ 3, Tbilisi 5 (3 + 1 + 1), Almaty 2, all teams 7.
 */
describe('overdue tasks on the dashboards', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const cw = await t.userId('caseworker@haven.local');
    const cw2 = await t.userId('caseworker2@haven.local');
    const almatyCw = await t.userId('caseworker.almaty@haven.local');
    const tbilisi = await t.teamId('Tbilisi office');
    const almaty = await t.teamId('Almaty office');
    await t.dataSource.query(
      `INSERT INTO task (team_id, title, status, assignee_id, due_on) VALUES
        ($1, 'o1', 'open', $3, $6), ($1, 'o2', 'in_progress', $3, $7), ($1, 'o3', 'in_review', $3, $8),
        ($1, 'n1', 'done', $3, $9), ($1, 'n2', 'open', $3, $10), ($1, 'n3', 'open', $3, NULL), ($1, 'n4', 'open', $3, $11),
        ($2, 'x1', 'open', $3, $6),
        ($1, 'c2', 'open', $4, $12), ($1, 'q1', 'open', NULL, $13),
        ($2, 'a1', 'open', $5, $14)`,
      [
        tbilisi,
        almaty,
        cw,
        cw2,
        almatyCw,
        inDays(-5),
        inDays(-1),
        inDays(-30),
        inDays(-10),
        inDays(0),
        inDays(3),
        inDays(-2),
        inDays(-4),
        inDays(-7),
      ],
    );
    await encryptPlanted(t);
  });
  afterAll(() => t.close());

  const get = async (email: string, path: string) => {
    const response = await t
      .http()
      .get(path)
      .set('Authorization', await t.tokenFor(email));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  it('counts a caseworker’s own overdue tasks, in their team only', async () => {
    const body = await get('caseworker@haven.local', '/api/dashboard');
    expect(body.overdueTasks).toBe(3);
    // The card's link: their queue, overdue — the same tasks.
    const list = await get('caseworker@haven.local', '/api/tasks?queue=mine&overdue=true');
    expect(list.total).toBe(3);
    expect(list.data.map((task: { title: string }) => task.title).sort()).toEqual([
      'o1',
      'o2',
      'o3',
    ]);
    expect((await get('caseworker2@haven.local', '/api/dashboard')).overdueTasks).toBe(1);
  });

  it('counts a supervisor’s team (its queue included) and each caseworker’s in the caseload', async () => {
    const body = await get('supervisor@haven.local', '/api/dashboard');
    expect(body.overdueTasks).toBe(5);
    const row = (email: string) =>
      body.caseload.find((r: { userId: string }) => r.userId === email);
    const cw = await t.userId('caseworker@haven.local');
    const cw2 = await t.userId('caseworker2@haven.local');
    expect(row(cw)).toMatchObject({ openTasks: 6, overdueTasks: 3 });
    expect(row(cw2)).toMatchObject({ openTasks: 1, overdueTasks: 1 });
    // The card's link: the team's overdue tasks — the same count.
    expect((await get('supervisor@haven.local', '/api/tasks?overdue=true')).total).toBe(5);
    // Almaty's supervisor sees Almaty's only.
    expect((await get('supervisor.almaty@haven.local', '/api/dashboard')).overdueTasks).toBe(2);
    // The caseload page counts alike and sorts by it.
    const page = await get(
      'supervisor@haven.local',
      '/api/caseload?sort=overdueTasks&order=DESC&perPage=10',
    );
    expect(page.data[0]).toMatchObject({ id: cw, overdueTasks: 3 });
  });

  it('counts every team’s for an admin, and per team', async () => {
    const body = await get('admin@haven.local', '/api/dashboard?fresh=true');
    expect(body.overdueTasks).toBe(7);
    const team = (name: string) =>
      body.caseloadByTeam.items.find((r: { name: string }) => r.name === name);
    expect(team('Tbilisi office').overdueTasks).toBe(5);
    expect(team('Almaty office').overdueTasks).toBe(2);
    expect((await get('admin@haven.local', '/api/tasks?overdue=true')).total).toBe(7);
  });

  it('stops counting a task once it is done', async () => {
    // o2, the caseworker's only task in progress (titles are encrypted by now).
    const [o2] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM task WHERE status = 'in_progress' AND assignee_id = $1`,
      [await t.userId('caseworker@haven.local')],
    );
    await t.dataSource.query(`UPDATE task SET status = 'done' WHERE id = $1`, [o2.id]);
    expect((await get('caseworker@haven.local', '/api/dashboard')).overdueTasks).toBe(2);
    expect((await get('supervisor@haven.local', '/api/dashboard')).overdueTasks).toBe(4);
    await t.dataSource.query(`UPDATE task SET status = 'in_progress' WHERE id = $1`, [o2.id]);
  });

  it('counts, as the list it links to, none of a case since given to a colleague', async () => {
    const theirs = (await intake(t, 'caseworker2@haven.local')).case;
    await t.dataSource.query(
      `INSERT INTO task (team_id, case_id, title, status, assignee_id, due_on)
       VALUES ($1, $2, 'moved', 'open', $3, $4)`,
      [
        await t.teamId('Tbilisi office'),
        theirs.id,
        await t.userId('caseworker@haven.local'),
        inDays(-3),
      ],
    );
    const card = (await get('caseworker@haven.local', '/api/dashboard')).overdueTasks;
    const list = await get('caseworker@haven.local', '/api/tasks?queue=mine&overdue=true');
    expect(card).toBe(3);
    expect(list.total).toBe(card);
  });

  it('refuses a malformed overdue filter', async () => {
    const response = await t
      .http()
      .get('/api/tasks?overdue=perhaps')
      .set('Authorization', await t.tokenFor('supervisor@haven.local'));
    expect(response.status).toBe(400);
  });
});
