import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `case_search` under concurrency. A case re-scoped (new assignee or team) rewrote its row with the
 * client's name as it read it, without a lock on the client: a rename committing in between left
 * the row with the old name for good (the rename's UPDATE of `case_search` waited for the case's
 * transaction, then found the old row gone and the new one outside its snapshot). The case trigger
 * now takes the client's row in share mode before reading its names, so a rename and a re-scoping of
 * the same client's case run one after the other. Both triggers now build rows from
 * `case_search_rows` alone (the client trigger had its own copy of the expression).
 */
export class CaseSearchLocking1765281600000 implements MigrationInterface {
  name = 'CaseSearchLocking1765281600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION case_search_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM 1 FROM client WHERE id = NEW.client_id FOR SHARE;
         DELETE FROM case_search WHERE case_id = NEW.id;
         INSERT INTO case_search SELECT * FROM case_search_rows(ARRAY[NEW.id]);
         RETURN NULL;
       END $$`,
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
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION case_search_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM case_search WHERE case_id = NEW.id;
         INSERT INTO case_search SELECT * FROM case_search_rows(ARRAY[NEW.id]);
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE OR REPLACE FUNCTION case_search_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE case_search SET client_text = NEW.given_name || ' ' || NEW.family_name || ' ' || NEW.reference, native_name = NEW.native_name
          WHERE client_id = NEW.id;
         RETURN NULL;
       END $$`,
    );
  }
}
