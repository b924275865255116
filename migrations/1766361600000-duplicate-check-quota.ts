import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate check's per-user allowance is counted in a table of its own (DuplicatesService
 * .takeCheck) instead of from the audit trail: the count then takes a short transaction of its own,
 * and the checks themselves no longer wait for one another. The audit trail's partial index for the
 * old count goes.
 */
export class DuplicateCheckQuota1766361600000 implements MigrationInterface {
  name = 'DuplicateCheckQuota1766361600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "duplicate_check" ("user_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "duplicate_check_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE)`,
    );
    await q.query(
      `CREATE INDEX "duplicate_check_user_id_at_idx" ON "duplicate_check" ("user_id", "at")`,
    );
    await q.query(`DROP INDEX "public"."audit_event_duplicate_check_idx"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "audit_event_duplicate_check_idx" ON "audit_event" ("actor_id", "at") WHERE (details ->> 'duplicateCheck') = 'caller'`,
    );
    await q.query(`DROP TABLE "duplicate_check"`);
  }
}
