import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of a case the statistics' dimensions and scopes read (as 1766966400000's). */
const CASE_COLUMNS = [
  'opened_on',
  'decision_served_on',
  'jurisdiction',
  'case_type',
  'stage',
  'outcome',
  'grounds',
  'team_id',
];
/** Its client's, and the client's record key (its person's key in `unit=persons`). */
const CLIENT_COLUMNS = ['nationality', 'sex', 'date_of_birth', 'consent'];
const COLUMNS = `case_id, client_id, client_stat_key, ${[...CASE_COLUMNS, ...CLIENT_COLUMNS].join(', ')}`;
const VALUES = `c.id, c.client_id, cl.stat_key, ${CASE_COLUMNS.map((column) => `c.${column}`).join(', ')}, ${CLIENT_COLUMNS.map((column) => `cl.${column}`).join(', ')}`;
const distinct = (columns: string[]) =>
  columns.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ');
const assign = (columns: string[]) =>
  columns.map((column) => `${column} = NEW.${column}`).join(', ');

/**
 * The cases of the clients with more than one case, each with its client's columns and key
 * (issue 22; docs/decisions/0026): what `unit=persons` counts distinctly, read in one sequential
 * scan of a narrow table instead of one random heap page per client and per case
 * (statistics.queries.ts, `multiCaseClientsSql`). Kept by triggers in the write's own transaction,
 * so a statement sees it exactly as it sees the cases: `stats_multi_case` holds, at every commit,
 * exactly the cases whose client has two or more, with that client's current columns.
 *
 * - A case inserted, deleted or moved to another client (a merge, its undo): each client it
 *   touches is re-copied whole (`stats_multi_case_sync`) — its rows deleted, and its cases written
 *   again if it has more than one. So a client's rows appear with its second case and go when it
 *   is back to one.
 * - A change to a case's dimension columns: its row, if any, follows (the case's columns only).
 * - A change to a client's dimension columns or key: its rows follow (the client's columns only).
 *
 * Concurrency (READ COMMITTED: each statement of a trigger reads what is committed when it
 * starts). One lock per client serialises everything that writes its rows here: its
 * `stats_client_cases` row. A re-copy takes it exclusively (an upsert, so a client without one
 * gets one, with no cases yet: the count's own trigger adds to it next), a case's change FOR
 * SHARE (changes to a client's cases run side by side, each writing its own row; a re-copy waits
 * for them and they for it). Before it, each takes the client's row FOR SHARE, which a client's
 * UPDATE holds exclusively: a client change and a case change or re-copy are applied one after
 * the other. So every path takes, per client and in id order, the client's row, then its count
 * row, and only then reads: the re-copy reads the cases as committed after the lock (whatever
 * changed them before has committed; whatever changes them next waits for it and then updates
 * the row it wrote). It never waits for a case row, which another transaction may hold while it
 * needs a row this one holds (a team move of many cases, a case changed then another inserted).
 *
 * The triggers on `legal_case` are named `case_copy_…` so that they fire before the other
 * triggers of the same event (name order: `case_copy_` < `case_list_total_` < `case_search_` <
 * `client_reach_` < `stats_…`): the per-client locks are taken before the shared counters
 * (`case_list_total`, `client_reach`, the rollup's), never after, whatever the statement.
 *
 * The runtime role only reads this table (database/roles.ts): the trigger functions write it as
 * their owner (SECURITY DEFINER, a fixed search path, no EXECUTE for PUBLIC but the re-copy's),
 * as the kept list totals are written (1768262400000).
 */
/** The functions that write the copy: as their owner (the runtime role may only read it). */
const KEPT_BY_OWNER = [
  'stats_multi_case_sync(uuid[])',
  'stats_multi_case_inserted()',
  'stats_multi_case_deleted()',
  'stats_multi_case_moved()',
  'stats_multi_case_case_changed()',
  'stats_multi_case_client_changed()',
  'stats_multi_case_truncated()',
];

