import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Notes, deadlines and tasks are work on their case: each write moves the case's
 * `last_activity_at` (the dashboards' "inactive for 30 days" reads it), in the change's transaction.
 */
describe('work on a case marks the case active', () => {
  let t: TestApp;
  let caseworker: string;
  beforeAll(async () => {
    t = await startTestApp();
    caseworker = await t.tokenFor('caseworker@haven.local');
  });
  afterAll(() => t.close());

  /** Makes the case look untouched for 45 days; returns a probe of whether it was touched since. */
  async function staleCase() {
    const { case: c } = await intake(t, 'caseworker@haven.local', { case: { grounds: [] } });
    await t.dataSource.query(
      `UPDATE legal_case SET last_activity_at = now() - interval '45 days' WHERE id = $1`,
      [c.id],
    );
    const touched = async () => {
      const [row] = await t.dataSource.query<{ recent: boolean; grounds: string[] }[]>(
        `SELECT last_activity_at > now() - interval '1 hour' AS recent, grounds FROM legal_case WHERE id = $1`,
        [c.id],
      );
      return row;
    };
    const reset = () =>
      t.dataSource.query(
        `UPDATE legal_case SET last_activity_at = now() - interval '45 days' WHERE id = $1`,
        [c.id],
      );
    return { c, touched, reset };
  }

  it('a note written or edited; its ground, when the user asks, joins the case’s grounds once', async () => {
    const { c, touched, reset } = await staleCase();
    const note = (ground: string) =>
      t
        .http()
        .post('/api/notes')
        .set('Authorization', caseworker)
        .send({ caseId: c.id, ground, title: 'Refusal', body: 'Text.', addGroundToCase: true });
    const first = await note('conscientious_objection');
    expect(first.status).toBe(201);
    expect(await touched()).toEqual({ recent: true, grounds: ['conscientious_objection'] });

    await reset();
    expect((await note('conscientious_objection')).status).toBe(201);
    expect(await touched()).toEqual({ recent: true, grounds: ['conscientious_objection'] });

    await reset();
    const edited = await t
      .http()
      .patch(`/api/notes/${first.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: 1, strength: 'strong' });
    expect(edited.status).toBe(200);
    expect((await touched()).recent).toBe(true);
  });

  it('a deadline added or changed', async () => {
    const { c, touched, reset } = await staleCase();
    const created = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, kind: 'other', title: 'Bring the originals', dueOn: '2099-01-10' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ caseReference: c.reference, dueOn: '2099-01-10' });
    expect((await touched()).recent).toBe(true);

    await reset();
    const done = await t
      .http()
      .patch(`/api/deadlines/${created.body.id}`)
      .set('Authorization', caseworker)
      .send({ version: created.body.version, status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', version: created.body.version + 1 });
    expect((await touched()).recent).toBe(true);
  });

  it('a task of the case moved through its workflow', async () => {
    const { c, touched, reset } = await staleCase();
    const created = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', caseworker)
      .send({ caseId: c.id, title: 'Call the client' });
    expect(created.status).toBe(201);
    await reset();
    const started = await t
      .http()
      .post(`/api/tasks/${created.body.id}/start`)
      .set('Authorization', caseworker)
      .send({});
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'in_progress', caseReference: c.reference });
    expect((await touched()).recent).toBe(true);
  });
});
