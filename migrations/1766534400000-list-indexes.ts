import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the unscoped (admin) lists, which had none that matched their filter and sort:
 * - cases by stage in deadline order: (stage, next_deadline_on, id) answers the filter, the sort
 *   and the tie-breaker from the index, so a page is an index range scan + LIMIT (a stage's cases
 *   with no deadline form one long run of NULLs that the plain deadline index had to filter through).
 *   Its prefix serves every `stage =` filter the single-column index served.
 * - clients by family name among those not merged away (every client list excludes them).
 */
export class ListIndexes1766534400000 implements MigrationInterface {
  name = 'ListIndexes1766534400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "legal_case_stage_next_deadline_idx" ON "legal_case" ("stage", "next_deadline_on", "id")`,
    );
    await q.query(`DROP INDEX "public"."legal_case_stage_idx"`);
    await q.query(
      `CREATE INDEX "client_live_family_name_idx" ON "client" ("family_name", "id") WHERE merged_into_id IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."client_live_family_name_idx"`);
    await q.query(`CREATE INDEX "legal_case_stage_idx" ON "legal_case" ("stage")`);
    await q.query(`DROP INDEX "public"."legal_case_stage_next_deadline_idx"`);
  }
}
