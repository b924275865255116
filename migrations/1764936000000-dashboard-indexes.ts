import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A caseworker's inactive open cases (no activity for 30 days), counted and the oldest listed on
 * their dashboard, read from one partial index per caseworker in activity order instead of every
 * case of theirs (bench/README.md).
 */
export class DashboardIndexes1764936000000 implements MigrationInterface {
  name = 'DashboardIndexes1764936000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "legal_case_assigned_activity_idx" ON "legal_case" ("assigned_to_id", "last_activity_at", "id") INCLUDE ("reference") WHERE stage <> 'closed'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."legal_case_assigned_activity_idx"`);
  }
}
