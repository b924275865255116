import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case lists each ground once (`legal_case_grounds_distinct`). The statistics count a client with
 * one case in exactly its case's cells, once per ground (docs/decisions/0020): a ground listed twice
 * would count that person twice in the ground's cell. The cases service already keeps them
 * distinct (create and update take a set; adding a note's ground locks the case and checks it);
 * the constraint makes it hold for every writer. Cases written otherwise before it are repaired in
 * place (first occurrence kept, order kept, NULLs dropped) — an update, so the statistics' and the
 * lists' triggers see it like any other, and the case's version moves. (A SQL body in quotes, not a
 * RETURN clause: PostgreSQL 13 has none.)
 */
export class CaseGroundsDistinct1768348800000 implements MigrationInterface {
  name = 'CaseGroundsDistinct1768348800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      // A NULL element counts as a value of its own (count(g) would skip it and refuse the row).
      `CREATE FUNCTION grounds_distinct(grounds character varying[]) RETURNS boolean
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         AS $$ SELECT cardinality(grounds) = (SELECT count(DISTINCT coalesce(g, '')) FROM unnest(grounds) AS g) $$`,
    );
    await q.query(
      // Its version moves, so an edit form open on the old grounds is refused, not obeyed.
      `UPDATE legal_case SET grounds = ARRAY(
           SELECT g FROM unnest(grounds) WITH ORDINALITY AS u(g, i) WHERE g IS NOT NULL GROUP BY g ORDER BY min(i)
         )::character varying[], version = version + 1
       WHERE NOT grounds_distinct(grounds)`,
    );
    await q.query(
      `ALTER TABLE legal_case ADD CONSTRAINT "legal_case_grounds_distinct" CHECK (grounds_distinct(grounds))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE legal_case DROP CONSTRAINT "legal_case_grounds_distinct"`);
    await q.query(`DROP FUNCTION grounds_distinct(character varying[])`);
  }
}
