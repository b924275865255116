import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines that follow the decision and the law in force:
 * - a case records its procedure track and how and when the decision arrived (the legal service
 *   date is derived from the two by the jurisdiction's deemed-service rule);
 * - a stored deadline keeps the rule's version and its explanation as a code with parameters, which
 *   the client renders in the reader's language. Rows written before keep their English sentence as
 *   a `deadline.legacy` parameter; the server re-derives the parameters of rule rows whose date the
 *   rule still gives (at start-up, with the recheck of changed rules).
 * - one open deadline per (case, rule, trigger date): a double click on "add" changes nothing.
 *   Open duplicates written before are waived (the earliest stays open).
 */
export class DeadlinesAbroad1766620800000 implements MigrationInterface {
  name = 'DeadlinesAbroad1766620800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."case_procedure_track" AS ENUM('regular', 'accelerated', 'manifestly_unfounded', 'inadmissible', 'dublin', 'border', 'unknown')`,
    );
    await q.query(
      `CREATE TYPE "public"."case_service_method" AS ENUM('in_person', 'post', 'registered_post', 'reception_centre', 'electronic', 'other')`,
    );
    await q.query(
      `ALTER TABLE "legal_case" ADD "procedure_track" "public"."case_procedure_track" NOT NULL DEFAULT 'unknown'`,
    );
    await q.query(`ALTER TABLE "legal_case" ADD "decision_received_on" date`);
    await q.query(`ALTER TABLE "legal_case" ADD "service_method" "public"."case_service_method"`);

    await q.query(`ALTER TABLE "deadline" ADD "rule_version" integer`);
    await q.query(`ALTER TABLE "deadline" ADD "explanation_code" character varying(40)`);
    await q.query(`ALTER TABLE "deadline" ADD "explanation_params" jsonb`);
    await q.query(`UPDATE "deadline" SET "rule_version" = 1 WHERE "rule_id" IS NOT NULL`);
    await q.query(
      `UPDATE "deadline" SET "explanation_code" = 'deadline.legacy', "explanation_params" = jsonb_build_object('text', "explanation") WHERE "explanation" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "deadline" DROP COLUMN "explanation"`);

    await q.query(
      `UPDATE "deadline" d SET "status" = 'waived', "completed_at" = now()
        WHERE d."rule_id" IS NOT NULL AND d."status" = 'open'
          AND EXISTS (SELECT 1 FROM "deadline" o
                       WHERE o."case_id" = d."case_id" AND o."rule_id" = d."rule_id"
                         AND o."trigger_date" = d."trigger_date" AND o."status" = 'open'
                         AND (o."created_at", o."id") < (d."created_at", d."id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "deadline_open_rule_trigger_key" ON "deadline" ("case_id", "rule_id", "trigger_date") WHERE rule_id IS NOT NULL AND status = 'open'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."deadline_open_rule_trigger_key"`);
    await q.query(`ALTER TABLE "deadline" ADD "explanation" character varying(500)`);
    await q.query(
      `UPDATE "deadline" SET "explanation" = left(COALESCE("explanation_params"->>'text', "explanation_code"), 500) WHERE "explanation_code" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "deadline" DROP COLUMN "explanation_params"`);
    await q.query(`ALTER TABLE "deadline" DROP COLUMN "explanation_code"`);
    await q.query(`ALTER TABLE "deadline" DROP COLUMN "rule_version"`);
    await q.query(`ALTER TABLE "legal_case" DROP COLUMN "service_method"`);
    await q.query(`ALTER TABLE "legal_case" DROP COLUMN "decision_received_on"`);
    await q.query(`ALTER TABLE "legal_case" DROP COLUMN "procedure_track"`);
    await q.query(`DROP TYPE "public"."case_service_method"`);
    await q.query(`DROP TYPE "public"."case_procedure_track"`);
  }
}
