import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrator's case list total by stage, from an index (docs/decisions/0027).
 *
 * `case_list_total` keeps a row per (team, assignee, stage); an administrator's total for a stage
 * sums that stage's rows across every team and caseworker — 1 997 of 16 228 rows at a million
 * cases, which PostgreSQL read by scanning the whole table (183 pages, 1.2 ms a request). Indexed
 * by stage with the count included, the sum reads only the index (8 pages, 0.3 ms). The count
 * being in an index, its updates are no longer heap-only: each case write that moves a count adds
 * an entry to both indexes of this small table, which autovacuum clears.
 */
export class CaseTotalByStage1768694400000 implements MigrationInterface {
  name = 'CaseTotalByStage1768694400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "case_list_total_stage_idx" ON "case_list_total" ("stage") INCLUDE ("cases")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."case_list_total_stage_idx"`);
  }
}
