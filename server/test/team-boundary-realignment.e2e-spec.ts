import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamBoundaryRealignment1765886400000 } from '../../migrations/1765886400000-team-boundary-realignment.js';
import { intake } from './factories.js';
import { encryptPlanted } from './sealed.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Data left outside the team boundary by the code before it was kept (a case transferred without
 * its tasks, a caseworker moved without being unassigned) is brought inside it by the migration,
 * with an audit event for each change and the chain still whole.
 */
describe('the team-boundary realignment migration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const run = async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      await new TeamBoundaryRealignment1765886400000().up(runner);
    } finally {
      await runner.release();
    }
  };

  it('moves stray tasks to their case’s team, unassigns outsiders, audits each change, and is idempotent', async () => {
    const tbilisi = await t.teamId('Tbilisi office');
    const almaty = await t.teamId('Almaty office');
    const caseworker = await t.userId('caseworker@haven.local');
    const almatyWorker = await t.userId('caseworker.almaty@haven.local');
    const transferred = await intake(t, 'caseworker@haven.local');
    const kept = await intake(t, 'caseworker.almaty@haven.local');
    // What the old code left behind: a case moved to Almaty with its Tbilisi task still assigned in
    // Tbilisi, and an Almaty case and task still held by a caseworker who is now in Tbilisi.
    await t.dataSource.query(
      `UPDATE legal_case SET team_id = $2, assigned_to_id = NULL WHERE id = $1`,
      [transferred.case.id, almaty],
    );
    const [strayTask] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO task (case_id, team_id, title, status, assignee_id) VALUES ($1, $2, 'Call back', 'in_progress', $3) RETURNING id`,
      [transferred.case.id, tbilisi, caseworker],
    );
    const [doneTask] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO task (case_id, team_id, title, status, assignee_id) VALUES ($1, $2, 'Filed', 'done', $3) RETURNING id`,
      [transferred.case.id, tbilisi, caseworker],
    );
    const [heldTask] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO task (team_id, title, status, assignee_id) VALUES ($1, 'Team admin', 'open', $2) RETURNING id`,
      [almaty, almatyWorker],
    );
    await encryptPlanted(t);
    await t.dataSource.query(`UPDATE app_user SET team_id = $2 WHERE id = $1`, [
      almatyWorker,
      tbilisi,
    ]);
    const [{ seq: before }] = await t.dataSource.query<{ seq: string }[]>(
      `SELECT coalesce(max(seq), 0) AS seq FROM audit_event`,
    );

    await run();

    const task = async (id: string) =>
      (
        await t.dataSource.query<{ team_id: string; assignee_id: string | null }[]>(
          `SELECT team_id, assignee_id FROM task WHERE id = $1`,
          [id],
        )
      )[0];
    expect(await task(strayTask.id)).toEqual({ team_id: almaty, assignee_id: null });
    expect(await task(doneTask.id)).toEqual({ team_id: almaty, assignee_id: caseworker });
    expect(await task(heldTask.id)).toEqual({ team_id: almaty, assignee_id: null });
    const [keptCase] = await t.dataSource.query<{ assigned_to_id: string | null }[]>(
      `SELECT assigned_to_id FROM legal_case WHERE id = $1`,
      [kept.case.id],
    );
    expect(keptCase.assigned_to_id).toBeNull();

    const events = await t.dataSource.query<
      { action: string; entity_id: string; team_id: string; actor_id: string | null }[]
    >(`SELECT action, entity_id, team_id, actor_id FROM audit_event WHERE seq > $1 ORDER BY seq`, [
      before,
    ]);
    const about = (id: string) =>
      events
        .filter((e) => e.entity_id === id)
        .map((e) => `${e.action}@${e.team_id === tbilisi ? 'tbilisi' : 'almaty'}`)
        .sort();
    expect(about(strayTask.id)).toEqual(['update@almaty', 'update@tbilisi']);
    expect(about(doneTask.id)).toEqual(['update@almaty', 'update@tbilisi']);
    expect(about(heldTask.id)).toEqual(['update@almaty']);
    expect(about(kept.case.id)).toEqual(['reassign@almaty']);
    expect(events.every((e) => e.actor_id === null)).toBe(true);

    // A second run finds nothing left to change.
    await run();
    const [{ seq: after }] = await t.dataSource.query<{ seq: string }[]>(
      `SELECT max(seq) AS seq FROM audit_event`,
    );
    expect(Number(after)).toBe(Number(before) + events.length);
    const verify = await t
      .http()
      .get('/api/audit-events/verify')
      .set('Authorization', await t.tokenFor('admin@haven.local'));
    expect(verify.body.ok).toBe(true);
  });
});
