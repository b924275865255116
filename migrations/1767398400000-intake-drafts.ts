import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake drafts (issue 25): the intake a caseworker is filling in, saved as they go so that a
 * reload, Back or a crash loses nothing. One draft per user (`owner_id` is unique), bound to
 * the team they were in; the whole draft is one FieldEncryption ciphertext (it holds health and SOGI
 * notes), and it expires (`HAVEN_INTAKE_DRAFT_HOURS`): `intake_draft_expires_idx` serves the purge.
 *
 * The draft goes with its owner: deleted with the account (FK cascade), and by a trigger when the
 * account is deactivated or moves to another team or role — so no other team's member ever inherits
 * a draft through the account, whatever path changes it.
 *
 * `client.processing_basis`: consent first. An intake without the client's consent to data
 * processing names the legal basis the data are processed on instead (contract, legal obligation,
 * vital interests, legal claims); the client page flags it. A basis code, not a person's data.
 */
export class IntakeDrafts1767398400000 implements MigrationInterface {
  name = 'IntakeDrafts1767398400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "intake_draft" ("id" uuid NOT NULL, "owner_id" uuid NOT NULL, "team_id" uuid, "payload" text NOT NULL, "step" smallint NOT NULL DEFAULT 0, "version" integer NOT NULL DEFAULT 1, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "intake_draft_owner_id_key" UNIQUE ("owner_id"), CONSTRAINT "intake_draft_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "intake_draft_expires_idx" ON "intake_draft" ("expires_at") `);
    await q.query(
      `ALTER TABLE "intake_draft" ADD CONSTRAINT "intake_draft_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "intake_draft" ADD CONSTRAINT "intake_draft_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "client" ADD "processing_basis" "public"."consent_basis"`);
    await q.query(`
      CREATE FUNCTION drop_intake_draft_of_user() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM intake_draft WHERE owner_id = NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER app_user_drops_intake_draft
        AFTER UPDATE OF active, team_id, role ON app_user
        FOR EACH ROW
        WHEN (NEW.active IS DISTINCT FROM OLD.active AND NOT NEW.active
              OR NEW.team_id IS DISTINCT FROM OLD.team_id
              OR NEW.role IS DISTINCT FROM OLD.role)
        EXECUTE FUNCTION drop_intake_draft_of_user()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER app_user_drops_intake_draft ON app_user`);
    await q.query(`DROP FUNCTION drop_intake_draft_of_user()`);
    await q.query(`ALTER TABLE "client" DROP COLUMN "processing_basis"`);
    await q.query(`ALTER TABLE "intake_draft" DROP CONSTRAINT "intake_draft_team_id_fkey"`);
    await q.query(`ALTER TABLE "intake_draft" DROP CONSTRAINT "intake_draft_owner_id_fkey"`);
    await q.query(`DROP INDEX "public"."intake_draft_expires_idx"`);
    await q.query(`DROP TABLE "intake_draft"`);
  }
}
