import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case lists each ground once (`legal_case_grounds_distinct`). The statistics count a client with
 * one case in exactly its case's cells, once per ground (docs/decisions/0020): a ground listed twice
 * would count that person twice in the ground's cell. The cases service already keeps them
 * distinct (create and update take a set; adding a note's ground locks the case and checks it);
 * the constraint makes it hold for every writer. Cases written otherwise before it are repaired in
 * place (first occurrence kept, order kept) — an update, so the statistics' and the lists' triggers
 * see it like any other.
 */
export class CaseGroundsDistinct1768348800000 implements MigrationInterface {
  name = 'CaseGroundsDistinct1768348800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION grounds_distinct(grounds character varying[]) RETURNS boolean
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         RETURN cardinality(grounds) = (SELECT count(DISTINCT g) FROM unnest(grounds) AS g)`,
    );
    await q.query(
      `UPDATE legal_case SET grounds = ARRAY(
           SELECT g FROM unnest(grounds) WITH ORDINALITY AS u(g, i) GROUP BY g ORDER BY min(i)
         )::character varying[]
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
