import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A login throttle that holds under a burst, and sessions their users can recognise.
 * - `login_throttle`: attempts per account, counted by one atomic statement before a password is
 *   checked (auth/login-throttle.ts). `login_failure` stays, for the per-address limit.
 * - `user_session.ip`, `user_session.user_agent`: where and in what browser a session signed in,
 *   for "Where you're signed in".
 */
export class LoginThrottle1765972800000 implements MigrationInterface {
  name = 'LoginThrottle1765972800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "login_throttle" ("key" character varying(64) NOT NULL, "attempts" integer NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `CREATE INDEX "login_throttle_last_attempt_at_idx" ON "login_throttle" ("last_attempt_at") `,
    );
    await q.query(`ALTER TABLE "user_session" ADD "ip" character varying(64)`);
    await q.query(`ALTER TABLE "user_session" ADD "user_agent" character varying(300)`);
    // The failure log's keys are now keyed hashes under the throttle's own subkey: old rows match nothing.
    await q.query(`DELETE FROM "login_failure"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "user_session" DROP COLUMN "user_agent"`);
    await q.query(`ALTER TABLE "user_session" DROP COLUMN "ip"`);
    await q.query(`DROP INDEX "public"."login_throttle_last_attempt_at_idx"`);
    await q.query(`DROP TABLE "login_throttle"`);
  }
}
