import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents (api-contract.md, Documents). A file is stored as encrypted chunks under a data key of
 * its own (documents/envelope.ts); `document` holds its metadata, the wrapped data key and where the
 * chunks are (`storage`: in `document_chunk` here, or in an S3-compatible store). An upload first
 * registers itself in `document_upload`, writes its chunks, then files the document and removes
 * its registration in one transaction: a registration older than the longest upload is an orphan
 * (a failed or abandoned upload), whose chunks the background job deletes. Titles, file names,
 * hashes and reasons are field-encrypted like every other free text that may describe a person.
 */
export class Documents1766880000000 implements MigrationInterface {
  name = 'Documents1766880000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "public"."document_kind" AS ENUM('decision', 'summons', 'identity', 'evidence', 'medical', 'translation', 'correspondence', 'power_of_attorney', 'other')`,
    );
    await q.query(`CREATE TYPE "public"."document_status" AS ENUM('active', 'withdrawn')`);
    await q.query(
      `CREATE TABLE "document" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT 1, "id" uuid NOT NULL, "case_id" uuid NOT NULL, "kind" "public"."document_kind" NOT NULL, "title" text NOT NULL, "file_name" text, "language" character varying(8), "mime" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "storage" character varying(8) NOT NULL, "data_key" text NOT NULL, "chunk_size" integer NOT NULL, "chunk_count" integer NOT NULL, "status" "public"."document_status" NOT NULL DEFAULT 'active', "withdrawn_reason" text, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_by_id" uuid, "uploaded_by_id" uuid NOT NULL, CONSTRAINT "document_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "document_case_created_idx" ON "document" ("case_id", "created_at") `,
    );
    // Everyone's documents newest first (the list's default order, the tie broken by id).
    await q.query(`CREATE INDEX "document_created_idx" ON "document" ("created_at", "id") `);
    await q.query(
      `ALTER TABLE "document" ADD CONSTRAINT "document_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "legal_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "document_upload" ("id" uuid NOT NULL, "storage" character varying(8) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "document_upload_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "document_upload_started_at_idx" ON "document_upload" ("started_at") `,
    );
    await q.query(
      `CREATE TABLE "document_chunk" ("blob_id" uuid NOT NULL, "n" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "document_chunk_pkey" PRIMARY KEY ("blob_id", "n"))`,
    );
    // Ciphertext does not compress: keep PostgreSQL from trying on every chunk.
    await q.query(`ALTER TABLE "document_chunk" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "document_chunk"`);
    await q.query(`DROP INDEX "public"."document_upload_started_at_idx"`);
    await q.query(`DROP TABLE "document_upload"`);
    await q.query(`ALTER TABLE "document" DROP CONSTRAINT "document_case_id_fkey"`);
    await q.query(`DROP INDEX "public"."document_created_idx"`);
    await q.query(`DROP INDEX "public"."document_case_created_idx"`);
    await q.query(`DROP TABLE "document"`);
    await q.query(`DROP TYPE "public"."document_status"`);
    await q.query(`DROP TYPE "public"."document_kind"`);
  }
}
