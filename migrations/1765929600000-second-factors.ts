import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factors and restricted sessions.
 * - `app_user.password_change_required`: an admin-set password must be changed at first sign-in.
 * - `user_session.restriction`: `password_change` or `mfa_enrollment`; such a session opens only
 *   `/api/auth/*` until the user has done what it names.
 * - `mfa_totp`: one TOTP secret per user, encrypted (bound to the user's row); usable once confirmed;
 *   `last_used_step` refuses a code's replay.
 * - `mfa_recovery_code`: one-time codes, stored as a keyed hash only.
 * - `mfa_challenge`: the second step of a sign-in, short-lived, dead after success or too many wrong codes.
 * A session's restriction is part of what a session check remembers (auth/session-cache.ts), so a
 * change to it is announced on `haven_session` like the other changes that alter what a session may do.
 */
export class SecondFactors1765929600000 implements MigrationInterface {
  name = 'SecondFactors1765929600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "app_user" ADD "password_change_required" boolean NOT NULL DEFAULT false`,
    );
    await q.query(`ALTER TABLE "user_session" ADD "restriction" character varying(32)`);
    await q.query(
      `CREATE TABLE "mfa_totp" ("user_id" uuid NOT NULL, "secret" text NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "last_used_step" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "mfa_totp_pkey" PRIMARY KEY ("user_id"))`,
    );
    await q.query(
      `CREATE TABLE "mfa_recovery_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "mfa_recovery_code_user_id_code_hash_key" UNIQUE ("user_id", "code_hash"), CONSTRAINT "mfa_recovery_code_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "mfa_challenge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "ip" character varying(64), "attempts" integer NOT NULL DEFAULT 0, CONSTRAINT "mfa_challenge_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "mfa_challenge_user_id_idx" ON "mfa_challenge"  ("user_id") `);
    await q.query(
      `ALTER TABLE "mfa_totp" ADD CONSTRAINT "mfa_totp_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "mfa_recovery_code" ADD CONSTRAINT "mfa_recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "mfa_challenge" ADD CONSTRAINT "mfa_challenge_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`DROP TRIGGER user_session_changed ON user_session`);
    await q.query(
      `CREATE TRIGGER user_session_changed AFTER UPDATE ON user_session FOR EACH ROW
         WHEN (NEW.ended_at IS DISTINCT FROM OLD.ended_at OR NEW.expires_at < OLD.expires_at
               OR NEW.last_seen_at < OLD.last_seen_at OR NEW.user_id <> OLD.user_id OR NEW.id <> OLD.id
               OR NEW.restriction IS DISTINCT FROM OLD.restriction)
         EXECUTE FUNCTION haven_session_changed()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER user_session_changed ON user_session`);
    await q.query(
      `CREATE TRIGGER user_session_changed AFTER UPDATE ON user_session FOR EACH ROW
         WHEN (NEW.ended_at IS DISTINCT FROM OLD.ended_at OR NEW.expires_at < OLD.expires_at
               OR NEW.last_seen_at < OLD.last_seen_at OR NEW.user_id <> OLD.user_id OR NEW.id <> OLD.id)
         EXECUTE FUNCTION haven_session_changed()`,
    );
    await q.query(`ALTER TABLE "mfa_challenge" DROP CONSTRAINT "mfa_challenge_user_id_fkey"`);
    await q.query(
      `ALTER TABLE "mfa_recovery_code" DROP CONSTRAINT "mfa_recovery_code_user_id_fkey"`,
    );
    await q.query(`ALTER TABLE "mfa_totp" DROP CONSTRAINT "mfa_totp_user_id_fkey"`);
    await q.query(`DROP INDEX "public"."mfa_challenge_user_id_idx"`);
    await q.query(`DROP TABLE "mfa_challenge"`);
    await q.query(`DROP TABLE "mfa_recovery_code"`);
    await q.query(`DROP TABLE "mfa_totp"`);
    await q.query(`ALTER TABLE "user_session" DROP COLUMN "restriction"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "password_change_required"`);
  }
}
