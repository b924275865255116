import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The client search finds people across scripts: "Dmitry" finds Dmitrii and Дмитрий through the
 * duplicate check's name key (`client.name_key`, shared/src/names/name-key.ts). Staff search within
 * their scope through `case_search` (1765022400000), so it carries the client's name key too, in the
 * same GIN index beside the scope columns: "this team's clients whose key holds dmitri" intersects
 * posting lists as the other search columns do. The triggers copy it as they copy the names (a key
 * changes with the names, in the same UPDATE; erasure blanks it).
 */
export class SearchNameKeys1767744000000 implements MigrationInterface {
  name = 'SearchNameKeys1767744000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_search" ADD "name_key" text NOT NULL DEFAULT ''`);
    // A function's result type cannot be replaced: dropped and made again (the triggers call it by name).
    await q.query(`DROP FUNCTION case_search_rows(uuid[])`);
    await q.query(
      `CREATE FUNCTION case_search_rows(case_ids uuid[]) RETURNS TABLE (
         case_id uuid, client_id uuid, team_id uuid, assigned_to_id uuid, case_reference text, client_text text, native_name text,
         name_key text
       ) LANGUAGE sql STABLE AS $$
         SELECT c.id, c.client_id, c.team_id, c.assigned_to_id, c.reference,
                cl.given_name || ' ' || cl.family_name || ' ' || cl.reference, cl.native_name, cl.name_key
           FROM legal_case c JOIN client cl ON cl.id = c.client_id
          WHERE c.id = ANY (case_ids)
       $$`,
    );
    await q.query(
      `CREATE OR REPLACE FUNCTION case_search_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE case_search s SET client_text = r.client_text, native_name = r.native_name, name_key = r.name_key
           FROM case_search_rows(ARRAY(SELECT case_id FROM case_search WHERE client_id = NEW.id)) r
          WHERE s.case_id = r.case_id;
         RETURN NULL;
       END $$`,
    );
    await q.query(`DROP TRIGGER case_search_client_update ON client`);
    await q.query(
      `CREATE TRIGGER case_search_client_update AFTER UPDATE OF given_name, family_name, reference, native_name, name_key ON client
         FOR EACH ROW WHEN (OLD.given_name IS DISTINCT FROM NEW.given_name OR OLD.family_name IS DISTINCT FROM NEW.family_name
                            OR OLD.reference IS DISTINCT FROM NEW.reference OR OLD.native_name IS DISTINCT FROM NEW.native_name
                            OR OLD.name_key IS DISTINCT FROM NEW.name_key)
         EXECUTE FUNCTION case_search_client_changed()`,
    );
    await q.query(
      `UPDATE case_search s SET name_key = cl.name_key FROM client cl WHERE cl.id = s.client_id AND cl.name_key <> ''`,
    );
    await q.query(`DROP INDEX "case_search_scope_trgm_idx"`);
    await q.query(
      `CREATE INDEX "case_search_scope_trgm_idx" ON "case_search" USING gin
         ("team_id", "assigned_to_id", "case_reference" gin_trgm_ops, "client_text" gin_trgm_ops, "native_name" gin_trgm_ops,
          "name_key" gin_trgm_ops)
         WITH (gin_pending_list_limit = 256)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "case_search_scope_trgm_idx"`);
    await q.query(`DROP TRIGGER case_search_client_update ON client`);
    await q.query(
      `CREATE TRIGGER case_search_client_update AFTER UPDATE OF given_name, family_name, reference, native_name ON client
         FOR EACH ROW WHEN (OLD.given_name IS DISTINCT FROM NEW.given_name OR OLD.family_name IS DISTINCT FROM NEW.family_name
                            OR OLD.reference IS DISTINCT FROM NEW.reference OR OLD.native_name IS DISTINCT FROM NEW.native_name)
         EXECUTE FUNCTION case_search_client_changed()`,
    );
    await q.query(
      `CREATE OR REPLACE FUNCTION case_search_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE case_search s SET client_text = r.client_text, native_name = r.native_name
           FROM case_search_rows(ARRAY(SELECT case_id FROM case_search WHERE client_id = NEW.id)) r
          WHERE s.case_id = r.case_id;
         RETURN NULL;
       END $$`,
    );
    await q.query(`DROP FUNCTION case_search_rows(uuid[])`);
    await q.query(`ALTER TABLE "case_search" DROP COLUMN "name_key"`);
    await q.query(
      `CREATE FUNCTION case_search_rows(case_ids uuid[]) RETURNS TABLE (
         case_id uuid, client_id uuid, team_id uuid, assigned_to_id uuid, case_reference text, client_text text, native_name text
       ) LANGUAGE sql STABLE AS $$
         SELECT c.id, c.client_id, c.team_id, c.assigned_to_id, c.reference,
                cl.given_name || ' ' || cl.family_name || ' ' || cl.reference, cl.native_name
           FROM legal_case c JOIN client cl ON cl.id = c.client_id
          WHERE c.id = ANY (case_ids)
       $$`,
    );
    await q.query(
      `CREATE INDEX "case_search_scope_trgm_idx" ON "case_search" USING gin
         ("team_id", "assigned_to_id", "case_reference" gin_trgm_ops, "client_text" gin_trgm_ops, "native_name" gin_trgm_ops)
         WITH (gin_pending_list_limit = 256)`,
    );
  }
}
