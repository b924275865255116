import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Microdata releases (api-contract.md, Statistics): a release of an ended quarter and its rows,
 * stored once made. The rows live in a table of their own, one row each, keyed (release, n): a
 * download reads them in key order through a cursor, so it is the same bytes every time and holds
 * only a batch in memory, however large the quarter (a jsonb array or a stored file would be read
 * whole and is capped at 1 GB). A trigger refuses any UPDATE of a release or of its rows: a
 * release is fixed once made (deleting one, with its rows, stays possible).
 */
export class StatisticsReleases1766793600000 implements MigrationInterface {
  name = 'StatisticsReleases1766793600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "stats_release" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "quarter" text NOT NULL, "k" integer NOT NULL, "rows" integer NOT NULL, "withheld" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by_id" uuid, CONSTRAINT "stats_release_quarter_k_key" UNIQUE ("quarter", "k"), CONSTRAINT "stats_release_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "stats_release_row" ("release_id" uuid NOT NULL, "n" integer NOT NULL, "age_band" text NOT NULL, "sex" text NOT NULL, "nationality" text NOT NULL, "jurisdiction" text NOT NULL, "opened" text NOT NULL, "case_type" text NOT NULL, "stage" text NOT NULL, "outcome" text NOT NULL, "ground" text NOT NULL, CONSTRAINT "stats_release_row_pkey" PRIMARY KEY ("release_id", "n"))`,
    );
    await q.query(
      `ALTER TABLE "stats_release" ADD CONSTRAINT "stats_release_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stats_release_row" ADD CONSTRAINT "stats_release_row_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "stats_release"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE FUNCTION stats_release_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a statistics release is fixed once made' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_release_fixed BEFORE UPDATE ON "stats_release" FOR EACH ROW EXECUTE FUNCTION stats_release_fixed()`,
    );
    await q.query(
      `CREATE TRIGGER stats_release_row_fixed BEFORE UPDATE ON "stats_release_row" FOR EACH ROW EXECUTE FUNCTION stats_release_fixed()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_release_row_fixed ON "stats_release_row"`);
    await q.query(`DROP TRIGGER stats_release_fixed ON "stats_release"`);
    await q.query(`DROP FUNCTION stats_release_fixed()`);
    await q.query(
      `ALTER TABLE "stats_release_row" DROP CONSTRAINT "stats_release_row_release_id_fkey"`,
    );
    await q.query(`ALTER TABLE "stats_release" DROP CONSTRAINT "stats_release_created_by_id_fkey"`);
    await q.query(`DROP TABLE "stats_release_row"`);
    await q.query(`DROP TABLE "stats_release"`);
  }
}
