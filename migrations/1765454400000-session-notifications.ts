import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that can make a session stop working — ended, shortened, moved back in time, deleted,
 * or its user deactivated, given another role or team, or deleted — is announced on the
 * `haven_session` channel (`s:<session id>`, `u:<user id>`, or `*` for a TRUNCATE), at commit, whichever process or tool
 * made it. Each Haven instance listens and drops what it remembered of that session or user
 * (auth/session-cache.ts), so a session check can be remembered for a few seconds without a logout
 * or deactivation elsewhere going unnoticed. The every-15-seconds touch of `last_seen_at` (forwards)
 * announces nothing.
 */
export class SessionNotifications1765454400000 implements MigrationInterface {
  name = 'SessionNotifications1765454400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION haven_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'TRUNCATE' THEN
           PERFORM pg_notify('haven_session', '*');
         ELSE
           PERFORM pg_notify('haven_session', CASE TG_TABLE_NAME WHEN 'user_session' THEN 's:' ELSE 'u:' END || OLD.id::text);
         END IF;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER user_session_changed AFTER UPDATE ON user_session FOR EACH ROW
         WHEN (NEW.ended_at IS DISTINCT FROM OLD.ended_at OR NEW.expires_at < OLD.expires_at
               OR NEW.last_seen_at < OLD.last_seen_at OR NEW.user_id <> OLD.user_id OR NEW.id <> OLD.id)
         EXECUTE FUNCTION haven_session_changed()`,
    );
    await q.query(
      `CREATE TRIGGER user_session_deleted AFTER DELETE ON user_session FOR EACH ROW EXECUTE FUNCTION haven_session_changed()`,
    );
    await q.query(
      `CREATE TRIGGER app_user_access_changed AFTER UPDATE ON app_user FOR EACH ROW
         WHEN (NEW.active IS DISTINCT FROM OLD.active OR NEW.role IS DISTINCT FROM OLD.role
               OR NEW.team_id IS DISTINCT FROM OLD.team_id OR NEW.id <> OLD.id)
         EXECUTE FUNCTION haven_session_changed()`,
    );
    await q.query(
      `CREATE TRIGGER app_user_deleted AFTER DELETE ON app_user FOR EACH ROW EXECUTE FUNCTION haven_session_changed()`,
    );
    // "Sign everyone out" as TRUNCATE fires no row trigger: '*' forgets everything.
    await q.query(
      `CREATE TRIGGER user_session_truncated AFTER TRUNCATE ON user_session FOR EACH STATEMENT EXECUTE FUNCTION haven_session_changed()`,
    );
    await q.query(
      `CREATE TRIGGER app_user_truncated AFTER TRUNCATE ON app_user FOR EACH STATEMENT EXECUTE FUNCTION haven_session_changed()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER app_user_truncated ON app_user`);
    await q.query(`DROP TRIGGER user_session_truncated ON user_session`);
    await q.query(`DROP TRIGGER app_user_deleted ON app_user`);
    await q.query(`DROP TRIGGER app_user_access_changed ON app_user`);
    await q.query(`DROP TRIGGER user_session_deleted ON user_session`);
    await q.query(`DROP TRIGGER user_session_changed ON user_session`);
    await q.query(`DROP FUNCTION haven_session_changed()`);
  }
}
