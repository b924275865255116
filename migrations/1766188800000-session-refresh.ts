import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What keeps a browser's session alive across reloads without a token in `localStorage`: an HttpOnly
 * cookie holding a refresh secret, of which the session keeps only a hash (auth/refresh.ts).
 * - `refresh_hash`: SHA-256 of the current secret; NULL until a sign-in hands one out.
 * - `refresh_generation`: how many times it was rotated; an older generation presented again ends the session.
 * - `refresh_rotated_at`: when it was last rotated; the previous generation is still accepted shortly after
 *   (tabs that reload at the same moment).
 * None of them changes what the session may do, so the `haven_session` notification trigger ignores them.
 */
export class SessionRefresh1766188800000 implements MigrationInterface {
  name = 'SessionRefresh1766188800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "user_session" ADD "refresh_hash" character(64)`);
    await q.query(`ALTER TABLE "user_session" ADD "refresh_generation" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "user_session" ADD "refresh_rotated_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "user_session" DROP COLUMN "refresh_rotated_at"`);
    await q.query(`ALTER TABLE "user_session" DROP COLUMN "refresh_generation"`);
    await q.query(`ALTER TABLE "user_session" DROP COLUMN "refresh_hash"`);
  }
}
