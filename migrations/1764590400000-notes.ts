import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Grounds-of-claim notes, their revisions and review comments (bodies encrypted by the application). */
export class Notes1764590400000 implements MigrationInterface {
  name = 'Notes1764590400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."claim_ground" AS ENUM('race', 'religion', 'nationality', 'particular_social_group', 'political_opinion', 'conscientious_objection', 'unlawful_conflict', 'conditions_of_service', 'forced_recruitment', 'death_penalty', 'torture', 'indiscriminate_violence', 'other')`,
    );
    await q.query(
      `CREATE TYPE "public"."note_strength" AS ENUM('strong', 'moderate', 'weak', 'unassessed')`,
    );
    await q.query(`CREATE TYPE "public"."note_status" AS ENUM('active', 'withdrawn')`);
    await q.query(
      `CREATE TABLE "note" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT 1, "id" uuid NOT NULL, "case_id" uuid NOT NULL, "ground" "public"."claim_ground" NOT NULL, "title" character varying(200) NOT NULL, "body" text NOT NULL, "evidence" text, "evidence_count" integer NOT NULL DEFAULT 0, "strength" "public"."note_strength" NOT NULL DEFAULT 'unassessed', "status" "public"."note_status" NOT NULL DEFAULT 'active', "author_id" uuid NOT NULL, CONSTRAINT "note_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "note_author_id_idx" ON "note"  ("author_id") `);
    await q.query(`CREATE INDEX "note_case_ground_idx" ON "note"  ("case_id", "ground") `);
    await q.query(
      `CREATE TABLE "note_revision" ("id" uuid NOT NULL, "note_id" uuid NOT NULL, "version" integer NOT NULL, "ground" "public"."claim_ground" NOT NULL, "title" character varying(200) NOT NULL, "body" text NOT NULL, "evidence" text, "strength" "public"."note_strength" NOT NULL, "status" "public"."note_status" NOT NULL, "edited_by_id" uuid, "edited_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "note_revision_note_version_key" UNIQUE ("note_id", "version"), CONSTRAINT "note_revision_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "note_comment" ("id" uuid NOT NULL, "note_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "note_comment_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "note_comment_note_id_idx" ON "note_comment"  ("note_id") `);
    await q.query(
      `ALTER TABLE "note" ADD CONSTRAINT "note_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "legal_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "note_revision" ADD CONSTRAINT "note_revision_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "note"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "note_comment" ADD CONSTRAINT "note_comment_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "note"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "note_comment" DROP CONSTRAINT "note_comment_note_id_fkey"`);
    await q.query(`ALTER TABLE "note_revision" DROP CONSTRAINT "note_revision_note_id_fkey"`);
    await q.query(`ALTER TABLE "note" DROP CONSTRAINT "note_case_id_fkey"`);
    await q.query(`DROP INDEX "public"."note_comment_note_id_idx"`);
    await q.query(`DROP TABLE "note_comment"`);
    await q.query(`DROP TABLE "note_revision"`);
    await q.query(`DROP INDEX "public"."note_case_ground_idx"`);
    await q.query(`DROP INDEX "public"."note_author_id_idx"`);
    await q.query(`DROP TABLE "note"`);
    await q.query(`DROP TYPE "public"."note_status"`);
    await q.query(`DROP TYPE "public"."note_strength"`);
    await q.query(`DROP TYPE "public"."claim_ground"`);
  }
}
