import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each change of a case's stage, with the reason given for it (free text, so encrypted like the
 * case's narratives). The audit event of the change names the row (`details.stage.changeId`) and
 * carries no reason: the audit trail is permanent and unencrypted, this table is neither.
 */
export class CaseStageChange1765713600000 implements MigrationInterface {
  name = 'CaseStageChange1765713600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "case_stage_change" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "from_stage" "public"."case_stage" NOT NULL, "to_stage" "public"."case_stage" NOT NULL, "reason" text, "changed_by_id" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "case_stage_change_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "case_stage_change_case_id_idx" ON "case_stage_change"  ("case_id") `,
    );
    await q.query(
      `ALTER TABLE "case_stage_change" ADD CONSTRAINT "case_stage_change_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "legal_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "case_stage_change" ADD CONSTRAINT "case_stage_change_changed_by_id_fkey" FOREIGN KEY ("changed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "case_stage_change" DROP CONSTRAINT "case_stage_change_changed_by_id_fkey"`,
    );
    await q.query(
      `ALTER TABLE "case_stage_change" DROP CONSTRAINT "case_stage_change_case_id_fkey"`,
    );
    await q.query(`DROP INDEX "public"."case_stage_change_case_id_idx"`);
    await q.query(`DROP TABLE "case_stage_change"`);
  }
}
