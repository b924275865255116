import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A caseworker's case list, filtered by stage and sorted by next deadline, read in order from one
 * index (docs/decisions/0027).
 *
 * A caseworker's scope is their own cases in their current team (`assigned_to_id = $1 AND team_id
 * = $2`, so a moved caseworker sees nothing of the old team). The index this replaces,
 * (assigned_to_id, stage, next_deadline_on, id), left the team to a filter: under the generic plan
 * the planner, taking the two conditions as independent, expected two rows and preferred
 * intersecting two bitmaps, then fetching and sorting every case of that caseworker and stage with
 * its client (104 rows and 544 buffers at 100 000 cases for a page of 25). With the team in the
 * index the page is its first 25 entries. Filters by assignee and stage without the team (an
 * administrator's) still use it: an assignee is in one team or a few, which PostgreSQL 18 skips.
 */
export class CaseworkerCasePageIndex1768608000000 implements MigrationInterface {
  name = 'CaseworkerCasePageIndex1768608000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "legal_case_assigned_team_stage_deadline_idx" ON "legal_case" ("assigned_to_id", "team_id", "stage", "next_deadline_on", "id")`,
    );
    await q.query(`DROP INDEX "public"."legal_case_assigned_stage_deadline_idx"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "legal_case_assigned_stage_deadline_idx" ON "legal_case" ("assigned_to_id", "stage", "next_deadline_on", "id")`,
    );
    await q.query(`DROP INDEX "public"."legal_case_assigned_team_stage_deadline_idx"`);
  }
}
