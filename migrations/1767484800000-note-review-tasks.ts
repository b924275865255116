import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review joined to the work (issue 25): a review task may name the note it reviews (`note_id`) and the
 * note's version it was last submitted at (`note_version`); who approved it (`approved_by_id`), so that
 * the approver alone may undo the approval for a short while. A note has at most one unfinished review
 * task. Overdue tasks are counted from partial indexes of the unfinished tasks with their due dates:
 * a person's (assignee, due_on), a team's per assignee (the caseload index, now carrying due_on).
 */
export class NoteReviewTasks1767484800000 implements MigrationInterface {
  name = 'NoteReviewTasks1767484800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "task" ADD "note_id" uuid, ADD "note_version" integer, ADD "approved_by_id" uuid`,
    );
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "task_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "note"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE INDEX "task_note_completed_idx" ON "task" ("note_id", "completed_at") `);
    await q.query(
      `CREATE UNIQUE INDEX "task_note_unfinished_key" ON "task" ("note_id") WHERE note_id IS NOT NULL AND status <> 'done'`,
    );
    await q.query(
      `CREATE INDEX "task_assignee_open_due_idx" ON "task" ("assignee_id", "due_on") WHERE status <> 'done'`,
    );
    await q.query(`DROP INDEX "public"."task_team_open_assignee_idx"`);
    await q.query(
      `CREATE INDEX "task_team_open_assignee_idx" ON "task" ("team_id", "assignee_id") INCLUDE ("due_on") WHERE status <> 'done'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."task_team_open_assignee_idx"`);
    await q.query(
      `CREATE INDEX "task_team_open_assignee_idx" ON "task" ("team_id", "assignee_id") WHERE status <> 'done'`,
    );
    await q.query(`DROP INDEX "public"."task_assignee_open_due_idx"`);
    await q.query(`DROP INDEX "public"."task_note_unfinished_key"`);
    await q.query(`DROP INDEX "public"."task_note_completed_idx"`);
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "task_note_id_fkey"`);
    await q.query(
      `ALTER TABLE "task" DROP COLUMN "approved_by_id", DROP COLUMN "note_version", DROP COLUMN "note_id"`,
    );
  }
}
