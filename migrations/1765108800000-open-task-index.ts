import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open tasks of a team per assignee (the supervisor's caseload table), counted from one partial
 * index, index-only, instead of fetching every task of the team to skip the done ones.
 */
export class OpenTaskIndex1765108800000 implements MigrationInterface {
  name = 'OpenTaskIndex1765108800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "task_team_open_assignee_idx" ON "task" ("team_id", "assignee_id") WHERE status <> 'done'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."task_team_open_assignee_idx"`);
  }
}
