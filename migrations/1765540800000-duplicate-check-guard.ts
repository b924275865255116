import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate check's rate limit counts a user's checks of the last minute from the audit trail
 * (DuplicatesService.find): each check files one event under the caller's team marked
 * `details.duplicateCheck = 'caller'`. This partial index holds only those events, by actor and
 * time, so the count reads a minute's worth of one user's checks whatever the trail's size.
 */
export class DuplicateCheckGuard1765540800000 implements MigrationInterface {
  name = 'DuplicateCheckGuard1765540800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "audit_event_duplicate_check_idx" ON "audit_event" ("actor_id", "at") WHERE (details ->> 'duplicateCheck') = 'caller'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."audit_event_duplicate_check_idx"`);
  }
}
