import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Task queues: personal, team (unassigned) and review; system tasks carry a unique source key. */
export class Tasks1764676800000 implements MigrationInterface {
  name = 'Tasks1764676800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."task_status" AS ENUM('open', 'in_progress', 'in_review', 'done')`,
    );
    await q.query(
      `CREATE TYPE "public"."task_priority" AS ENUM('low', 'normal', 'high', 'urgent')`,
    );
    await q.query(
      `CREATE TABLE "task" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT 1, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid, "team_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "description" text, "status" "public"."task_status" NOT NULL DEFAULT 'open', "priority" "public"."task_priority" NOT NULL DEFAULT 'normal', "assignee_id" uuid, "due_on" date, "system" boolean NOT NULL DEFAULT false, "source_key" character varying(200), "review_comment" character varying(2000), "submitted_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, CONSTRAINT "task_source_key_key" UNIQUE ("source_key"), CONSTRAINT "task_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "task_case_id_idx" ON "task"  ("case_id") `);
    await q.query(`CREATE INDEX "task_team_status_idx" ON "task"  ("team_id", "status") `);
    await q.query(`CREATE INDEX "task_assignee_status_idx" ON "task"  ("assignee_id", "status") `);
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "task_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "legal_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "task" ADD CONSTRAINT "task_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "task_team_id_fkey"`);
    await q.query(`ALTER TABLE "task" DROP CONSTRAINT "task_case_id_fkey"`);
    await q.query(`DROP INDEX "public"."task_assignee_status_idx"`);
    await q.query(`DROP INDEX "public"."task_team_status_idx"`);
    await q.query(`DROP INDEX "public"."task_case_id_idx"`);
    await q.query(`DROP TABLE "task"`);
    await q.query(`DROP TYPE "public"."task_priority"`);
    await q.query(`DROP TYPE "public"."task_status"`);
  }
}
