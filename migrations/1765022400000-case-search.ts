import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Searching within a scope. A supervisor's or caseworker's search ("sokolov") used the trigram
 * indexes of `client`, which know nothing of teams: a common surname matched ~3 700 clients of all
 * teams at 100 000 cases, each fetched and rechecked, to keep the 38 of the caller's team (30 ms of
 * PostgreSQL per search, the worst figure of the benchmark under load).
 *
 * `case_search` holds, per case, what a search matches — the case's reference and its client's names
 * and reference, the same expressions the lists search — beside the columns access is decided on
 * (`team_id`, `assigned_to_id`). One GIN index over all of them (`btree_gin` for the uuids) answers
 * "this team's (or this caseworker's) cases whose client is called …" by intersecting posting lists,
 * so only rows of the caller's scope are rechecked. Triggers keep it exact: a case inserted (per
 * statement, so bulk inserts stay bulk), re-scoped, moved to another client (merges) or deleted
 * (cascade), and a client renamed. It is derived data: names already stand in `client` in the clear
 * (they are searched); nothing encrypted is copied.
 */
export class CaseSearch1765022400000 implements MigrationInterface {
  name = 'CaseSearch1765022400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await q.query(
      `CREATE TABLE "case_search" (
         "case_id" uuid PRIMARY KEY REFERENCES "legal_case" ("id") ON DELETE CASCADE,
         "client_id" uuid NOT NULL,
         "team_id" uuid NOT NULL,
         "assigned_to_id" uuid,
         "case_reference" text NOT NULL,
         "client_text" text NOT NULL,
         "native_name" text
       )`,
    );
    await q.query(`CREATE INDEX "case_search_client_idx" ON "case_search" ("client_id")`);

    // The one definition of a row, used by the triggers and the backfill.
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
      `CREATE FUNCTION case_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO case_search SELECT * FROM case_search_rows(ARRAY(SELECT id FROM inserted_cases));
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER case_search_insert AFTER INSERT ON legal_case
         REFERENCING NEW TABLE AS inserted_cases FOR EACH STATEMENT EXECUTE FUNCTION case_search_inserted()`,
    );
    await q.query(
      `CREATE FUNCTION case_search_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM case_search WHERE case_id = NEW.id;
         INSERT INTO case_search SELECT * FROM case_search_rows(ARRAY[NEW.id]);
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER case_search_case_update AFTER UPDATE OF client_id, team_id, assigned_to_id, reference ON legal_case
         FOR EACH ROW WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id OR OLD.team_id IS DISTINCT FROM NEW.team_id
                            OR OLD.assigned_to_id IS DISTINCT FROM NEW.assigned_to_id OR OLD.reference IS DISTINCT FROM NEW.reference)
         EXECUTE FUNCTION case_search_case_changed()`,
    );
    await q.query(
      `CREATE FUNCTION case_search_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE case_search SET client_text = NEW.given_name || ' ' || NEW.family_name || ' ' || NEW.reference, native_name = NEW.native_name
          WHERE client_id = NEW.id;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER case_search_client_update AFTER UPDATE OF given_name, family_name, reference, native_name ON client
         FOR EACH ROW WHEN (OLD.given_name IS DISTINCT FROM NEW.given_name OR OLD.family_name IS DISTINCT FROM NEW.family_name
                            OR OLD.reference IS DISTINCT FROM NEW.reference OR OLD.native_name IS DISTINCT FROM NEW.native_name)
         EXECUTE FUNCTION case_search_client_changed()`,
    );

    await q.query(
      `INSERT INTO case_search SELECT * FROM case_search_rows(ARRAY(SELECT id FROM legal_case))`,
    );
    await q.query(
      `CREATE INDEX "case_search_scope_trgm_idx" ON "case_search" USING gin
         ("team_id", "assigned_to_id", "case_reference" gin_trgm_ops, "client_text" gin_trgm_ops, "native_name" gin_trgm_ops)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_search_client_update ON client`);
    await q.query(`DROP TRIGGER case_search_case_update ON legal_case`);
    await q.query(`DROP TRIGGER case_search_insert ON legal_case`);
    await q.query(`DROP TABLE "case_search"`);
    await q.query(`DROP FUNCTION case_search_client_changed()`);
    await q.query(`DROP FUNCTION case_search_case_changed()`);
    await q.query(`DROP FUNCTION case_search_inserted()`);
    await q.query(`DROP FUNCTION case_search_rows(uuid[])`);
  }
}
