import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes found by the benchmark (bench/README.md):
 * - the name key gets a GiST trigram index instead of GIN, so the duplicate check takes the 50
 *   nearest names (`ORDER BY name_key <-> key`) without ranking every similar one;
 * - the phone digits the duplicate check compares get an expression index (it was a table scan);
 * - the case lists sorted by next deadline (filtered by stage or not) read their page straight
 *   from an index per caseworker and per team, the id breaking ties, so a page stops after its
 *   rows (these replace the (…, stage) and (…, next_deadline_on) indexes);
 * - a team's dashboard reads its figures from the team index alone, and its intake queue from a
 *   partial index of unassigned open cases.
 */
export class Performance1764849600000 implements MigrationInterface {
  name = 'Performance1764849600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."client_name_key_trgm_idx"`);
    await q.query(
      `CREATE INDEX "client_name_key_trgm_idx" ON "client" USING gist (name_key gist_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX "client_phone_digits_idx" ON "client" ((regexp_replace(phone, '[^0-9+]', '', 'g'))) WHERE phone IS NOT NULL`,
    );
    await q.query(`DROP INDEX "public"."legal_case_assigned_stage_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_team_stage_idx"`);
    await q.query(
      `CREATE INDEX "legal_case_assigned_stage_deadline_idx" ON "legal_case" ("assigned_to_id", "stage", "next_deadline_on", "id") `,
    );
    // Carries what a team's dashboard counts (age, assignee, priority): its figures read the index only.
    await q.query(
      `CREATE INDEX "legal_case_team_stage_deadline_idx" ON "legal_case" ("team_id", "stage", "next_deadline_on", "id") INCLUDE ("opened_on", "assigned_to_id", "priority")`,
    );
    // The intake queue (open cases nobody is assigned to), per team, oldest first.
    await q.query(
      `CREATE INDEX "legal_case_unassigned_idx" ON "legal_case" ("team_id", "opened_on", "id") WHERE assigned_to_id IS NULL AND stage <> 'closed'`,
    );
    await q.query(`DROP INDEX "public"."legal_case_assigned_next_deadline_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_team_next_deadline_idx"`);
    await q.query(
      `CREATE INDEX "legal_case_assigned_next_deadline_idx" ON "legal_case" ("assigned_to_id", "next_deadline_on", "id") `,
    );
    await q.query(
      `CREATE INDEX "legal_case_team_next_deadline_idx" ON "legal_case" ("team_id", "next_deadline_on", "id") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."legal_case_unassigned_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_team_next_deadline_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_assigned_next_deadline_idx"`);
    await q.query(
      `CREATE INDEX "legal_case_assigned_next_deadline_idx" ON "legal_case" ("assigned_to_id", "next_deadline_on") `,
    );
    await q.query(
      `CREATE INDEX "legal_case_team_next_deadline_idx" ON "legal_case" ("team_id", "next_deadline_on") `,
    );
    await q.query(`DROP INDEX "public"."legal_case_team_stage_deadline_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_assigned_stage_deadline_idx"`);
    await q.query(`CREATE INDEX "legal_case_team_stage_idx" ON "legal_case" ("team_id", "stage") `);
    await q.query(
      `CREATE INDEX "legal_case_assigned_stage_idx" ON "legal_case" ("assigned_to_id", "stage") `,
    );
    await q.query(`DROP INDEX "public"."client_phone_digits_idx"`);
    await q.query(`DROP INDEX "public"."client_name_key_trgm_idx"`);
    await q.query(
      `CREATE INDEX "client_name_key_trgm_idx" ON "client" USING gin (name_key gin_trgm_ops)`,
    );
  }
}
