import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Brings existing data within the team boundary that the code now keeps on every change:
 * - a task belongs to its case's team (a case transferred before tasks moved with it left them with
 *   the old team, where the new access rule shows them to neither supervisor); unfinished ones go
 *   to the new team's queue;
 * - an open case is assigned only to a caseworker of its team (a caseworker moved to another team
 *   before moves unassigned them still held it: now it waits, unassigned, for the team's supervisor);
 * - an unfinished task is assigned only to a member of its team.
 * Each change is an audit event (no actor: the migration), filed under every team concerned, so the
 * trail says why an assignment disappeared. Idempotent: a second run finds nothing to change.
 */
export class TeamBoundaryRealignment1765886400000 implements MigrationInterface {
  name = 'TeamBoundaryRealignment1765886400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH stray AS (
        SELECT t.id, t.team_id AS old_team, c.team_id AS new_team, t.status, t.assignee_id
          FROM task t JOIN legal_case c ON c.id = t.case_id
         WHERE c.team_id <> t.team_id
           FOR UPDATE OF t
      ), moved AS (
        UPDATE task t
           SET team_id = s.new_team,
               assignee_id = CASE WHEN s.status = 'done' THEN t.assignee_id ELSE NULL END,
               updated_at = now(), version = t.version + 1
          FROM stray s WHERE t.id = s.id
      )
      INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary, details)
      SELECT NULL, 'update', 'task', s.id, v.team, NULL, 'moved a task to its case''s team (data realignment)',
             jsonb_build_object('fields', CASE WHEN s.status <> 'done' AND s.assignee_id IS NOT NULL THEN '["teamId","assigneeId"]'::jsonb ELSE '["teamId"]'::jsonb END,
                                'reason', 'case_transferred')
        FROM stray s CROSS JOIN LATERAL (VALUES (s.old_team), (s.new_team)) AS v(team)
       ORDER BY s.id, v.team`);
    await q.query(`
      WITH stray AS (
        SELECT c.id, c.team_id, c.assigned_to_id
          FROM legal_case c JOIN app_user u ON u.id = c.assigned_to_id
         WHERE c.stage <> 'closed' AND (u.team_id IS DISTINCT FROM c.team_id OR u.role <> 'caseworker')
           FOR UPDATE OF c
      ), unassigned AS (
        UPDATE legal_case c SET assigned_to_id = NULL, updated_at = now(), version = c.version + 1
          FROM stray s WHERE c.id = s.id
      )
      INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary, details)
      SELECT NULL, 'reassign', 'case', s.id, s.team_id, NULL, 'unassigned a case held by someone outside its team (data realignment)',
             jsonb_build_object('from', s.assigned_to_id, 'to', NULL, 'reason', 'user_moved')
        FROM stray s ORDER BY s.id`);
    await q.query(`
      WITH stray AS (
        SELECT t.id, t.team_id, t.assignee_id
          FROM task t JOIN app_user u ON u.id = t.assignee_id
         WHERE t.status <> 'done' AND u.team_id IS DISTINCT FROM t.team_id
           FOR UPDATE OF t
      ), unassigned AS (
        UPDATE task t SET assignee_id = NULL, updated_at = now(), version = t.version + 1
          FROM stray s WHERE t.id = s.id
      )
      INSERT INTO audit_event (actor_id, action, entity_type, entity_id, team_id, ip, summary, details)
      SELECT NULL, 'update', 'task', s.id, s.team_id, NULL, 'unassigned a task held by someone outside its team (data realignment)',
             jsonb_build_object('fields', '["assigneeId"]'::jsonb, 'from', s.assignee_id, 'reason', 'user_moved')
        FROM stray s ORDER BY s.id`);
  }

  public async down(): Promise<void> {
    // Nothing to undo: the assignments it removed were outside the team boundary, and the audit
    // trail (append-only) names each one.
  }
}
