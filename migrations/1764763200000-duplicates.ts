import type { MigrationInterface, QueryRunner } from 'typeorm';
import { clientNameKey } from '../server/src/duplicates/name-key.js';

/**
 * The cross-script duplicate check: a comparable Latin key of each client's names, trigram-indexed,
 * and the merges supervisors make (undoable). Existing clients get their key here, in batches.
 */
export class Duplicates1764763200000 implements MigrationInterface {
  name = 'Duplicates1764763200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "client_merge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "surviving_id" uuid NOT NULL, "merged_id" uuid NOT NULL, "case_ids" uuid array NOT NULL, "merged_by_id" uuid NOT NULL, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "undone_at" TIMESTAMP WITH TIME ZONE, "undone_by_id" uuid, CONSTRAINT "client_merge_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "client_merge_merged_id_idx" ON "client_merge"  ("merged_id") `);
    await q.query(
      `CREATE INDEX "client_merge_surviving_id_idx" ON "client_merge"  ("surviving_id") `,
    );
    await q.query(`ALTER TABLE "client" ADD "name_key" character varying(600) NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "client" ADD "merged_into_id" uuid`);
    // The key is computed in TypeScript (transliteration tables), so existing rows are filled from here.
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = (await q.query(
        `SELECT id, given_name, family_name, native_name FROM client WHERE id > $1 ORDER BY id LIMIT 2000`,
        [after],
      )) as {
        id: string;
        given_name: string;
        family_name: string;
        native_name: string | null;
      }[];
      if (rows.length === 0) break;
      await q.query(
        `UPDATE client c SET name_key = v.key FROM unnest($1::uuid[], $2::text[]) AS v(id, key) WHERE c.id = v.id`,
        [
          rows.map((r) => r.id),
          rows.map((r) => clientNameKey(r.given_name, r.family_name, r.native_name)),
        ],
      );
      after = rows[rows.length - 1].id;
    }
    await q.query(
      `CREATE INDEX "client_name_key_trgm_idx" ON "client" USING gin (name_key gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX "client_date_of_birth_idx" ON "client" ("date_of_birth")`);
    await q.query(`CREATE INDEX "client_phone_idx" ON "client" ("phone")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."client_phone_idx"`);
    await q.query(`DROP INDEX "public"."client_date_of_birth_idx"`);
    await q.query(`DROP INDEX "public"."client_name_key_trgm_idx"`);
    await q.query(`ALTER TABLE "client" DROP COLUMN "merged_into_id"`);
    await q.query(`ALTER TABLE "client" DROP COLUMN "name_key"`);
    await q.query(`DROP INDEX "public"."client_merge_surviving_id_idx"`);
    await q.query(`DROP INDEX "public"."client_merge_merged_id_idx"`);
    await q.query(`DROP TABLE "client_merge"`);
  }
}
