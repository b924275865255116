import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The basis recorded for a scope carried over (shared DEFAULT_CONSENT_BASIS). */
const BASIS_OF_SCOPE = `CASE s.scope WHEN 'contact_by_message' THEN 'consent' WHEN 'anonymised_statistics' THEN 'consent' ELSE 'explicit_consent' END`;

/**
 * Consent as a history, and the person's requests about their data (issue 24; api-contract.md,
 * Data protection).
 *
 * `consent_event`: each time a scope of consent was given or withdrawn — on which day, explained in
 * which language, on which legal basis, with an optional note (field-encrypted). The client's
 * `consent` jsonb stays as the current state the history adds up to (the statistics read it), kept
 * in step in the same transaction as each event. The consent recorded so far is carried over as one
 * `given` event per scope, on its `givenOn` (or the day the client was created), by no one.
 *
 * `data_request`: a request of access, rectification, erasure, restriction or objection, due one
 * calendar month after receipt (Art. 12(3)); its note is field-encrypted. Indexed for the list (a
 * client's requests; everyone's by receipt, due date or creation) and for the dashboards (the open
 * requests by due date, partial).
 */
export class ConsentAndDataRequests1767225600000 implements MigrationInterface {
  name = 'ConsentAndDataRequests1767225600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."consent_scope" AS ENUM('data_processing', 'legal_representation', 'share_with_partners', 'contact_by_message', 'anonymised_statistics')`,
    );
    await q.query(`CREATE TYPE "public"."consent_action" AS ENUM('given', 'withdrawn')`);
    await q.query(
      `CREATE TYPE "public"."consent_basis" AS ENUM('consent', 'explicit_consent', 'contract', 'legal_obligation', 'vital_interests', 'legal_claims')`,
    );
    await q.query(
      `CREATE TABLE "consent_event" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "scope" "public"."consent_scope" NOT NULL, "action" "public"."consent_action" NOT NULL, "on" date NOT NULL, "language" character varying(8), "basis" "public"."consent_basis" NOT NULL, "note" text, "recorded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "consent_event_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "consent_event_client_scope_on_idx" ON "consent_event" ("client_id", "scope", "on") `,
    );
    await q.query(
      `ALTER TABLE "consent_event" ADD CONSTRAINT "consent_event_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "consent_event" ADD CONSTRAINT "consent_event_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await q.query(
      `CREATE TYPE "public"."data_request_type" AS ENUM('access', 'rectification', 'erasure', 'restriction', 'objection')`,
    );
    await q.query(`CREATE TYPE "public"."data_request_status" AS ENUM('open', 'done', 'refused')`);
    await q.query(
      `CREATE TABLE "data_request" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT 1, "id" uuid NOT NULL, "client_id" uuid NOT NULL, "type" "public"."data_request_type" NOT NULL, "status" "public"."data_request_status" NOT NULL DEFAULT 'open', "received_on" date NOT NULL, "due_on" date NOT NULL, "note" text, "created_by_id" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by_id" uuid, CONSTRAINT "data_request_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "data_request_client_received_idx" ON "data_request" ("client_id", "received_on") `,
    );
    await q.query(
      `CREATE INDEX "data_request_received_idx" ON "data_request" ("received_on", "id") `,
    );
    await q.query(`CREATE INDEX "data_request_due_idx" ON "data_request" ("due_on", "id") `);
    await q.query(
      `CREATE INDEX "data_request_created_idx" ON "data_request" ("created_at", "id") `,
    );
    // The dashboards: the open requests by due date.
    await q.query(
      `CREATE INDEX "data_request_open_due_idx" ON "data_request" ("due_on", "client_id") WHERE status = 'open'`,
    );
    await q.query(
      `ALTER TABLE "data_request" ADD CONSTRAINT "data_request_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "client"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "data_request" ADD CONSTRAINT "data_request_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "data_request" ADD CONSTRAINT "data_request_closed_by_id_fkey" FOREIGN KEY ("closed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    // The consent recorded so far: one `given` event per scope it names.
    await q.query(
      `INSERT INTO "consent_event" ("id", "client_id", "scope", "action", "on", "language", "basis")
       SELECT gen_random_uuid(), cl.id, s.scope::consent_scope, 'given',
              CASE WHEN cl.consent ->> 'givenOn' ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (cl.consent ->> 'givenOn')::date
                   ELSE cl.created_at::date END,
              CASE WHEN cl.consent ->> 'language' ~ '^[a-z]{2,3}$' THEN cl.consent ->> 'language' END,
              (${BASIS_OF_SCOPE})::consent_basis
         FROM client cl
         CROSS JOIN LATERAL (SELECT DISTINCT jsonb_array_elements_text(cl.consent -> 'scopes') AS scope) s
        WHERE jsonb_typeof(cl.consent -> 'scopes') = 'array'
          AND s.scope IN ('data_processing', 'legal_representation', 'share_with_partners', 'contact_by_message', 'anonymised_statistics')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "data_request" DROP CONSTRAINT "data_request_closed_by_id_fkey"`);
    await q.query(`ALTER TABLE "data_request" DROP CONSTRAINT "data_request_created_by_id_fkey"`);
    await q.query(`ALTER TABLE "data_request" DROP CONSTRAINT "data_request_client_id_fkey"`);
    await q.query(`DROP INDEX "public"."data_request_open_due_idx"`);
    await q.query(`DROP INDEX "public"."data_request_created_idx"`);
    await q.query(`DROP INDEX "public"."data_request_due_idx"`);
    await q.query(`DROP INDEX "public"."data_request_received_idx"`);
    await q.query(`DROP INDEX "public"."data_request_client_received_idx"`);
    await q.query(`DROP TABLE "data_request"`);
    await q.query(`DROP TYPE "public"."data_request_status"`);
    await q.query(`DROP TYPE "public"."data_request_type"`);
    await q.query(
      `ALTER TABLE "consent_event" DROP CONSTRAINT "consent_event_recorded_by_id_fkey"`,
    );
    await q.query(`ALTER TABLE "consent_event" DROP CONSTRAINT "consent_event_client_id_fkey"`);
    await q.query(`DROP INDEX "public"."consent_event_client_scope_on_idx"`);
    await q.query(`DROP TABLE "consent_event"`);
    await q.query(`DROP TYPE "public"."consent_basis"`);
    await q.query(`DROP TYPE "public"."consent_action"`);
    await q.query(`DROP TYPE "public"."consent_scope"`);
  }
}
