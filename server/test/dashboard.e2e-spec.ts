import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardService } from '../src/dashboard/dashboard.service.js';
import { intake } from './factories.js';
import { encryptPlanted } from './sealed.js';
import { startTestApp, type TestApp } from './harness.js';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A hand-built fixture with known figures: every number below is counted by hand from it.
 *  caseworker@:  cases A (intake), B (lodged, urgent), C (closed); deadlines on A: overdue 1,
 *                in 3 days, in 10 days, in 40 days; on C one that is done. Tasks: 2 open,
 *                1 in progress, 1 done. B has had no activity for 45 days.
 *  caseworker2@: case D (assessment); one overdue deadline; one task in review.
 *  supervisor@ (Tbilisi): case E unassigned (intake).
 *  Almaty caseworker: case F (must never show in Tbilisi figures).
 */
describe('dashboards against a hand-computed fixture', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    const noDocs = { client: { documents: [] } };
    ids.A = (await intake(t, 'caseworker@haven.local', noDocs)).case.id;
    ids.B = (
      await intake(t, 'caseworker@haven.local', { ...noDocs, case: { priority: 'urgent' } })
    ).case.id;
    ids.C = (await intake(t, 'caseworker@haven.local', noDocs)).case.id;
    ids.D = (await intake(t, 'caseworker2@haven.local', noDocs)).case.id;
    ids.E = (await intake(t, 'supervisor@haven.local', noDocs)).case.id;
    ids.F = (await intake(t, 'caseworker.almaty@haven.local', noDocs)).case.id;
    const q = (sql: string, params: unknown[]) => t.dataSource.query(sql, params);
    await q(
      `UPDATE legal_case SET stage = 'lodged', last_activity_at = now() - interval '45 days' WHERE id = $1`,
      [ids.B],
    );
    await q(`UPDATE legal_case SET stage = 'closed', outcome = 'refugee_status' WHERE id = $1`, [
      ids.C,
    ]);
    await q(`UPDATE legal_case SET stage = 'assessment' WHERE id = $1`, [ids.D]);
    await q(
      `INSERT INTO deadline (case_id, kind, title, due_on, status) VALUES
        ($1, 'filing', 'overdue A', $2, 'open'), ($1, 'interview', 'A in 3', $3, 'open'), ($1, 'submission', 'A in 10', $4, 'open'),
        ($1, 'hearing', 'A in 40', $5, 'open'), ($6, 'appeal', 'C done', $2, 'done'), ($7, 'filing', 'overdue D', $2, 'open'),
        ($8, 'filing', 'overdue F', $2, 'open')`,
      [ids.A, inDays(-2), inDays(3), inDays(10), inDays(40), ids.C, ids.D, ids.F],
    );
    const cw = await t.userId('caseworker@haven.local');
    const cw2 = await t.userId('caseworker2@haven.local');
    const tbilisi = await t.teamId('Tbilisi office');
    await q(
      `INSERT INTO task (team_id, title, status, assignee_id) VALUES ($1, 't1', 'open', $2), ($1, 't2', 'open', $2), ($1, 't3', 'in_progress', $2),
        ($1, 't4', 'done', $2), ($1, 't5', 'in_review', $3), ($1, 't6', 'open', NULL)`,
      [tbilisi, cw, cw2],
    );
    // Titles are stored encrypted, as the app writes them.
    await encryptPlanted(t);
  });
  afterAll(() => t.close());

  it('gives the caseworker their figures', async () => {
    const response = await t
      .http()
      .get('/api/dashboard')
      .set('Authorization', await t.tokenFor('caseworker@haven.local'));
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.role).toBe('caseworker');
    expect(body.openCasesByStage).toEqual([
      { stage: 'intake', count: 1 },
      { stage: 'lodged', count: 1 },
    ]);
    expect(body.deadlines.overdue).toBe(1);
    expect(body.deadlines.next14Days).toBe(2);
    expect(body.deadlines.items.map((d: { title: string }) => d.title)).toEqual([
      'overdue A',
      'A in 3',
      'A in 10',
    ]);
    expect(body.myTasksByStatus).toEqual([
      { status: 'open', count: 2 },
      { status: 'in_progress', count: 1 },
      { status: 'done', count: 1 },
    ]);
    expect(body.inactiveCases.count).toBe(1);
    expect(body.inactiveCases.items[0]).toEqual({
      id: ids.B,
      reference: expect.stringMatching(/^HV-/),
      lastActivityAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(
      Math.abs(
        Date.parse(body.inactiveCases.items[0].lastActivityAt) - (Date.now() - 45 * 86_400_000),
      ),
    ).toBeLessThan(600_000);
  });

  it('gives the supervisor the team’s caseload, stages, ages, risks, review queue and unassigned intake', async () => {
    await t.dataSource.query(
      // The one task in review is t5 (titles are ciphertext: found by its status).
      `UPDATE task SET submitted_at = now() - interval '2 hours', case_id = $1 WHERE status = 'in_review'`,
      [ids.D],
    );
    const body = (
      await t
        .http()
        .get('/api/dashboard')
        .set('Authorization', await t.tokenFor('supervisor@haven.local'))
    ).body;
    expect(body.role).toBe('supervisor');
    const row = (email: string) =>
      body.caseload.find(
        (r: { fullName: string }) =>
          r.fullName ===
          { 'caseworker@': 'Anna Volkova', 'caseworker2@': 'Giorgi Tsiklauri' }[email],
      );
    expect(row('caseworker@')).toMatchObject({
      openCases: 2,
      urgentCases: 1,
      overdueDeadlines: 1,
      openTasks: 3,
    });
    expect(row('caseworker2@')).toMatchObject({
      openCases: 1,
      urgentCases: 0,
      overdueDeadlines: 1,
      openTasks: 1,
    });
    expect(body.caseload).toHaveLength(2); // active Tbilisi caseworkers only (the former one is inactive)
    expect(body.casesByStage).toEqual([
      { stage: 'intake', count: 2 },
      { stage: 'assessment', count: 1 },
      { stage: 'lodged', count: 1 },
      { stage: 'closed', count: 1 },
    ]);
    expect(body.casesByAge).toEqual([
      { bucket: '0-30', count: 4 },
      { bucket: '31-90', count: 0 },
      { bucket: '91-180', count: 0 },
      { bucket: '181-365', count: 0 },
      { bucket: '365+', count: 0 },
    ]);
    expect(body.deadlinesAtRisk).toMatchObject({ next7Days: 1, overdue: 2 });
    expect(body.deadlinesAtRisk.items.map((d: { title: string }) => d.title)).toEqual(['A in 3']);
    expect(body.deadlinesAtRisk.items[0]).toEqual({
      id: expect.any(String),
      caseId: ids.A,
      caseReference: expect.stringMatching(/^HV-/),
      title: 'A in 3',
      kind: 'interview',
      dueOn: inDays(3),
      assignedToId: await t.userId('caseworker@haven.local'),
    });
    expect(body.reviewQueue.count).toBe(1);
    expect(body.reviewQueue.items[0]).toEqual({
      id: expect.any(String),
      title: 't5',
      kind: 'task',
      assigneeId: await t.userId('caseworker2@haven.local'),
      submittedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      caseReference: expect.stringMatching(/^HV-/),
    });
    expect(
      Math.abs(Date.parse(body.reviewQueue.items[0].submittedAt) - (Date.now() - 2 * 3_600_000)),
    ).toBeLessThan(600_000);
    expect(body.unassignedIntake.count).toBe(1);
    expect(body.unassignedIntake.items).toEqual([
      {
        id: ids.E,
        reference: expect.stringMatching(/^HV-/),
        openedOn: inDays(0),
        priority: 'high',
      },
    ]);
  });

  it('gives the admin every team plus accounts and recent audit activity', async () => {
    const body = (
      await t
        .http()
        .get('/api/dashboard')
        .set('Authorization', await t.tokenFor('admin@haven.local'))
    ).body;
    expect(body.deadlinesAtRisk.overdue).toBe(3);
    expect(body.casesByStage.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(6);
    expect(body.accounts).toContainEqual({ role: 'caseworker', active: 5, inactive: 1 });
    expect(body.recentAudit).toHaveLength(10);
    // The shared RecentAuditEvent: an ISO instant in UTC, as every other time the API sends.
    for (const event of body.recentAudit as { at: string }[])
      expect(new Date(event.at).toISOString()).toBe(event.at);
    expect(body.role).toBe('admin');
    expect(Object.keys(body).sort()).toEqual([
      'accounts',
      'caseloadByTeam',
      'casesByAge',
      'casesByStage',
      'computedAt',
      'dataRequests',
      'deadlinesAtRisk',
      'overdueTasks',
      'recentAudit',
      'reviewQueue',
      'role',
      'teamId',
      'unassignedIntake',
    ]);
  });

  it('gives the admin the load of each team, the most overdue first, instead of a row per caseworker', async () => {
    const body = (
      await t
        .http()
        .get('/api/dashboard?fresh=true')
        .set('Authorization', await t.tokenFor('admin@haven.local'))
    ).body;
    const [{ teams }] = await t.dataSource.query<{ teams: number }[]>(
      `SELECT count(*)::int AS teams FROM team`,
    );
    const [{ almatyStaff }] = await t.dataSource.query<{ almatyStaff: number }[]>(
      `SELECT count(*)::int AS "almatyStaff" FROM app_user u JOIN team ON team.id = u.team_id WHERE team.name = 'Almaty office' AND u.role = 'caseworker' AND u.active`,
    );
    expect(body.caseloadByTeam.teams).toBe(teams);
    expect(body.caseloadByTeam.items).toHaveLength(Math.min(teams, 10));
    // Tbilisi: A, B, D, E open (B urgent, E unassigned); overdue A and D; tasks t1, t2, t3, t5, t6 unfinished.
    expect(body.caseloadByTeam.items[0]).toEqual({
      teamId: await t.teamId('Tbilisi office'),
      name: 'Tbilisi office',
      caseworkers: 2,
      openCases: 4,
      urgentCases: 1,
      unassignedCases: 1,
      overdueDeadlines: 2,
      openTasks: 5,
      overdueTasks: 0,
    });
    expect(body.caseloadByTeam.items[1]).toEqual({
      teamId: await t.teamId('Almaty office'),
      name: 'Almaty office',
      caseworkers: almatyStaff,
      openCases: 1,
      urgentCases: 0,
      unassignedCases: 0,
      overdueDeadlines: 1,
      openTasks: 0,
      overdueTasks: 0,
    });
    // The rest have nothing open, and come by name.
    const rest = body.caseloadByTeam.items.slice(2);
    expect(
      rest.every(
        (row: { openCases: number; overdueDeadlines: number }) =>
          row.openCases === 0 && row.overdueDeadlines === 0,
      ),
    ).toBe(true);
    expect(rest.map((row: { name: string }) => row.name)).toEqual(
      rest.map((row: { name: string }) => row.name).sort(),
    );
  });

  describe('GET /api/caseload', () => {
    const get = async (email: string, query = '') =>
      t
        .http()
        .get(`/api/caseload${query}`)
        .set('Authorization', await t.tokenFor(email));

    it('gives a supervisor their team’s caseload, as their dashboard counts it, paged, sorted and searched', async () => {
      const figures = (
        await t
          .http()
          .get('/api/dashboard')
          .set('Authorization', await t.tokenFor('supervisor@haven.local'))
      ).body;
      const response = await get('supervisor@haven.local');
      expect(response.status).toBe(200);
      expect(response.body.total).toBe(2);
      expect(response.body.data).toEqual(
        figures.caseload.map((row: { userId: string }) => ({ id: row.userId, ...row })),
      );
      const anna = await t.userId('caseworker@haven.local');
      const giorgi = await t.userId('caseworker2@haven.local');
      const ids = async (query: string) =>
        (await get('supervisor@haven.local', query)).body.data.map((row: { id: string }) => row.id);
      // Anna (2 open cases, 3 open tasks) comes first by name; each sort below that puts Giorgi
      // (1 open case, 1 open task) first is one the default order would fail.
      expect(await ids('')).toEqual([anna, giorgi]);
      expect(await ids('?sort=fullName&order=DESC')).toEqual([giorgi, anna]);
      expect(await ids('?sort=openCases&order=ASC')).toEqual([giorgi, anna]);
      expect(await ids('?sort=openCases&order=DESC')).toEqual([anna, giorgi]);
      expect(await ids('?sort=openTasks&order=ASC')).toEqual([giorgi, anna]);
      expect(await ids('?sort=urgentCases&order=ASC')).toEqual([giorgi, anna]);
      expect(await ids('?sort=overdueDeadlines&order=DESC')).toEqual([anna, giorgi]); // tied: by name
      expect(await ids('?sort=overdueDeadlines&order=ASC')).toEqual([anna, giorgi]); // tied: by name, whatever the order
      expect(await ids('?perPage=1&page=2')).toEqual([giorgi]);
      const beyond = await get('supervisor@haven.local', '?perPage=1&page=3');
      expect(beyond.body).toEqual({ data: [], total: 2 });
      const searched = await get('supervisor@haven.local', '?q=tsikl');
      expect(searched.body.total).toBe(1);
      expect(searched.body.data.map((row: { id: string }) => row.id)).toEqual([giorgi]);
      expect(
        (await get('supervisor@haven.local', `?teamId=${await t.teamId('Tbilisi office')}`)).body
          .total,
      ).toBe(2);
    });

    it('answers 404 for a team the supervisor may not see, and needs the admin to name one', async () => {
      const almaty = await t.teamId('Almaty office');
      expect((await get('supervisor@haven.local', `?teamId=${almaty}`)).status).toBe(404);
      expect(
        (await get('supervisor@haven.local', '?teamId=00000000-0000-4000-8000-000000000000'))
          .status,
      ).toBe(404);
      const missing = await get('admin@haven.local');
      expect(missing.status).toBe(400);
      expect(missing.body.message).toMatch(/teamId/);
      expect(
        (await get('admin@haven.local', '?teamId=00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
      const timur = await t.userId('caseworker.almaty@haven.local');
      const admin = await get('admin@haven.local', `?teamId=${almaty}`);
      expect(admin.status).toBe(200);
      expect(admin.body.data.find((row: { id: string }) => row.id === timur)).toEqual({
        id: timur,
        userId: timur,
        fullName: 'Timur Akhmetov',
        teamId: almaty,
        openCases: 1,
        urgentCases: 0,
        overdueDeadlines: 1,
        openTasks: 0,
        overdueTasks: 0,
      });
      expect(admin.body.data.every((row: { teamId: string }) => row.teamId === almaty)).toBe(true);
    });

    it('refuses other roles and bad parameters, naming them', async () => {
      expect((await get('caseworker@haven.local')).status).toBe(403);
      expect((await get('analyst@haven.local')).status).toBe(403);
      for (const [query, field] of [
        ['?teamId=tbilisi', 'teamId'],
        [
          `?teamId=${await t.teamId('Tbilisi office')}&teamId=${await t.teamId('Almaty office')}`,
          'teamId',
        ],
        ['?sort=email', 'sort'],
        ['?order=sideways', 'order'],
        ['?perPage=500', 'perPage'],
        ['?stage=intake', 'stage'],
      ]) {
        const response = await get('supervisor@haven.local', query);
        expect(response.status, query).toBe(400);
        expect(response.body.message, query).toMatch(new RegExp(field));
      }
    });
  });

  it('serves the admin’s all-teams figures as a dated snapshot, recounted when asked or when too old', async () => {
    const admin = await t.tokenFor('admin@haven.local');
    const get = async (query = '') => {
      const response = await t.http().get(`/api/dashboard${query}`).set('Authorization', admin);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      return response.body as {
        computedAt: string;
        unassignedIntake: { count: number };
        deadlinesAtRisk: { overdue: number };
      };
    };
    const first = await get();
    expect(Date.now() - Date.parse(first.computedAt)).toBeLessThan(60_000);
    // A new unassigned intake case: the snapshot does not count it until recounted.
    await intake(t, 'supervisor@haven.local', { client: { documents: [] } });
    const cached = await get();
    expect(cached.computedAt).toBe(first.computedAt);
    expect(cached.unassignedIntake.count).toBe(first.unassignedIntake.count);
    const recounted = await get('?fresh=true');
    expect(recounted.unassignedIntake.count).toBe(first.unassignedIntake.count + 1);
    expect(Date.parse(recounted.computedAt)).toBeGreaterThan(Date.parse(first.computedAt));
    // Older than HAVEN_DASHBOARD_MAX_AGE_SECONDS: recounted on the next request without being asked.
    await intake(t, 'supervisor@haven.local', { client: { documents: [] } });
    const service = t.app.get<DashboardService, { snapshot: { computedAt: Date } }>(
      DashboardService,
    );
    service.snapshot.computedAt = new Date(
      Date.now() - (t.config.dashboardMaxAgeSeconds + 1) * 1000,
    );
    expect((await get()).unassignedIntake.count).toBe(first.unassignedIntake.count + 2);
    // The supervisor's own team is always counted live.
    const supervisor = (
      await t
        .http()
        .get('/api/dashboard')
        .set('Authorization', await t.tokenFor('supervisor@haven.local'))
    ).body;
    expect(supervisor.unassignedIntake.count).toBe(3);
    const bad = await t.http().get('/api/dashboard?fresh=maybe').set('Authorization', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/fresh/);
  });

  it('shows the analyst no person and no case', async () => {
    const body = (
      await t
        .http()
        .get('/api/dashboard')
        .set('Authorization', await t.tokenFor('analyst@haven.local'))
    ).body;
    expect(Object.keys(body).sort()).toEqual(['role', 'statistics']);
  });
});
