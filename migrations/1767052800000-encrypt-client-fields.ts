import type { MigrationInterface, QueryRunner } from 'typeorm';

const CLIENT_TEXT = ['phone', 'email', 'safe_contact_channel', 'current_city', 'entry_route'];
const CLIENT_JSON = ['documents', 'dependants'];

/**
 * What finds a person becomes ciphertext (issue 24): the client's contacts, city, entry route,
 * identity documents and dependants; the case's summons and desertion dates and the authorities'
 * file numbers. The columns become text in place; the key is not in the database, so the columns
 * are filed in `encryption_backfill` and the application encrypts their values at its next start
 * (encryption/encrypt-leftovers.ts), filling the phone's blind index as it goes. An empty JSON list becomes NULL, as the application stores it. The phone's
 * plaintext indexes go; its blind index gets one.
 */
export class EncryptClientFields1767052800000 implements MigrationInterface {
  name = 'EncryptClientFields1767052800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "public"."client_phone_digits_idx"`);
    await q.query(`DROP INDEX IF EXISTS "public"."client_phone_idx"`);
    for (const column of CLIENT_TEXT)
      await q.query(`ALTER TABLE "client" ALTER COLUMN "${column}" TYPE text`);
    for (const column of CLIENT_JSON) await q.query(jsonToText('client', column));
    await q.query(`ALTER TABLE "client" ADD "phone_index" text`);
    await q.query(
      `CREATE INDEX "client_phone_index_idx" ON "client" ("phone_index") WHERE phone_index IS NOT NULL`,
    );
    for (const column of ['summons_date', 'desertion_date'])
      await q.query(
        `ALTER TABLE "legal_case" ALTER COLUMN "${column}" TYPE text USING to_char("${column}", 'YYYY-MM-DD')`,
      );
    await q.query(jsonToText('legal_case', 'authority_references'));
    // The application encrypts what is still plaintext at its next start, then removes the row.
    await q.query(
      `CREATE TABLE IF NOT EXISTS "encryption_backfill" ("table_name" character varying(63) NOT NULL, "column_name" character varying(63) NOT NULL, "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "encryption_backfill_pkey" PRIMARY KEY ("table_name", "column_name"))`,
    );
    await q.query(
      `INSERT INTO "encryption_backfill" ("table_name", "column_name") VALUES
         ${[...CLIENT_TEXT, ...CLIENT_JSON].map((c) => `('client', '${c}')`).join(', ')},
         ('legal_case', 'summons_date'), ('legal_case', 'desertion_date'), ('legal_case', 'authority_references')
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Only a database whose values are still plaintext can go back (nothing decrypts here).
    await q.query(
      `DELETE FROM "encryption_backfill" WHERE "table_name" IN ('client', 'legal_case')`,
    );
    await q.query(jsonFromText('legal_case', 'authority_references'));
    for (const column of ['summons_date', 'desertion_date'])
      await q.query(
        `ALTER TABLE "legal_case" ALTER COLUMN "${column}" TYPE date USING "${column}"::date`,
      );
    await q.query(`DROP INDEX "public"."client_phone_index_idx"`);
    await q.query(`ALTER TABLE "client" DROP COLUMN "phone_index"`);
    for (const column of CLIENT_JSON) await q.query(jsonFromText('client', column));
    const lengths: Record<string, number> = {
      phone: 40,
      email: 254,
      safe_contact_channel: 20,
      current_city: 120,
      entry_route: 500,
    };
    for (const column of CLIENT_TEXT)
      await q.query(
        `ALTER TABLE "client" ALTER COLUMN "${column}" TYPE character varying(${lengths[column]})`,
      );
    await q.query(`CREATE INDEX "client_phone_idx" ON "client" ("phone")`);
    await q.query(
      `CREATE INDEX "client_phone_digits_idx" ON "client" ((regexp_replace(phone, '[^0-9+]', '', 'g'))) WHERE phone IS NOT NULL`,
    );
  }
}

const jsonToText = (table: string, column: string) =>
  `ALTER TABLE "${table}" ALTER COLUMN "${column}" DROP DEFAULT, ALTER COLUMN "${column}" DROP NOT NULL, ` +
  `ALTER COLUMN "${column}" TYPE text USING CASE WHEN "${column}" = '[]'::jsonb THEN NULL ELSE "${column}"::text END`;

const jsonFromText = (table: string, column: string) =>
  `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE jsonb USING coalesce("${column}", '[]')::jsonb, ` +
  `ALTER COLUMN "${column}" SET DEFAULT '[]', ALTER COLUMN "${column}" SET NOT NULL`;
