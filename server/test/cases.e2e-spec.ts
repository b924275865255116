import type { QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseGroundsDistinct1768348800000 } from '../../migrations/1768348800000-case-grounds-distinct.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

describe('cases', () => {
  let t: TestApp;
  let caseworker: string;
  let supervisor: string;
  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
  });
  afterAll(() => t.close());

  const patch = async (token: string, id: string, body: Record<string, unknown>) => {
    const current = await t.http().get(`/api/cases/${id}`).set('Authorization', token);
    return t
      .http()
      .patch(`/api/cases/${id}`)
      .set('Authorization', token)
      .send({ version: current.body.version, ...body });
  };

  it('moves stages forward freely, skipping is fine', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const response = await patch(caseworker, c.id, { stage: 'lodged' });
    expect(response.status).toBe(200);
    expect(response.body.stage).toBe('lodged');
  });

  it('needs a reason to go back, and records the change (not the reason) in the trail', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    await patch(caseworker, c.id, { stage: 'interview' });
    const refused = await patch(caseworker, c.id, { stage: 'preparation' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/stageReason/);
    const ok = await patch(caseworker, c.id, {
      stage: 'preparation',
      stageReason: 'Interview postponed; new evidence to prepare',
    });
    expect(ok.status).toBe(200);
    const [event] = await t.dataSource.query<
      { details: { stage: { from: string; to: string; changeId: string } } }[]
    >(
      `SELECT details FROM audit_event WHERE entity_id = $1 AND action = 'update' ORDER BY seq DESC LIMIT 1`,
      [c.id],
    );
    const [change] = await t.dataSource.query<
      { id: string; from_stage: string; to_stage: string; changed_by_id: string }[]
    >(
      `SELECT id, from_stage, to_stage, changed_by_id FROM case_stage_change WHERE case_id = $1 AND to_stage = 'preparation'`,
      [c.id],
    );
    expect(change).toMatchObject({
      from_stage: 'interview',
      changed_by_id: await t.userId('caseworker@haven.local'),
    });
    expect(event.details.stage).toEqual({
      from: 'interview',
      to: 'preparation',
      changeId: change.id,
    });
  });

  it('closes only with an outcome, sets closedOn, and clears it on reopening', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const refused = await patch(caseworker, c.id, { stage: 'closed' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/outcome/);
    const closed = await patch(caseworker, c.id, { stage: 'closed', outcome: 'refugee_status' });
    expect(closed.status).toBe(200);
    expect(closed.body.closedOn).toBe(new Date().toISOString().slice(0, 10));
    const reopened = await patch(caseworker, c.id, {
      stage: 'appeal',
      stageReason: 'Authority appealed the decision',
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.closedOn).toBeNull();
  });

  it('applies optimistic locking: a stale version is a 409 and changes nothing', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const first = await t
      .http()
      .patch(`/api/cases/${c.id}`)
      .set('Authorization', caseworker)
      .send({ version: c.version, priority: 'urgent' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(c.version + 1);
    const stale = await t
      .http()
      .patch(`/api/cases/${c.id}`)
      .set('Authorization', caseworker)
      .send({ version: c.version, priority: 'low' });
    expect(stale.status).toBe(409);
    const now = await t.http().get(`/api/cases/${c.id}`).set('Authorization', caseworker);
    expect(now.body.priority).toBe('urgent');
  });

  it('refuses reassignment by a caseworker (403) and lets the supervisor reassign within the team', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const colleague = await t.userId('caseworker2@haven.local');
    const byCaseworker = await patch(caseworker, c.id, { assignedToId: colleague });
    expect(byCaseworker.status).toBe(403);
    const bySupervisor = await patch(supervisor, c.id, { assignedToId: colleague });
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.assignedToId).toBe(colleague);
    // Now the first caseworker no longer sees it.
    expect((await t.http().get(`/api/cases/${c.id}`).set('Authorization', caseworker)).status).toBe(
      404,
    );
    const [event] = await t.dataSource.query<{ details: { from: string; to: string } }[]>(
      `SELECT details FROM audit_event WHERE entity_id = $1 AND action = 'reassign'`,
      [c.id],
    );
    expect(event.details).toEqual({
      from: await t.userId('caseworker@haven.local'),
      to: colleague,
      tasksMoved: 0,
    });
  });

  it('reassigns only to an active caseworker of the case’s team', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    for (const email of [
      'caseworker.almaty@haven.local',
      'supervisor@haven.local',
      'former.caseworker@haven.local',
    ]) {
      const response = await patch(supervisor, c.id, { assignedToId: await t.userId(email) });
      expect(response.status, email).toBe(400);
      expect(response.body.message).toMatch(/assignedToId/);
    }
  });

  it('reassigns in bulk, all or nothing', async () => {
    const a = await intake(t, 'caseworker@haven.local');
    const b = await intake(t, 'caseworker@haven.local');
    const other = await intake(t, 'caseworker.almaty@haven.local');
    const colleague = await t.userId('caseworker2@haven.local');
    const mixed = await t
      .http()
      .post('/api/cases/reassign')
      .set('Authorization', supervisor)
      .send({ caseIds: [a.case.id, other.case.id], assignedToId: colleague });
    expect(mixed.status).toBe(404);
    const unchanged = await t.dataSource.query<{ assigned_to_id: string }[]>(
      'SELECT assigned_to_id FROM legal_case WHERE id = $1',
      [a.case.id],
    );
    expect(unchanged[0].assigned_to_id).toBe(await t.userId('caseworker@haven.local'));
    const ok = await t
      .http()
      .post('/api/cases/reassign')
      .set('Authorization', supervisor)
      .send({ caseIds: [a.case.id, b.case.id], assignedToId: colleague });
    expect(ok.status).toBe(200);
    expect(ok.body.data.map((c: { assignedToId: string }) => c.assignedToId)).toEqual([
      colleague,
      colleague,
    ]);
  });

  it('takes the previous caseworker’s open tasks along on a reassignment, unless told not to', async () => {
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const me = await t.userId('caseworker@haven.local');
    const colleague = await t.userId('caseworker2@haven.local');
    const task = async (caseId: string, title: string, assigneeId: string | null) => {
      const made = await t
        .http()
        .post('/api/tasks')
        .set('Authorization', supervisor)
        .send({ caseId, title, assigneeId });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      return made.body.id as string;
    };
    const assigneesOf = async (caseId: string) =>
      Object.fromEntries(
        (
          await t.dataSource.query<{ id: string; assignee_id: string | null }[]>(
            'SELECT id, assignee_id FROM task WHERE case_id = $1',
            [caseId],
          )
        ).map((row) => [row.id, row.assignee_id]),
      );

    const one = await intake(t, 'caseworker@haven.local');
    const open = await task(one.case.id, 'Call the client', me);
    const started = await task(one.case.id, 'Translate the summons', me);
    expect(
      (await t.http().post(`/api/tasks/${started}/start`).set('Authorization', caseworker)).status,
    ).toBe(200);
    const inReview = await task(one.case.id, 'Draft the appeal', me);
    for (const action of ['start', 'submit-review'])
      expect(
        (await t.http().post(`/api/tasks/${inReview}/${action}`).set('Authorization', caseworker))
          .status,
      ).toBe(200);
    const queued = await task(one.case.id, 'Book an interpreter', null);
    const version = (
      await t.http().get(`/api/cases/${one.case.id}`).set('Authorization', supervisor)
    ).body.version;
    const patched = await t
      .http()
      .patch(`/api/cases/${one.case.id}`)
      .set('Authorization', supervisor)
      .send({ version, assignedToId: colleague });
    expect(patched.status).toBe(200);
    expect(await assigneesOf(one.case.id)).toEqual({
      [open]: colleague,
      [started]: colleague,
      [inReview]: me, // the review is of the submitter's work
      [queued]: null, // the team queue's stay there
    });
    const [event] = await t.dataSource.query<{ details: { tasksMoved: number } }[]>(
      `SELECT details FROM audit_event WHERE action = 'reassign' AND entity_id = $1`,
      [one.case.id],
    );
    expect(event.details.tasksMoved).toBe(2);

    // Bulk, and told not to.
    const two = await intake(t, 'caseworker@haven.local');
    const kept = await task(two.case.id, 'Collect the medical report', me);
    const bad = await t
      .http()
      .post('/api/cases/reassign')
      .set('Authorization', supervisor)
      .send({ caseIds: [two.case.id], assignedToId: colleague, moveTasks: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('moveTasks');
    const bulk = await t
      .http()
      .post('/api/cases/reassign')
      .set('Authorization', supervisor)
      .send({ caseIds: [two.case.id], assignedToId: colleague, moveTasks: false });
    expect(bulk.status).toBe(200);
    expect(await assigneesOf(two.case.id)).toEqual({ [kept]: me });
    const back = await t
      .http()
      .post('/api/cases/reassign')
      .set('Authorization', supervisor)
      .send({ caseIds: [two.case.id], assignedToId: me });
    expect(back.status).toBe(200);
    expect(await assigneesOf(two.case.id)).toEqual({ [kept]: me });
  });

  it('moves a case to another team only as an admin, leaving it unassigned there', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const almaty = await t.teamId('Almaty office');
    expect((await patch(supervisor, c.id, { teamId: almaty })).status).toBe(403);
    const admin = await t.tokenFor('admin@haven.local');
    const moved = await patch(admin, c.id, { teamId: almaty });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ teamId: almaty, assignedToId: null });
  });

  it('moves an unassigned case too, naming teamId among the changed fields', async () => {
    const { client } = await intake(t, 'caseworker@haven.local');
    // A supervisor's new case waits unassigned in the team's queue: moving it changes nothing else.
    const opened = await t
      .http()
      .post('/api/cases')
      .set('Authorization', supervisor)
      .send({ clientId: client.id, caseType: 'asylum', jurisdiction: 'DE' });
    expect(opened.status).toBe(201);
    expect(opened.body.assignedToId).toBeNull();
    const almaty = await t.teamId('Almaty office');
    const admin = await t.tokenFor('admin@haven.local');
    const moved = await patch(admin, opened.body.id as string, { teamId: almaty });
    expect(moved.status).toBe(200);
    expect(moved.body.teamId).toBe(almaty);
    const [stored] = await t.dataSource.query<{ team_id: string }[]>(
      'SELECT team_id FROM legal_case WHERE id = $1',
      [opened.body.id],
    );
    expect(stored.team_id).toBe(almaty);
    const updates = await t.dataSource.query<{ details: { fields: string[] } }[]>(
      `SELECT details FROM audit_event WHERE entity_id = $1 AND action = 'update' AND team_id = $2`,
      [opened.body.id, almaty],
    );
    expect(updates.map((event) => event.details.fields)).toEqual([['teamId']]);
  });

  it('filters, searches across scripts and sorts the case list', async () => {
    const { case: c } = await intake(t, 'caseworker2@haven.local', {
      client: {
        givenName: 'Yulia',
        familyName: 'Kovalchuk',
        nativeName: 'Юлия Ковальчук',
        nationality: 'UA',
      },
      case: { jurisdiction: 'PL', grounds: ['indiscriminate_violence'] },
    });
    const token = await t.tokenFor('caseworker2@haven.local');
    const byCyrillic = await t
      .http()
      .get(`/api/cases?q=${encodeURIComponent('Ковальчук')}`)
      .set('Authorization', token);
    expect(byCyrillic.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(byCyrillic.body.data[0].clientName).toBe('Yulia Kovalchuk');
    const byLatin = await t.http().get('/api/cases?q=kovalch').set('Authorization', token);
    expect(byLatin.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const byRef = await t.http().get(`/api/cases?q=${c.reference}`).set('Authorization', token);
    expect(byRef.body.total).toBe(1);
    const filtered = await t
      .http()
      .get(
        '/api/cases?jurisdiction=PL&grounds=indiscriminate_violence&nationality=UA&stage=intake&stage=assessment',
      )
      .set('Authorization', token);
    expect(filtered.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const none = await t
      .http()
      .get('/api/cases?jurisdiction=PL&grounds=torture')
      .set('Authorization', token);
    expect(none.body.total).toBe(0);
    const sorted = await t
      .http()
      .get('/api/cases?sort=nextDeadlineOn&order=ASC&perPage=5')
      .set('Authorization', supervisor);
    expect(sorted.status).toBe(200);
    expect(
      (await t.http().get('/api/cases?sort=claimSummary').set('Authorization', token)).status,
    ).toBe(400);
  });

  it('never shows restricted fields in lists, and audits list reads and single reads', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const list = await t.http().get('/api/cases').set('Authorization', caseworker);
    expect(JSON.stringify(list.body)).not.toMatch(/claimSummary|serviceHistory|paper summons/);
    const clients = await t.http().get('/api/clients').set('Authorization', caseworker);
    expect(JSON.stringify(clients.body)).not.toMatch(
      /religion|healthNotes|vulnerabilities|Orthodox/,
    );
    await t.http().get(`/api/cases/${c.id}`).set('Authorization', caseworker);
    const reads = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit_event WHERE action = 'read' AND entity_id = $1 AND actor_id = $2`,
      [c.id, await t.userId('caseworker@haven.local')],
    );
    expect(reads[0].count).toBe(1);
    const listReads = await t.dataSource.query<{ details: { ids: string[] } }[]>(
      `SELECT details FROM audit_event WHERE action = 'read' AND entity_type = 'case' AND entity_id IS NULL ORDER BY seq DESC LIMIT 1`,
    );
    expect(listReads[0].details.ids).toContain(c.id);
  });

  it('records each list read in the statement that reads the page: ids in page order, the total, the filter names', async () => {
    await intake(t, 'caseworker@haven.local');
    await intake(t, 'caseworker@haven.local');
    const lastListRead = async () => {
      const [row] = await t.dataSource.query<
        {
          actor_id: string;
          team_id: string;
          summary: string;
          details: { list: boolean; ids: string[]; filters: string[] };
        }[]
      >(
        `SELECT actor_id, team_id, summary, details FROM audit_event WHERE action = 'read' AND entity_type = 'case' AND entity_id IS NULL ORDER BY seq DESC LIMIT 1`,
      );
      return row;
    };
    const page = await t
      .http()
      .get('/api/cases?perPage=1&sort=reference&order=ASC&stage=intake')
      .set('Authorization', caseworker);
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(1);
    let event = await lastListRead();
    expect(event.actor_id).toBe(await t.userId('caseworker@haven.local'));
    expect(event.team_id).toBe(page.body.data[0].teamId);
    expect(event.summary).toBe(`listed 1 of ${page.body.total} cases`);
    expect(event.details).toEqual({ list: true, ids: [page.body.data[0].id], filters: ['stage'] });

    const all = await t
      .http()
      .get('/api/cases?perPage=100&sort=reference&order=DESC')
      .set('Authorization', caseworker);
    event = await lastListRead();
    expect(event.details.ids).toEqual(all.body.data.map((c: { id: string }) => c.id));
    expect(event.summary).toBe(`listed ${all.body.data.length} of ${all.body.total} cases`);

    // A page past the end still says how many there are, and records that it showed nothing.
    const beyond = await t
      .http()
      .get('/api/cases?page=1000&perPage=100')
      .set('Authorization', caseworker);
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual({ data: [], total: all.body.total });
    event = await lastListRead();
    expect(event.summary).toBe(`listed 0 of ${all.body.total} cases`);
    expect(event.details.ids).toEqual([]);

    const clients = await t
      .http()
      .get('/api/clients?perPage=2&sort=familyName&q=a')
      .set('Authorization', caseworker);
    expect(clients.status).toBe(200);
    const [clientRead] = await t.dataSource.query<
      { summary: string; details: { ids: string[]; filters: string[] } }[]
    >(
      `SELECT summary, details FROM audit_event WHERE action = 'read' AND entity_type = 'client' AND entity_id IS NULL ORDER BY seq DESC LIMIT 1`,
    );
    expect(clientRead.summary).toBe(
      `listed ${clients.body.data.length} of ${clients.body.total} clients`,
    );
    expect(clientRead.details.ids).toEqual(clients.body.data.map((c: { id: string }) => c.id));
    expect(clientRead.details.filters).toEqual(['q']);

    // A case's deadlines and notes, listed, are reads of that case's file too.
    const caseId = all.body.data[0].id;
    for (const [path, entityType] of [
      ['deadlines', 'deadline'],
      ['notes', 'note'],
    ]) {
      const listed = await t
        .http()
        .get(`/api/${path}?caseId=${caseId}`)
        .set('Authorization', caseworker);
      expect(listed.status).toBe(200);
      const [read] = await t.dataSource.query<
        { summary: string; details: { ids: string[]; filters: string[] } }[]
      >(
        `SELECT summary, details FROM audit_event WHERE action = 'read' AND entity_type = $1 AND entity_id IS NULL ORDER BY seq DESC LIMIT 1`,
        [entityType],
      );
      expect(read.summary).toBe(
        `listed ${listed.body.data.length} of ${listed.body.total} ${entityType}s`,
      );
      expect(read.details.ids).toEqual(listed.body.data.map((d: { id: string }) => d.id));
      expect(read.details.filters).toEqual(['caseId']);
    }
  });

  it('pages a searched list in the order asked for, with the total of all matches', async () => {
    for (let i = 0; i < 3; i++) await intake(t, 'caseworker@haven.local');
    const get = async (query: string) => {
      const response = await t
        .http()
        .get(`/api/cases?q=HV-&sort=reference&order=DESC&${query}`)
        .set('Authorization', caseworker);
      expect(response.status).toBe(200);
      return response.body as { data: { reference: string }[]; total: number };
    };
    const all = await get('perPage=100');
    expect(all.total).toBeGreaterThanOrEqual(3);
    const references = all.data.map((c) => c.reference);
    expect(references).toEqual([...references].sort().reverse());
    const first = await get('perPage=2&page=1');
    const second = await get('perPage=2&page=2');
    expect([...first.data, ...second.data].map((c) => c.reference)).toEqual(references.slice(0, 4));
    expect(first.total).toBe(all.total);
    expect((await get('perPage=2&page=1000')).data).toEqual([]);
  });

  it('shows the case history to whoever may see the case', async () => {
    const { case: c, client } = await intake(t, 'caseworker@haven.local');
    await patch(caseworker, c.id, { stage: 'assessment' });
    const history = await t
      .http()
      .get(`/api/cases/${c.id}/history?sort=seq&order=ASC`)
      .set('Authorization', caseworker);
    expect(history.status).toBe(200);
    const actions = history.body.data.map(
      (e: { action: string; entityId: string }) =>
        `${e.action}:${e.entityId === client.id ? 'client' : 'case'}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['create:case', 'create:client', 'update:case']),
    );
    // Reading the trail is itself a read of the case.
    const again = await t
      .http()
      .get(`/api/cases/${c.id}/history?sort=seq&order=DESC&perPage=1`)
      .set('Authorization', caseworker);
    expect(again.body.data[0]).toMatchObject({
      action: 'read',
      entityId: c.id,
      summary: 'read the history of a case',
    });
  });

  it('updates a client, encrypting restricted fields and auditing field names only', async () => {
    const { client } = await intake(t, 'caseworker@haven.local');
    const response = await t
      .http()
      .patch(`/api/clients/${client.id}`)
      .set('Authorization', caseworker)
      .send({
        version: client.version,
        sogiNotes: 'Gay; persecution risk in Chechnya',
        currentCity: 'Batumi',
      });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      sogiNotes: 'Gay; persecution risk in Chechnya',
      currentCity: 'Batumi',
      version: client.version + 1,
    });
    const [row] = await t.dataSource.query<{ sogi_notes: string }[]>(
      'SELECT sogi_notes FROM client WHERE id = $1',
      [client.id],
    );
    expect(row.sogi_notes).not.toContain('Chechnya');
    const [event] = await t.dataSource.query<{ details: { fields: string[] } }[]>(
      `SELECT details FROM audit_event WHERE entity_id = $1 AND action = 'update'`,
      [client.id],
    );
    expect(event.details.fields.sort()).toEqual(['currentCity', 'sogiNotes']);
    expect(JSON.stringify(event)).not.toContain('Chechnya');
    const emptied = await t
      .http()
      .patch(`/api/clients/${client.id}`)
      .set('Authorization', caseworker)
      .send({ version: client.version + 1, familyName: null });
    expect(emptied.status).toBe(400);
    expect(emptied.body.message).toMatch(/familyName/);
  });
  it('lists each ground of a case once, whoever writes it', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    const twice = await patch(caseworker, c.id, {
      grounds: ['political_opinion', 'conscientious_objection', 'political_opinion'],
    });
    expect(twice.status).toBe(200);
    expect(twice.body.grounds).toEqual(['political_opinion', 'conscientious_objection']);
    // A writer past the service (a script, a future path) is refused by the schema itself: a
    // ground listed twice would count a person twice in that ground's statistics cell.
    await expect(
      t.dataSource.query(
        `UPDATE legal_case SET grounds = ARRAY['torture', 'torture']::varchar[] WHERE id = $1`,
        [c.id],
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'legal_case_grounds_distinct' });
    const [stored] = await t.dataSource.query<{ grounds: string[] }[]>(
      'SELECT grounds FROM legal_case WHERE id = $1',
      [c.id],
    );
    expect(stored.grounds).toEqual(['political_opinion', 'conscientious_objection']);
  });

  it('repairs cases written with a ground twice when the constraint arrives', async () => {
    const { case: c } = await intake(t, 'caseworker@haven.local');
    // The owner's connection is a pool of one: the migration runs on it as the runner would.
    const owner = {
      query: (text: string, params?: unknown[]) => t.ownerQuery(text, params),
    } as unknown as QueryRunner;
    const migration = new CaseGroundsDistinct1768348800000();
    await migration.down(owner);
    await t.ownerQuery(
      `UPDATE legal_case SET grounds = ARRAY['torture', 'religion', NULL, 'torture', 'religion', NULL, 'race']::varchar[] WHERE id = $1`,
      [c.id],
    );
    const [before] = await t.dataSource.query<{ version: number }[]>(
      'SELECT version FROM legal_case WHERE id = $1',
      [c.id],
    );
    await migration.up(owner);
    const [stored] = await t.dataSource.query<{ grounds: string[] }[]>(
      'SELECT grounds FROM legal_case WHERE id = $1',
      [c.id],
    );
    expect(stored.grounds).toEqual(['torture', 'religion', 'race']);
    const [after] = await t.dataSource.query<{ version: number }[]>(
      'SELECT version FROM legal_case WHERE id = $1',
      [c.id],
    );
    expect(after.version).toBe(before.version + 1);
  });
});