export class StatsMultiCaseCopy1768435200000 implements MigrationInterface {
  name = 'StatsMultiCaseCopy1768435200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "stats_multi_case" ("case_id" uuid NOT NULL, "client_id" uuid NOT NULL, "client_stat_key" integer NOT NULL, "opened_on" date NOT NULL, "decision_served_on" date, "jurisdiction" character(2) NOT NULL, "case_type" "case_type" NOT NULL, "stage" "case_stage" NOT NULL, "outcome" "case_outcome", "grounds" character varying(40) array NOT NULL, "team_id" uuid NOT NULL, "nationality" character(2) NOT NULL, "sex" "client_sex" NOT NULL, "date_of_birth" date, "consent" jsonb, CONSTRAINT "stats_multi_case_pkey" PRIMARY KEY ("case_id"))`,
    );
    await q.query(`CREATE INDEX "stats_multi_case_client_idx" ON "stats_multi_case" ("client_id")`);
    // Re-copies the given clients whole. Locks first, each in id order: the clients' rows FOR
    // SHARE, then their count rows (created if missing, at zero); then it reads their cases as
    // committed after those locks.
    await q.query(`CREATE FUNCTION stats_multi_case_sync(clients uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM client WHERE id = ANY (clients) ORDER BY id FOR SHARE;
        INSERT INTO stats_client_cases AS s (client_id, cases)
        SELECT DISTINCT id, 0 FROM unnest(clients) AS id ORDER BY id
        ON CONFLICT (client_id) DO UPDATE SET cases = s.cases;
        DELETE FROM stats_multi_case WHERE client_id = ANY (clients);
        INSERT INTO stats_multi_case (${COLUMNS})
        SELECT ${VALUES} FROM legal_case c JOIN client cl ON cl.id = c.client_id
         WHERE c.client_id IN (SELECT client_id FROM legal_case WHERE client_id = ANY (clients)
                                GROUP BY client_id HAVING count(*) > 1);
      END $$`);
    await q.query(`CREATE FUNCTION stats_multi_case_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM stats_multi_case_sync(ARRAY(SELECT DISTINCT client_id FROM stats_mc_new));
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER case_copy_insert AFTER INSERT ON "legal_case" REFERENCING NEW TABLE AS stats_mc_new FOR EACH STATEMENT EXECUTE FUNCTION stats_multi_case_inserted()`,
    );
    await q.query(`CREATE FUNCTION stats_multi_case_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM stats_multi_case_sync(ARRAY(SELECT DISTINCT client_id FROM stats_mc_old));
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER case_copy_delete AFTER DELETE ON "legal_case" REFERENCING OLD TABLE AS stats_mc_old FOR EACH STATEMENT EXECUTE FUNCTION stats_multi_case_deleted()`,
    );
    await q.query(`CREATE FUNCTION stats_multi_case_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM stats_multi_case_sync(ARRAY[OLD.client_id, NEW.client_id]);
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER case_copy_move AFTER UPDATE OF client_id ON "legal_case" FOR EACH ROW WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id) EXECUTE FUNCTION stats_multi_case_moved()`,
    );
    await q.query(`CREATE FUNCTION stats_multi_case_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM client WHERE id = NEW.client_id FOR SHARE;
        PERFORM 1 FROM stats_client_cases WHERE client_id = NEW.client_id FOR SHARE;
        UPDATE stats_multi_case SET ${assign(CASE_COLUMNS)} WHERE case_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER case_copy_update AFTER UPDATE OF ${CASE_COLUMNS.join(', ')} ON "legal_case" FOR EACH ROW WHEN (${distinct(CASE_COLUMNS)}) EXECUTE FUNCTION stats_multi_case_case_changed()`,
    );
    // The client's row is held by its UPDATE until commit: a case's trigger waits for it.
    const clientColumns = [...CLIENT_COLUMNS, 'stat_key'];
    await q.query(`CREATE FUNCTION stats_multi_case_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE stats_multi_case SET ${assign(CLIENT_COLUMNS)}, client_stat_key = NEW.stat_key WHERE client_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER stats_multi_case_client_update AFTER UPDATE OF ${clientColumns.join(', ')} ON "client" FOR EACH ROW WHEN (${distinct(clientColumns)}) EXECUTE FUNCTION stats_multi_case_client_changed()`,
    );
    await q.query(`CREATE FUNCTION stats_multi_case_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE stats_multi_case;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER case_copy_truncate AFTER TRUNCATE ON "legal_case" FOR EACH STATEMENT EXECUTE FUNCTION stats_multi_case_truncated()`,
    );
    // The backfill, in the migration's transaction, from the cases themselves (not from
    // `stats_client_cases`, which only the triggers keep): the triggers above exist, but no write
    // runs before it commits (the table is new; a write waits for nothing here, and sees no row of
    // it until then — the server starts after its migrations).
    await q.query(
      `INSERT INTO stats_multi_case (${COLUMNS})
       SELECT ${VALUES} FROM legal_case c JOIN client cl ON cl.id = c.client_id
        WHERE c.client_id IN (SELECT client_id FROM legal_case GROUP BY client_id HAVING count(*) > 1)`,
    );
    for (const fn of KEPT_BY_OWNER) {
      await q.query(`ALTER FUNCTION ${fn} SECURITY DEFINER SET search_path = pg_catalog, public`);
      // The re-copy stays callable (`stats:rebuild-rollup` runs it as the runtime role for the
      // clients whose rows differ): it can only set a client's rows to what the cases say.
      if (fn !== 'stats_multi_case_sync(uuid[])')
        await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
    await q.query(`ANALYZE stats_multi_case`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER case_copy_truncate ON "legal_case"`);
    await q.query(`DROP TRIGGER stats_multi_case_client_update ON "client"`);
    await q.query(`DROP TRIGGER case_copy_update ON "legal_case"`);
    await q.query(`DROP TRIGGER case_copy_move ON "legal_case"`);
    await q.query(`DROP TRIGGER case_copy_delete ON "legal_case"`);
    await q.query(`DROP TRIGGER case_copy_insert ON "legal_case"`);
    await q.query(`DROP FUNCTION stats_multi_case_truncated()`);
    await q.query(`DROP FUNCTION stats_multi_case_client_changed()`);
    await q.query(`DROP FUNCTION stats_multi_case_case_changed()`);
    await q.query(`DROP FUNCTION stats_multi_case_moved()`);
    await q.query(`DROP FUNCTION stats_multi_case_deleted()`);
    await q.query(`DROP FUNCTION stats_multi_case_inserted()`);
    await q.query(`DROP FUNCTION stats_multi_case_sync(uuid[])`);
    await q.query(`DROP TABLE "stats_multi_case"`);
  }
}
