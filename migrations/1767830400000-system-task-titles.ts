import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A system task's title as a code and parameters (issue 25): the reminder and recheck tasks a job
 * makes are told by the client in its reader's language. `title_code` names the text (`reminder`,
 * `recheck`: no personal data); `title_params` holds its parameters as JSON, encrypted like the
 * title (a deadline's title is free text). The English `title` stays, for search and old clients.
 * Tasks made before keep a null code and are shown as written.
 */
export class SystemTaskTitles1767830400000 implements MigrationInterface {
  name = 'SystemTaskTitles1767830400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "task" ADD "title_code" character varying(64), ADD "title_params" text`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" DROP COLUMN "title_params", DROP COLUMN "title_code"`);
  }
}
