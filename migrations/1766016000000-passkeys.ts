import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passkeys (WebAuthn).
 * - `webauthn_credential`: a user's registered passkeys. Only the public key is kept; `counter` is the
 *   authenticator's signature counter, which must grow with each use (a cloned key shows up as a
 *   counter that does not); `name` is the user's label for it.
 * - `webauthn_pending`: the challenge of a registration or a passkey sign-in, between the options and
 *   the answer. Short-lived and taken (deleted) by the answer, so a challenge is answered once. A
 *   sign-in's row belongs to the password step's `mfa_challenge` and dies with it.
 */
export class Passkeys1766016000000 implements MigrationInterface {
  name = 'Passkeys1766016000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "webauthn_credential" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "credential_id" text NOT NULL, "public_key" bytea NOT NULL, "counter" bigint NOT NULL DEFAULT '0', "transports" text array NOT NULL DEFAULT '{}', "name" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "webauthn_credential_credential_id_key" UNIQUE ("credential_id"), CONSTRAINT "webauthn_credential_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "webauthn_credential_user_id_idx" ON "webauthn_credential"  ("user_id") `,
    );
    await q.query(
      `CREATE TABLE "webauthn_pending" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "mfa_challenge_id" uuid, "kind" character varying(8) NOT NULL, "challenge" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "webauthn_pending_kind_check" CHECK (("kind" = 'register' AND "mfa_challenge_id" IS NULL) OR ("kind" = 'login' AND "mfa_challenge_id" IS NOT NULL)), CONSTRAINT "webauthn_pending_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "webauthn_pending_user_id_idx" ON "webauthn_pending"  ("user_id") `,
    );
    await q.query(
      `CREATE INDEX "webauthn_pending_mfa_challenge_id_idx" ON "webauthn_pending"  ("mfa_challenge_id") `,
    );
    await q.query(
      `ALTER TABLE "webauthn_credential" ADD CONSTRAINT "webauthn_credential_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "webauthn_pending" ADD CONSTRAINT "webauthn_pending_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "webauthn_pending" ADD CONSTRAINT "webauthn_pending_mfa_challenge_id_fkey" FOREIGN KEY ("mfa_challenge_id") REFERENCES "mfa_challenge"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "webauthn_pending" DROP CONSTRAINT "webauthn_pending_mfa_challenge_id_fkey"`,
    );
    await q.query(`ALTER TABLE "webauthn_pending" DROP CONSTRAINT "webauthn_pending_user_id_fkey"`);
    await q.query(
      `ALTER TABLE "webauthn_credential" DROP CONSTRAINT "webauthn_credential_user_id_fkey"`,
    );
    await q.query(`DROP INDEX "public"."webauthn_pending_mfa_challenge_id_idx"`);
    await q.query(`DROP INDEX "public"."webauthn_pending_user_id_idx"`);
    await q.query(`DROP TABLE "webauthn_pending"`);
    await q.query(`DROP INDEX "public"."webauthn_credential_user_id_idx"`);
    await q.query(`DROP TABLE "webauthn_credential"`);
  }
}
