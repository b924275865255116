import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The free text of notes, tasks and deadlines is field-encrypted (issue 24: "encrypt what finds a
 * person"): note and note revision titles, task titles, descriptions and review comments, deadline
 * titles. Ciphertext is longer than the text it holds, so the columns become `text` (the API still
 * takes at most 200 characters of a title). No index covered these columns.
 *
 * A migration cannot encrypt: the key is not in the database. It files each column in
 * `encryption_backfill`, and the app's start-up step (server/src/encryption/encrypt-leftovers.ts)
 * encrypts the plaintext values still there, in batches, then removes the column's row. Any later
 * migration that turns a plaintext column into an encrypted one does the same.
 */
export class EncryptTitles1767100000000 implements MigrationInterface {
  name = 'EncryptTitles1767100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS "encryption_backfill" ("table_name" character varying(63) NOT NULL, "column_name" character varying(63) NOT NULL, "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "encryption_backfill_pkey" PRIMARY KEY ("table_name", "column_name"))`,
    );
    await q.query(`ALTER TABLE "note" ALTER COLUMN "title" TYPE text`);
    await q.query(`ALTER TABLE "note_revision" ALTER COLUMN "title" TYPE text`);
    await q.query(`ALTER TABLE "task" ALTER COLUMN "title" TYPE text`);
    await q.query(`ALTER TABLE "task" ALTER COLUMN "review_comment" TYPE text`);
    await q.query(`ALTER TABLE "deadline" ALTER COLUMN "title" TYPE text`);
    await q.query(
      `INSERT INTO "encryption_backfill" ("table_name", "column_name") VALUES
         ('note', 'title'), ('note_revision', 'title'), ('task', 'title'), ('task', 'description'),
         ('task', 'review_comment'), ('deadline', 'title')
       ON CONFLICT DO NOTHING`,
    );
  }

  /** Only on data that was decrypted first: ciphertext does not fit the old lengths (the change then fails whole). */
  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM "encryption_backfill" WHERE ("table_name", "column_name") IN (('note', 'title'), ('note_revision', 'title'), ('task', 'title'), ('task', 'description'), ('task', 'review_comment'), ('deadline', 'title'))`,
    );
    await q.query(`ALTER TABLE "deadline" ALTER COLUMN "title" TYPE character varying(200)`);
    await q.query(`ALTER TABLE "task" ALTER COLUMN "review_comment" TYPE character varying(2000)`);
    await q.query(`ALTER TABLE "task" ALTER COLUMN "title" TYPE character varying(200)`);
    await q.query(`ALTER TABLE "note_revision" ALTER COLUMN "title" TYPE character varying(200)`);
    await q.query(`ALTER TABLE "note" ALTER COLUMN "title" TYPE character varying(200)`);
    await q.query(`DROP TABLE IF EXISTS "encryption_backfill"`);
  }
}
