import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention and erasure (issue 24; api-contract.md, Data protection).
 *
 * - A case's legal hold: while set (and `legal_hold_until` not passed), retention never takes the
 *   case and its client cannot be anonymised. Its reason is free text: field-encrypted.
 * - `client.anonymised_at`: when the client's personal data were erased (by retention or by an admin).
 * - `retention_policy`: years kept after a case closes, by jurisdiction and case type (NULL: any);
 *   the most specific row wins. `from_year_end`: counted from the end of the calendar year the case
 *   closed in (§ 50(1) BRAO for a German lawyer's file). Defaults from domain.md.
 * - `retention_run`: one row per dry run or application — counts and ids only, never a name.
 */
export class Retention1767139200000 implements MigrationInterface {
  name = 'Retention1767139200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "legal_case" ADD "legal_hold_reason" text, ADD "legal_hold_until" date, ADD "legal_hold_set_at" TIMESTAMP WITH TIME ZONE, ADD "legal_hold_set_by_id" uuid`,
    );
    await q.query(
      `ALTER TABLE "legal_case" ADD CONSTRAINT "legal_case_legal_hold_set_by_id_fkey" FOREIGN KEY ("legal_hold_set_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // The retention scan: closed cases by closing date (few, against every case).
    await q.query(
      `CREATE INDEX "legal_case_closed_on_idx" ON "legal_case" ("closed_on", "id") WHERE "closed_on" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "client" ADD "anonymised_at" TIMESTAMP WITH TIME ZONE`);

    await q.query(
      `CREATE TABLE "retention_policy" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT 1, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "jurisdiction" character(2), "case_type" "public"."case_type", "years" smallint NOT NULL, "from_year_end" boolean NOT NULL DEFAULT false, "legal_basis" character varying(300), CONSTRAINT "retention_policy_scope_key" UNIQUE NULLS NOT DISTINCT ("jurisdiction", "case_type"), CONSTRAINT "retention_policy_years_check" CHECK ("years" BETWEEN 1 AND 100), CONSTRAINT "retention_policy_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `INSERT INTO "retention_policy" ("jurisdiction", "case_type", "years", "from_year_end", "legal_basis") VALUES
        ('DE', NULL, 6, true, '§ 50(1) BRAO: a lawyer''s file, 6 years from the end of the year the mandate ended'),
        ('IE', NULL, 13, false, 'Legal Aid Board: closed files reviewed at 7 years, disposed of at 13')`,
    );

    await q.query(
      `CREATE TABLE "retention_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "mode" character varying(16) NOT NULL, "trigger" character varying(16) NOT NULL, "case_count" integer NOT NULL, "client_count" integer NOT NULL, "staying_count" integer NOT NULL, "held_count" integer NOT NULL, "case_ids" uuid array NOT NULL DEFAULT '{}', "client_ids" uuid array NOT NULL DEFAULT '{}', CONSTRAINT "retention_run_mode_check" CHECK ("mode" IN ('dry_run', 'applied')), CONSTRAINT "retention_run_trigger_check" CHECK ("trigger" IN ('nightly', 'manual')), CONSTRAINT "retention_run_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "retention_run_at_idx" ON "retention_run" ("at", "id") `);
    await q.query(
      `ALTER TABLE "retention_run" ADD CONSTRAINT "retention_run_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "retention_run" DROP CONSTRAINT "retention_run_actor_id_fkey"`);
    await q.query(`DROP INDEX "public"."retention_run_at_idx"`);
    await q.query(`DROP TABLE "retention_run"`);
    await q.query(`DROP TABLE "retention_policy"`);
    await q.query(`ALTER TABLE "client" DROP COLUMN "anonymised_at"`);
    await q.query(`DROP INDEX "public"."legal_case_closed_on_idx"`);
    await q.query(
      `ALTER TABLE "legal_case" DROP CONSTRAINT "legal_case_legal_hold_set_by_id_fkey"`,
    );
    await q.query(
      `ALTER TABLE "legal_case" DROP COLUMN "legal_hold_set_by_id", DROP COLUMN "legal_hold_set_at", DROP COLUMN "legal_hold_until", DROP COLUMN "legal_hold_reason"`,
    );
  }
}
