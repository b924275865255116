import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An intake draft for a returning client (a new case for someone already registered) names that
 * client: `intake_draft.client_id`. Erasing the person deletes such drafts in the erasure's
 * transaction (AnonymiseService.erase) — a draft holds the case's answers about them and, until now,
 * kept them for up to HAVEN_INTAKE_DRAFT_HOURS after the erasure. A client row is never deleted
 * (erasure anonymises it in place); the cascade covers a database-level delete all the same.
 * The server takes the client from the request or from the wizard's own record of it in the
 * payload (`returning.id`); a draft saved before this migration names no one until its next save.
 */
export class IntakeDraftClient1768089600000 implements MigrationInterface {
  name = 'IntakeDraftClient1768089600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "intake_draft" ADD "client_id" uuid`);
    await q.query(
      `CREATE INDEX "intake_draft_client_idx" ON "intake_draft" ("client_id") WHERE client_id IS NOT NULL`,
    );
    await q.query(
      `ALTER TABLE "intake_draft" ADD CONSTRAINT "intake_draft_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "intake_draft" DROP CONSTRAINT "intake_draft_client_id_fkey"`);
    await q.query(`DROP INDEX "public"."intake_draft_client_idx"`);
    await q.query(`ALTER TABLE "intake_draft" DROP COLUMN "client_id"`);
  }
}
