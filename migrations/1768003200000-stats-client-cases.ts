import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many cases each client has (issue 22; docs/decisions/0020): `unit=persons` counts the cases
 * of the clients with one case as cases, and only the cases of the few clients with more than one
 * distinctly. Finding those few by counting every case took 0.8 s at a million; this count, kept by
 * triggers in the write's own transaction, finds them through a small partial index.
 *
 * Each change adds to the client's row by INSERT … ON CONFLICT DO UPDATE, clients in id order: the
 * row's lock makes concurrent changes to one client's cases add up (each waits for the other and
 * adds to its result), and the same order everywhere keeps two statements touching the same
 * clients from deadlocking. A row that drops to zero stays (a zero is not "more than one").
 * Never read for anything but "more than one": a client wrongly counted there would only be
 * counted the slow, exact way.
 */
export class StatsClientCases1768003200000 implements MigrationInterface {
  name = 'StatsClientCases1768003200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "stats_client_cases" ("client_id" uuid NOT NULL, "cases" integer NOT NULL, CONSTRAINT "stats_client_cases_pkey" PRIMARY KEY ("client_id"))`,
    );
    // Adds each client's change (a count, negative for cases gone) to its row.
    const add = (changes: string) =>
      `INSERT INTO stats_client_cases AS s (client_id, cases)
         SELECT client_id, sum(n)::int FROM (${changes}) AS change(client_id, n) GROUP BY client_id ORDER BY client_id
       ON CONFLICT (client_id) DO UPDATE SET cases = s.cases + excluded.cases`;
    await q.query(`CREATE FUNCTION stats_client_cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${add('SELECT client_id, 1 FROM stats_cc_new')};
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_client_cases_insert AFTER INSERT ON "legal_case" REFERENCING NEW TABLE AS stats_cc_new FOR EACH STATEMENT EXECUTE FUNCTION stats_client_cases_inserted()`,
    );
    await q.query(`CREATE FUNCTION stats_client_cases_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${add('SELECT client_id, -1 FROM stats_cc_old')};
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_client_cases_delete AFTER DELETE ON "legal_case" REFERENCING OLD TABLE AS stats_cc_old FOR EACH STATEMENT EXECUTE FUNCTION stats_client_cases_deleted()`,
    );
    // A case moved to another client (a merge): one fewer for the one, one more for the other.
    await q.query(`CREATE FUNCTION stats_client_cases_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${add('VALUES (OLD.client_id, -1), (NEW.client_id, 1)')};
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_client_cases_move AFTER UPDATE OF client_id ON "legal_case" FOR EACH ROW WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id) EXECUTE FUNCTION stats_client_cases_moved()`,
    );
    await q.query(`CREATE FUNCTION stats_client_cases_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE stats_client_cases;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_client_cases_truncate AFTER TRUNCATE ON "legal_case" FOR EACH STATEMENT EXECUTE FUNCTION stats_client_cases_truncated()`,
    );
    await q.query(
      `INSERT INTO stats_client_cases (client_id, cases) SELECT client_id, count(*)::int FROM legal_case GROUP BY client_id`,
    );
    // The clients with more than one case: what `unit=persons` reads.
    await q.query(
      `CREATE INDEX "stats_client_cases_several_idx" ON "stats_client_cases" ("client_id") WHERE cases > 1`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_client_cases_truncate ON "legal_case"`);
    await q.query(`DROP TRIGGER stats_client_cases_move ON "legal_case"`);
    await q.query(`DROP TRIGGER stats_client_cases_delete ON "legal_case"`);
    await q.query(`DROP TRIGGER stats_client_cases_insert ON "legal_case"`);
    await q.query(`DROP FUNCTION stats_client_cases_truncated()`);
    await q.query(`DROP FUNCTION stats_client_cases_moved()`);
    await q.query(`DROP FUNCTION stats_client_cases_deleted()`);
    await q.query(`DROP FUNCTION stats_client_cases_inserted()`);
    await q.query(`DROP TABLE "stats_client_cases"`);
  }
}
