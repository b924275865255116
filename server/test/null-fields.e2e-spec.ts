import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * `null` sent to a field that always has a value: a 400 naming the field, and the record unchanged —
 * for every PATCH route and each such field. (It used to reach `.trim()` or `.length` and answer 500.)
 */
describe('PATCH with null in a required field', () => {
  let t: TestApp;
  const targets: { path: string; token: string; fields: string[]; table: string; id: string }[] =
    [];
  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.tokenFor('admin@haven.local');
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const { case: c, client } = await intake(t, 'caseworker@haven.local');
    const deadline = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, kind: 'hearing', title: 'Hearing', dueOn: '2030-01-01' });
    const note = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'political_opinion',
      title: 'Faith',
      body: 'Text',
      evidence: [],
    });
    const task = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', caseworker)
      .send({ title: 'Call' });
    const user = await t.userId('caseworker2@haven.local');
    const team = await t.teamId('Berlin office');
    targets.push(
      {
        path: `/api/users/${user}`,
        token: admin,
        table: 'app_user',
        id: user,
        fields: ['email', 'fullName', 'role', 'active', 'locale', 'password'],
      },
      {
        path: `/api/teams/${team}`,
        token: admin,
        table: 'team',
        id: team,
        fields: ['name', 'country'],
      },
      {
        path: `/api/clients/${client.id}`,
        token: caseworker,
        table: 'client',
        id: client.id,
        fields: ['givenName', 'familyName', 'sex', 'nationality', 'languages', 'documents'],
      },
      {
        path: `/api/cases/${c.id}`,
        token: caseworker,
        table: 'legal_case',
        id: c.id,
        fields: [
          'caseType',
          'jurisdiction',
          'stage',
          'priority',
          'grounds',
          'militaryStatus',
          'openedOn',
        ],
      },
      {
        path: `/api/deadlines/${deadline.body.id}`,
        token: caseworker,
        table: 'deadline',
        id: deadline.body.id,
        fields: ['title', 'dueOn', 'kind', 'status'],
      },
      {
        path: `/api/notes/${note.body.id}`,
        token: caseworker,
        table: 'note',
        id: note.body.id,
        fields: ['ground', 'title', 'body', 'evidence', 'strength', 'status'],
      },
      {
        path: `/api/tasks/${task.body.id}`,
        token: caseworker,
        table: 'task',
        id: task.body.id,
        fields: ['title', 'priority'],
      },
    );
  });
  afterAll(() => t.close());

  it('answers 400 naming the field, and changes nothing', async () => {
    for (const target of targets) {
      const [before] = await t.dataSource.query<{ version: number }[]>(
        `SELECT version FROM ${target.table} WHERE id = $1`,
        [target.id],
      );
      for (const field of target.fields) {
        const response = await t
          .http()
          .patch(target.path)
          .set('Authorization', target.token)
          .send({ version: before.version, [field]: null });
        expect(response.status, `${target.path} ${field}`).toBe(400);
        expect(response.body.message, `${target.path} ${field}`).toContain(field);
      }
      const [after] = await t.dataSource.query<{ version: number }[]>(
        `SELECT version FROM ${target.table} WHERE id = $1`,
        [target.id],
      );
      expect(after.version).toBe(before.version);
    }
  });
});
