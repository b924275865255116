import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines, calendar-feed tokens and clients' stays. A trigger keeps each case's
 * `next_deadline_on` equal to its earliest open deadline, whatever writes the deadline table.
 */
export class Deadlines1764504000000 implements MigrationInterface {
  name = 'Deadlines1764504000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."deadline_kind" AS ENUM('filing', 'appeal', 'appeal_grounds', 'interview', 'hearing', 'submission', 'document_expiry', 'stay_expiry', 'decision_expected', 'other')`,
    );
    await q.query(`CREATE TYPE "public"."deadline_source" AS ENUM('manual', 'rule', 'document')`);
    await q.query(
      `CREATE TYPE "public"."deadline_status" AS ENUM('open', 'done', 'missed', 'waived')`,
    );
    await q.query(
      `CREATE TABLE "deadline" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT 1, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "kind" "public"."deadline_kind" NOT NULL, "title" character varying(200) NOT NULL, "due_on" date NOT NULL, "rule_id" character varying(40), "trigger_date" date, "explanation" character varying(500), "source" "public"."deadline_source" NOT NULL DEFAULT 'manual', "source_key" character varying(200), "status" "public"."deadline_status" NOT NULL DEFAULT 'open', "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by_id" uuid, "created_by_id" uuid, CONSTRAINT "deadline_source_key_key" UNIQUE ("source_key"), CONSTRAINT "deadline_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "deadline_status_due_on_idx" ON "deadline"  ("status", "due_on") `);
    await q.query(
      `CREATE INDEX "deadline_case_status_due_on_idx" ON "deadline"  ("case_id", "status", "due_on") `,
    );
    await q.query(
      `CREATE TABLE "calendar_token" ("user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "calendar_token_token_hash_key" UNIQUE ("token_hash"), CONSTRAINT "calendar_token_pkey" PRIMARY KEY ("user_id"))`,
    );
    await q.query(`ALTER TABLE "client" ADD "stays" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(
      `ALTER TABLE "deadline" ADD CONSTRAINT "deadline_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "legal_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calendar_token" ADD CONSTRAINT "calendar_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`
      CREATE FUNCTION deadline_refresh_case() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          UPDATE legal_case SET next_deadline_on =
            (SELECT min(due_on) FROM deadline WHERE case_id = OLD.case_id AND status = 'open')
          WHERE id = OLD.case_id;
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.case_id IS DISTINCT FROM OLD.case_id) THEN
          UPDATE legal_case SET next_deadline_on =
            (SELECT min(due_on) FROM deadline WHERE case_id = NEW.case_id AND status = 'open')
          WHERE id = NEW.case_id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(
      `CREATE TRIGGER deadline_refresh_case AFTER INSERT OR DELETE OR UPDATE OF due_on, status, case_id ON deadline FOR EACH ROW EXECUTE FUNCTION deadline_refresh_case()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER deadline_refresh_case ON deadline`);
    await q.query(`DROP FUNCTION deadline_refresh_case()`);
    await q.query(`ALTER TABLE "calendar_token" DROP CONSTRAINT "calendar_token_user_id_fkey"`);
    await q.query(`ALTER TABLE "deadline" DROP CONSTRAINT "deadline_case_id_fkey"`);
    await q.query(`ALTER TABLE "client" DROP COLUMN "stays"`);
    await q.query(`DROP TABLE "calendar_token"`);
    await q.query(`DROP INDEX "public"."deadline_case_status_due_on_idx"`);
    await q.query(`DROP INDEX "public"."deadline_status_due_on_idx"`);
    await q.query(`DROP TABLE "deadline"`);
    await q.query(`DROP TYPE "public"."deadline_status"`);
    await q.query(`DROP TYPE "public"."deadline_source"`);
    await q.query(`DROP TYPE "public"."deadline_kind"`);
  }
}
