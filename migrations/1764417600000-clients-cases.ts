import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clients, cases and reference counters. Names are searchable by trigram similarity in both scripts
 * (pg_trgm ships with PostgreSQL); special-category fields are ciphertext in text columns.
 */
export class ClientsCases1764417600000 implements MigrationInterface {
  name = 'ClientsCases1764417600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE TYPE "public"."client_sex" AS ENUM('female', 'male', 'other', 'unknown')`,
    );
    await q.query(
      `CREATE TYPE "public"."client_interpreter_gender" AS ENUM('female', 'male', 'no_preference')`,
    );
    await q.query(
      `CREATE TABLE "client" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT 1, "id" uuid NOT NULL, "reference" character varying(20) NOT NULL, "given_name" character varying(200) NOT NULL, "family_name" character varying(200) NOT NULL, "native_name" character varying(300), "date_of_birth" date, "date_of_birth_approximate" boolean NOT NULL DEFAULT false, "sex" "public"."client_sex" NOT NULL, "nationality" character(2) NOT NULL, "languages" character varying(8) array NOT NULL DEFAULT '{}', "interpreter_gender" "public"."client_interpreter_gender" NOT NULL DEFAULT 'no_preference', "phone" character varying(40), "email" character varying(254), "safe_contact_channel" character varying(20), "messages_allowed" boolean NOT NULL DEFAULT false, "current_country" character(2), "current_city" character varying(120), "arrival_date" date, "entry_route" character varying(500), "stay_permit_type" character varying(120), "stay_permit_expires_on" date, "documents" jsonb NOT NULL DEFAULT '[]', "dependants" jsonb NOT NULL DEFAULT '[]', "consent" jsonb, "vulnerabilities" text, "ethnicity" text, "religion" text, "health_notes" text, "sogi_notes" text, CONSTRAINT "client_reference_key" UNIQUE ("reference"), CONSTRAINT "client_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "client_created_at_idx" ON "client"  ("created_at") `);
    await q.query(`CREATE INDEX "client_nationality_idx" ON "client"  ("nationality") `);
    await q.query(`CREATE INDEX "client_family_name_idx" ON "client"  ("family_name") `);
    await q.query(
      `CREATE TYPE "public"."case_type" AS ENUM('asylum', 'temporary_protection', 'residence_permit', 'humanitarian_visa', 'family_reunification', 'resettlement', 'stay_extension', 'other')`,
    );
    await q.query(
      `CREATE TYPE "public"."case_stage" AS ENUM('intake', 'assessment', 'preparation', 'lodged', 'interview', 'decision', 'appeal', 'closed')`,
    );
    await q.query(
      `CREATE TYPE "public"."case_outcome" AS ENUM('refugee_status', 'subsidiary_protection', 'humanitarian_protection', 'temporary_protection', 'rejected', 'rejected_manifestly_unfounded', 'inadmissible', 'dublin_transfer', 'withdrawn', 'abandoned', 'no_longer_assisted')`,
    );
    await q.query(
      `CREATE TYPE "public"."case_priority" AS ENUM('low', 'normal', 'high', 'urgent')`,
    );
    await q.query(
      `CREATE TYPE "public"."case_military_status" AS ENUM('none', 'draft_evader_pre_summons', 'draft_evader_post_summons', 'deserter', 'mobilised_reservist', 'conscript', 'contract_soldier', 'national_service', 'unknown')`,
    );
    await q.query(
      `CREATE TYPE "public"."case_summons_kind" AS ENUM('none', 'paper', 'electronic', 'both')`,
    );
    await q.query(
      `CREATE TABLE "legal_case" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT 1, "id" uuid NOT NULL, "reference" character varying(20) NOT NULL, "client_id" uuid NOT NULL, "case_type" "public"."case_type" NOT NULL, "jurisdiction" character(2) NOT NULL, "stage" "public"."case_stage" NOT NULL DEFAULT 'intake', "outcome" "public"."case_outcome", "priority" "public"."case_priority" NOT NULL DEFAULT 'normal', "assigned_to_id" uuid, "team_id" uuid NOT NULL, "grounds" character varying(40) array NOT NULL DEFAULT '{}', "military_status" "public"."case_military_status" NOT NULL DEFAULT 'unknown', "summons_kind" "public"."case_summons_kind" NOT NULL DEFAULT 'none', "summons_date" date, "desertion_date" date, "referral_source" character varying(200), "authority_references" jsonb NOT NULL DEFAULT '[]', "decision_served_on" date, "opened_on" date NOT NULL, "closed_on" date, "next_deadline_on" date, "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claim_summary" text, "service_history" text, CONSTRAINT "legal_case_reference_key" UNIQUE ("reference"), CONSTRAINT "legal_case_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "legal_case_jurisdiction_idx" ON "legal_case"  ("jurisdiction") `);
    await q.query(`CREATE INDEX "legal_case_opened_on_idx" ON "legal_case"  ("opened_on") `);
    await q.query(`CREATE INDEX "legal_case_stage_idx" ON "legal_case"  ("stage") `);
    await q.query(
      `CREATE INDEX "legal_case_next_deadline_idx" ON "legal_case"  ("next_deadline_on") `,
    );
    await q.query(
      `CREATE INDEX "legal_case_assigned_next_deadline_idx" ON "legal_case"  ("assigned_to_id", "next_deadline_on") `,
    );
    await q.query(
      `CREATE INDEX "legal_case_team_next_deadline_idx" ON "legal_case"  ("team_id", "next_deadline_on") `,
    );
    await q.query(
      `CREATE INDEX "legal_case_assigned_stage_idx" ON "legal_case"  ("assigned_to_id", "stage") `,
    );
    await q.query(
      `CREATE INDEX "legal_case_team_stage_idx" ON "legal_case"  ("team_id", "stage") `,
    );
    await q.query(`CREATE INDEX "legal_case_client_id_idx" ON "legal_case"  ("client_id") `);
    await q.query(
      `CREATE TABLE "reference_counter" ("prefix" character varying(8) NOT NULL, "year" integer NOT NULL, "last" integer NOT NULL, CONSTRAINT "reference_counter_pkey" PRIMARY KEY ("prefix", "year"))`,
    );
    await q.query(
      `ALTER TABLE "legal_case" ADD CONSTRAINT "legal_case_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "legal_case" ADD CONSTRAINT "legal_case_assigned_to_id_fkey" FOREIGN KEY ("assigned_to_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "legal_case" ADD CONSTRAINT "legal_case_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Search: `q` matches names (Latin and original script) and references with ILIKE, which these
    // trigram indexes serve; the entity declares them with synchronize: false.
    await q.query(
      `CREATE INDEX "client_search_trgm_idx" ON "client" USING gin ((given_name || ' ' || family_name || ' ' || reference) gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX "client_native_name_trgm_idx" ON "client" USING gin (native_name gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX "legal_case_grounds_idx" ON "legal_case" USING gin (grounds)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."legal_case_grounds_idx"`);
    await q.query(`DROP INDEX "public"."client_native_name_trgm_idx"`);
    await q.query(`DROP INDEX "public"."client_search_trgm_idx"`);
    await q.query(`ALTER TABLE "legal_case" DROP CONSTRAINT "legal_case_team_id_fkey"`);
    await q.query(`ALTER TABLE "legal_case" DROP CONSTRAINT "legal_case_assigned_to_id_fkey"`);
    await q.query(`ALTER TABLE "legal_case" DROP CONSTRAINT "legal_case_client_id_fkey"`);
    await q.query(`DROP TABLE "reference_counter"`);
    await q.query(`DROP INDEX "public"."legal_case_client_id_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_team_stage_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_assigned_stage_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_team_next_deadline_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_assigned_next_deadline_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_next_deadline_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_stage_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_opened_on_idx"`);
    await q.query(`DROP INDEX "public"."legal_case_jurisdiction_idx"`);
    await q.query(`DROP TABLE "legal_case"`);
    await q.query(`DROP TYPE "public"."case_summons_kind"`);
    await q.query(`DROP TYPE "public"."case_military_status"`);
    await q.query(`DROP TYPE "public"."case_priority"`);
    await q.query(`DROP TYPE "public"."case_outcome"`);
    await q.query(`DROP TYPE "public"."case_stage"`);
    await q.query(`DROP TYPE "public"."case_type"`);
    await q.query(`DROP INDEX "public"."client_family_name_idx"`);
    await q.query(`DROP INDEX "public"."client_nationality_idx"`);
    await q.query(`DROP INDEX "public"."client_created_at_idx"`);
    await q.query(`DROP TABLE "client"`);
    await q.query(`DROP TYPE "public"."client_interpreter_gender"`);
    await q.query(`DROP TYPE "public"."client_sex"`);
  }
}
