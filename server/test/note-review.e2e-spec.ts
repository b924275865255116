import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Review joined to the work (issue 25): "Request review" on a note makes (or submits again) the
 * note's review task; the review queue shows its kind, the note's text and the version last
 * approved; the approver may undo an approval for a short while, and no one else, and not after.
 */
describe('note reviews', () => {
  let t: TestApp;
  let caseworker: string;
  let supervisor: string;
  let noteId: string;
  let firstTask: string;
  let secondTask: string;
  beforeAll(async () => {
    t = await startTestApp({ undoApproveMinutes: 10 });
    caseworker = await t.tokenFor('caseworker@haven.local');
    supervisor = await t.tokenFor('supervisor@haven.local');
    const c = (await intake(t, 'caseworker@haven.local')).case;
    const note = await t.http().post('/api/notes').set('Authorization', caseworker).send({
      caseId: c.id,
      ground: 'political_opinion',
      title: 'Anti-war pickets',
      body: 'Held a sign at the square.\nDetained for two days.\nFined.',
      addGroundToCase: true,
    });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    noteId = note.body.id;
  });
  afterAll(() => t.close());

  const request = (token: string, body: object) =>
    t.http().post('/api/tasks/note-review').set('Authorization', token).send(body);
  const act = (token: string, id: string, action: string) =>
    t.http().post(`/api/tasks/${id}/${action}`).set('Authorization', token).send({});

  it('makes one review task for a note, in review, held by the one who asked', async () => {
    const response = await request(caseworker, { noteId });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      kind: 'note_review',
      noteId,
      status: 'in_review',
      assigneeId: await t.userId('caseworker@haven.local'),
      title: 'Anti-war pickets',
      noteReview: {
        noteId,
        submittedVersion: 1,
        current: { version: 1, title: 'Anti-war pickets' },
        lastApproved: null,
      },
    });
    firstTask = response.body.id;
    // Asking again submits the same task again: no second one.
    const again = await request(caseworker, { noteId });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(firstTask);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM task WHERE note_id = $1',
      [noteId],
    );
    expect(n).toBe(1);
  });

  it('shows the reviewer the kind and the note’s text in the review queue', async () => {
    const queue = await t.http().get('/api/tasks?queue=review').set('Authorization', supervisor);
    expect(queue.status).toBe(200);
    const item = queue.body.data.find((task: { id: string }) => task.id === firstTask);
    expect(item.kind).toBe('note_review');
    expect(item.noteReview.current.body).toBe(
      'Held a sign at the square.\nDetained for two days.\nFined.',
    );
    const dashboard = await t.http().get('/api/dashboard').set('Authorization', supervisor);
    expect(
      dashboard.body.reviewQueue.items.find((i: { id: string }) => i.id === firstTask).kind,
    ).toBe('note_review');
    // The audit trail names the note by id only, never its text.
    const events = await t.dataSource.query<{ summary: string; details: unknown }[]>(
      `SELECT summary, details FROM audit_event WHERE entity_id = $1`,
      [firstTask],
    );
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toMatch(/pickets|square/i);
  });

  it('refuses the approval of the note’s author or of whoever asked for the review', async () => {
    // A supervisor writes a note on a case of the team and asks for its review.
    const c = (await intake(t, 'caseworker@haven.local')).case;
    const own = await t.http().post('/api/notes').set('Authorization', supervisor).send({
      caseId: c.id,
      ground: 'political_opinion',
      title: 'Own note',
      body: 'Text.',
      addGroundToCase: true,
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const review = await request(supervisor, { noteId: own.body.id });
    expect(review.status).toBe(200);
    const refused = await act(supervisor, review.body.id, 'approve');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'task.self_approval' });
    const [{ status }] = await t.dataSource.query<{ status: string }[]>(
      'SELECT status FROM task WHERE id = $1',
      [review.body.id],
    );
    expect(status).toBe('in_review');
    // Another reviewer may; the answer shows the note, so it is a note read of theirs too.
    const admin = await t.tokenFor('admin@haven.local');
    expect((await act(admin, review.body.id, 'approve')).status).toBe(200);
    const reads = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event
        WHERE action = 'read' AND entity_type = 'note' AND entity_id = $1 AND actor_id = $2
          AND details->>'taskId' = $3`,
      [own.body.id, await t.userId('admin@haven.local'), review.body.id],
    );
    expect(reads[0].n).toBe(1);
  });

  it('approves, then shows what changed since the approved version', async () => {
    const approved = await act(supervisor, firstTask, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.approvedById).toBe(await t.userId('supervisor@haven.local'));
    const until = Date.parse(approved.body.undoApproveUntil) - Date.now();
    expect(until).toBeGreaterThan(9 * 60_000);
    expect(until).toBeLessThanOrEqual(10 * 60_000);
    // The caseworker edits the note and asks again: a new task, showing version 1 as approved.
    const note = await t.http().get(`/api/notes/${noteId}`).set('Authorization', caseworker);
    const edited = await t
      .http()
      .patch(`/api/notes/${noteId}`)
      .set('Authorization', caseworker)
      .send({
        version: note.body.version,
        body: 'Held a sign at the square.\nDetained for three days.\nFined.',
      });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const second = await request(caseworker, { noteId });
    expect(second.status).toBe(200);
    expect(second.body.id).not.toBe(firstTask);
    expect(second.body.noteReview).toMatchObject({
      submittedVersion: 2,
      current: { version: 2, body: 'Held a sign at the square.\nDetained for three days.\nFined.' },
      lastApproved: {
        version: 1,
        body: 'Held a sign at the square.\nDetained for two days.\nFined.',
      },
    });
  });

  it('lets the approver alone undo an approval, while no newer review is under way', async () => {
    const admin = await t.tokenFor('admin@haven.local');
    const refused = await act(admin, firstTask, 'undo-approve');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('task.undo_forbidden');
    expect((await act(caseworker, firstTask, 'undo-approve')).status).toBe(403);
    // A newer review of the note is under way: undo that one's approval, not this.
    const superseded = await act(supervisor, firstTask, 'undo-approve');
    expect(superseded.status).toBe(409);
    expect(superseded.body.code).toBe('task.undo_superseded');
    // Nor reopened: a coded refusal, not the unique index's.
    const reopened = await act(supervisor, firstTask, 'reopen');
    expect(reopened.status).toBe(409);
    expect(reopened.body.code).toBe('task.undo_superseded');
    const list = await t
      .http()
      .get(`/api/tasks?noteId=${noteId}&status=in_review`)
      .set('Authorization', supervisor);
    expect(list.body.data).toHaveLength(1);
    secondTask = list.body.data[0].id;
    // Undoing what is not approved is a 409 saying so.
    const notApproved = await act(supervisor, secondTask, 'undo-approve');
    expect(notApproved.status).toBe(409);
    expect(notApproved.body.code).toBe('task.transition_impossible');
    expect((await act(supervisor, secondTask, 'approve')).status).toBe(200);
    const undone = await act(supervisor, secondTask, 'undo-approve');
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body).toMatchObject({
      status: 'in_review',
      approvedById: null,
      completedAt: null,
      undoApproveUntil: null,
      // Still compared with the version approved before.
      noteReview: { lastApproved: { version: 1 } },
    });
    // Back in the queue.
    const queue = await t.http().get('/api/tasks?queue=review').set('Authorization', supervisor);
    expect(queue.body.data.map((task: { id: string }) => task.id)).toContain(secondTask);
  });

  it('refuses an undo once the window has passed, changing nothing', async () => {
    expect((await act(supervisor, secondTask, 'approve')).status).toBe(200);
    await t.dataSource.query(
      `UPDATE task SET completed_at = now() - interval '11 minutes' WHERE id = $1`,
      [secondTask],
    );
    const late = await act(supervisor, secondTask, 'undo-approve');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'task.undo_expired', args: { minutes: 10 } });
    const [row] = await t.dataSource.query<{ status: string; approved_by_id: string }[]>(
      'SELECT status, approved_by_id FROM task WHERE id = $1',
      [secondTask],
    );
    expect(row).toEqual({
      status: 'done',
      approved_by_id: await t.userId('supervisor@haven.local'),
    });
  });

  it('answers 404 for a note of a case the caller may not see, and checks the body', async () => {
    const other = (await intake(t, 'caseworker2@haven.local')).case;
    const note = await t
      .http()
      .post('/api/notes')
      .set('Authorization', await t.tokenFor('caseworker2@haven.local'))
      .send({
        caseId: other.id,
        ground: 'political_opinion',
        title: 'Not yours',
        body: 'Text.',
        addGroundToCase: true,
      });
    expect(note.status).toBe(201);
    const hidden = await request(caseworker, { noteId: note.body.id });
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('note.not_found');
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM task WHERE note_id = $1',
      [note.body.id],
    );
    expect(n).toBe(0);
    const analyst = await request(await t.tokenFor('analyst@haven.local'), {
      noteId: note.body.id,
    });
    expect(analyst.status).toBe(403);
    const bad = await request(caseworker, { noteId: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('noteId');
    // The supervisor of the team may ask for it.
    expect((await request(supervisor, { noteId: note.body.id })).status).toBe(200);
  });
});
