import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's calendar-feed token dies with any change to who they are or what they may see: a new
 * password (it may have been given because the old one, or the device, was lost), a new role or team,
 * or deactivation. Done here rather than in the code paths that make those changes so that every
 * path — the admin's edit, the user's own password change, the CLI, a fix made in SQL — is covered.
 * A reactivated or moved user asks for a new link.
 */
export class CalendarTokenRevocation1765800000000 implements MigrationInterface {
  name = 'CalendarTokenRevocation1765800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION haven_calendar_token_revoke() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM calendar_token WHERE user_id = OLD.id;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER app_user_calendar_token_revoke AFTER UPDATE ON app_user FOR EACH ROW
         WHEN (NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.role IS DISTINCT FROM OLD.role
               OR NEW.team_id IS DISTINCT FROM OLD.team_id OR NEW.active IS DISTINCT FROM OLD.active)
         EXECUTE FUNCTION haven_calendar_token_revoke()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER app_user_calendar_token_revoke ON app_user`);
    await q.query(`DROP FUNCTION haven_calendar_token_revoke()`);
  }
}
