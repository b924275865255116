import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * List totals kept by writes (issue 19, docs/decisions/0019). Every list answers an exact `total`;
 * counting it per request (`count(*)` of the list's scope and filters) cost more than the page at
 * 100 000 cases for the admin's lists, and at 1 000 000 the admin's client list counted every
 * client on every request.
 *
 * `case_list_total` holds how many cases there are per (team, assignee, stage): the columns the case
 * list's scope (access/AccessService.cases) and its kept filters (stage, teamId, assignedToId) read,
 * under the same names, so the list sums the rows its scope and filters select. An unassigned
 * case counts under the nil uuid (no caseworker has it, so no caseworker's scope selects it).
 * `client_list_total` holds how many clients the admin's list shows (not merged into another),
 * spread over 16 shards by the client's id so concurrent intakes do not queue on one row.
 *
 * Statement triggers on `legal_case` and `client` keep both in the writing transaction: the change
 * of each statement grouped per row of the total (one upsert, in key order), so a bulk insert
 * (the seed) stays one statement and two writers lock rows of the totals in the same order. TRUNCATE
 * empties them. The backfill counts the tables once, under a lock that holds writers back.
 */
export class ListTotals1767916800000 implements MigrationInterface {
  name = 'ListTotals1767916800000';

  public async up(q: QueryRunner): Promise<void> {
    // In the order the writers take them (a client, then its case); writes wait for the backfill.
    await q.query(`LOCK TABLE "client", "legal_case" IN SHARE MODE`);
    await q.query(
      `CREATE TABLE "case_list_total" (
         "team_id" uuid NOT NULL,
         "assigned_to_id" uuid NOT NULL,
         "stage" "case_stage" NOT NULL,
         "cases" integer NOT NULL,
         CONSTRAINT "case_list_total_pkey" PRIMARY KEY ("team_id", "assigned_to_id", "stage")
       )`,
    );
    await q.query(
      `CREATE TABLE "client_list_total" (
         "shard" smallint NOT NULL,
         "clients" integer NOT NULL,
         CONSTRAINT "client_list_total_pkey" PRIMARY KEY ("shard")
       )`,
    );

    await q.query(
      `CREATE TABLE "client_reach" (
         "team_id" uuid NOT NULL,
         "assigned_to_id" uuid NOT NULL,
         "client_id" uuid NOT NULL,
         "cases" integer NOT NULL,
         CONSTRAINT "client_reach_pkey" PRIMARY KEY ("team_id", "assigned_to_id", "client_id")
       )`,
    );
    await q.query(`CREATE INDEX "client_reach_client_idx" ON "client_reach" ("client_id")`);
    await q.query(
      `CREATE TABLE "client_team_total" (
         "team_id" uuid NOT NULL,
         "clients" integer NOT NULL,
         CONSTRAINT "client_team_total_pkey" PRIMARY KEY ("team_id")
       )`,
    );
    await q.query(
      `CREATE TABLE "client_assignee_total" (
         "team_id" uuid NOT NULL,
         "assigned_to_id" uuid NOT NULL,
         "clients" integer NOT NULL,
         CONSTRAINT "client_assignee_total_pkey" PRIMARY KEY ("team_id", "assigned_to_id")
       )`,
    );

    // Cases: the statement's rows grouped per (team, assignee, stage), +1 for each new row, -1 for
    // each old one; groups whose change nets to nothing (an update of other columns) are left alone.
    await q.query(
      `CREATE FUNCTION case_list_total_kept() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           INSERT INTO case_list_total AS t (team_id, assigned_to_id, stage, cases)
           SELECT team_id, coalesce(assigned_to_id, '00000000-0000-0000-0000-000000000000'), stage, count(*)
             FROM new_cases GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
           ON CONFLICT (team_id, assigned_to_id, stage) DO UPDATE SET cases = t.cases + EXCLUDED.cases;
         ELSIF TG_OP = 'DELETE' THEN
           INSERT INTO case_list_total AS t (team_id, assigned_to_id, stage, cases)
           SELECT team_id, coalesce(assigned_to_id, '00000000-0000-0000-0000-000000000000'), stage, -count(*)
             FROM old_cases GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
           ON CONFLICT (team_id, assigned_to_id, stage) DO UPDATE SET cases = t.cases + EXCLUDED.cases;
         ELSE
           INSERT INTO case_list_total AS t (team_id, assigned_to_id, stage, cases)
           SELECT team_id, assigned_to_id, stage, sum(change)
             FROM (SELECT team_id, coalesce(assigned_to_id, '00000000-0000-0000-0000-000000000000') AS assigned_to_id, stage, 1 AS change FROM new_cases
                   UNION ALL
                   SELECT team_id, coalesce(assigned_to_id, '00000000-0000-0000-0000-000000000000'), stage, -1 FROM old_cases) changes
            GROUP BY 1, 2, 3 HAVING sum(change) <> 0 ORDER BY 1, 2, 3
           ON CONFLICT (team_id, assigned_to_id, stage) DO UPDATE SET cases = t.cases + EXCLUDED.cases;
         END IF;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER case_list_total_insert AFTER INSERT ON legal_case
         REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION case_list_total_kept()`,
    );
    await q.query(
      `CREATE TRIGGER case_list_total_update AFTER UPDATE ON legal_case
         REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION case_list_total_kept()`,
    );
    await q.query(
      `CREATE TRIGGER case_list_total_delete AFTER DELETE ON legal_case
         REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION case_list_total_kept()`,
    );

    // A scoped client list shows the clients of the caller's cases: a client counts once however
    // many of them there are. `client_reach` holds how many cases each client has per team (under the
    // nil uuid) and per (team, caseworker); a client enters a team's or a caseworker's total when
    // their first case there arrives and leaves it with the last, if not merged into another (a
    // merge locks both clients FOR UPDATE, which waits for a case being inserted for either).
    await q.query(
      `CREATE FUNCTION client_reach_apply(moved client_reach[]) RETURNS void LANGUAGE sql AS $$
         WITH reached AS (
           INSERT INTO client_reach AS r (team_id, assigned_to_id, client_id, cases)
           SELECT team_id, assigned_to_id, client_id, cases FROM unnest(moved) ORDER BY 1, 2, 3
           ON CONFLICT (team_id, assigned_to_id, client_id) DO UPDATE SET cases = r.cases + EXCLUDED.cases
           RETURNING r.team_id, r.assigned_to_id, r.client_id, r.cases AS after
         ), flipped AS (
           SELECT reached.team_id, reached.assigned_to_id, sum(CASE WHEN after = 0 THEN -1 ELSE 1 END)::int AS change
             FROM reached
             JOIN unnest(moved) m USING (team_id, assigned_to_id, client_id)
             JOIN client c ON c.id = reached.client_id
            WHERE c.merged_into_id IS NULL AND (after - m.cases = 0) <> (after = 0)
            GROUP BY 1, 2 HAVING sum(CASE WHEN after = 0 THEN -1 ELSE 1 END) <> 0
         ), team AS (
           INSERT INTO client_team_total AS t (team_id, clients)
           SELECT team_id, change FROM flipped WHERE assigned_to_id = '00000000-0000-0000-0000-000000000000' ORDER BY 1
           ON CONFLICT (team_id) DO UPDATE SET clients = t.clients + EXCLUDED.clients
         )
         INSERT INTO client_assignee_total AS t (team_id, assigned_to_id, clients)
         SELECT team_id, assigned_to_id, change FROM flipped WHERE assigned_to_id <> '00000000-0000-0000-0000-000000000000' ORDER BY 1, 2
         ON CONFLICT (team_id, assigned_to_id) DO UPDATE SET clients = t.clients + EXCLUDED.clients
       $$`,
    );
    await q.query(
      `CREATE FUNCTION client_reach_kept() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         moved client_reach[];
       BEGIN
         IF TG_OP = 'INSERT' THEN
           moved := ARRAY(
             SELECT ROW(team_id, assigned_to_id, client_id, count(*))::client_reach FROM (
               SELECT team_id, '00000000-0000-0000-0000-000000000000'::uuid AS assigned_to_id, client_id FROM new_cases
               UNION ALL SELECT team_id, assigned_to_id, client_id FROM new_cases WHERE assigned_to_id IS NOT NULL) reach
             GROUP BY team_id, assigned_to_id, client_id);
         ELSIF TG_OP = 'DELETE' THEN
           moved := ARRAY(
             SELECT ROW(team_id, assigned_to_id, client_id, -count(*))::client_reach FROM (
               SELECT team_id, '00000000-0000-0000-0000-000000000000'::uuid AS assigned_to_id, client_id FROM old_cases
               UNION ALL SELECT team_id, assigned_to_id, client_id FROM old_cases WHERE assigned_to_id IS NOT NULL) reach
             GROUP BY team_id, assigned_to_id, client_id);
         ELSE
           moved := ARRAY(
             SELECT ROW(team_id, assigned_to_id, client_id, sum(change))::client_reach FROM (
               SELECT team_id, '00000000-0000-0000-0000-000000000000'::uuid AS assigned_to_id, client_id, 1 AS change FROM new_cases
               UNION ALL SELECT team_id, assigned_to_id, client_id, 1 FROM new_cases WHERE assigned_to_id IS NOT NULL
               UNION ALL SELECT team_id, '00000000-0000-0000-0000-000000000000'::uuid, client_id, -1 FROM old_cases
               UNION ALL SELECT team_id, assigned_to_id, client_id, -1 FROM old_cases WHERE assigned_to_id IS NOT NULL) reach
             GROUP BY team_id, assigned_to_id, client_id HAVING sum(change) <> 0);
         END IF;
         IF cardinality(moved) > 0 THEN
           PERFORM client_reach_apply(moved);
         END IF;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER client_reach_insert AFTER INSERT ON legal_case
         REFERENCING NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION client_reach_kept()`,
    );
    await q.query(
      `CREATE TRIGGER client_reach_update AFTER UPDATE ON legal_case
         REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases FOR EACH STATEMENT EXECUTE FUNCTION client_reach_kept()`,
    );
    await q.query(
      `CREATE TRIGGER client_reach_delete AFTER DELETE ON legal_case
         REFERENCING OLD TABLE AS old_cases FOR EACH STATEMENT EXECUTE FUNCTION client_reach_kept()`,
    );
    // A client merged into another leaves every scoped total they are in; a merge undone returns.
    // (A client is inserted before their cases and deleted after them: nothing to do then.)
    await q.query(
      `CREATE FUNCTION client_reach_merged() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         WITH flips AS (
           SELECT id, sum(change)::int AS change FROM (
             SELECT id, 1 AS change FROM new_clients WHERE merged_into_id IS NULL
             UNION ALL SELECT id, -1 FROM old_clients WHERE merged_into_id IS NULL) changes
           GROUP BY id HAVING sum(change) <> 0
         ), moved AS (
           SELECT r.team_id, r.assigned_to_id, sum(f.change)::int AS change
             FROM flips f JOIN client_reach r ON r.client_id = f.id AND r.cases > 0
            GROUP BY 1, 2
         ), team AS (
           INSERT INTO client_team_total AS t (team_id, clients)
           SELECT team_id, change FROM moved WHERE assigned_to_id = '00000000-0000-0000-0000-000000000000' ORDER BY 1
           ON CONFLICT (team_id) DO UPDATE SET clients = t.clients + EXCLUDED.clients
         )
         INSERT INTO client_assignee_total AS t (team_id, assigned_to_id, clients)
         SELECT team_id, assigned_to_id, change FROM moved WHERE assigned_to_id <> '00000000-0000-0000-0000-000000000000' ORDER BY 1, 2
         ON CONFLICT (team_id, assigned_to_id) DO UPDATE SET clients = t.clients + EXCLUDED.clients;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER client_reach_merged AFTER UPDATE ON client
         REFERENCING OLD TABLE AS old_clients NEW TABLE AS new_clients FOR EACH STATEMENT EXECUTE FUNCTION client_reach_merged()`,
    );

    // Clients: those not merged into another, per shard of their id.
    await q.query(
      `CREATE FUNCTION client_list_total_kept() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           INSERT INTO client_list_total AS t (shard, clients)
           SELECT hashtext(id::text) & 15, count(*) FROM new_clients WHERE merged_into_id IS NULL
            GROUP BY 1 ORDER BY 1
           ON CONFLICT (shard) DO UPDATE SET clients = t.clients + EXCLUDED.clients;
         ELSIF TG_OP = 'DELETE' THEN
           INSERT INTO client_list_total AS t (shard, clients)
           SELECT hashtext(id::text) & 15, -count(*) FROM old_clients WHERE merged_into_id IS NULL
            GROUP BY 1 ORDER BY 1
           ON CONFLICT (shard) DO UPDATE SET clients = t.clients + EXCLUDED.clients;
         ELSE
           INSERT INTO client_list_total AS t (shard, clients)
           SELECT hashtext(id::text) & 15, sum(change)
             FROM (SELECT id, 1 AS change FROM new_clients WHERE merged_into_id IS NULL
                   UNION ALL
                   SELECT id, -1 FROM old_clients WHERE merged_into_id IS NULL) changes
            GROUP BY 1 HAVING sum(change) <> 0 ORDER BY 1
           ON CONFLICT (shard) DO UPDATE SET clients = t.clients + EXCLUDED.clients;
         END IF;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER client_list_total_insert AFTER INSERT ON client
         REFERENCING NEW TABLE AS new_clients FOR EACH STATEMENT EXECUTE FUNCTION client_list_total_kept()`,
    );
    await q.query(
      `CREATE TRIGGER client_list_total_update AFTER UPDATE ON client
         REFERENCING OLD TABLE AS old_clients NEW TABLE AS new_clients FOR EACH STATEMENT EXECUTE FUNCTION client_list_total_kept()`,
    );
    await q.query(
      `CREATE TRIGGER client_list_total_delete AFTER DELETE ON client
         REFERENCING OLD TABLE AS old_clients FOR EACH STATEMENT EXECUTE FUNCTION client_list_total_kept()`,
    );

    // TRUNCATE fires no row or statement trigger above; it empties the totals with the table.
    await q.query(
      `CREATE FUNCTION list_totals_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_TABLE_NAME = 'legal_case' THEN
           DELETE FROM case_list_total;
           DELETE FROM client_reach;
           DELETE FROM client_team_total;
           DELETE FROM client_assignee_total;
         ELSE
           DELETE FROM client_list_total;
         END IF;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER case_list_total_truncate AFTER TRUNCATE ON legal_case
         FOR EACH STATEMENT EXECUTE FUNCTION list_totals_truncated()`,
    );
    await q.query(
      `CREATE TRIGGER client_list_total_truncate AFTER TRUNCATE ON client
         FOR EACH STATEMENT EXECUTE FUNCTION list_totals_truncated()`,
    );

    await q.query(
      `INSERT INTO case_list_total (team_id, assigned_to_id, stage, cases)
       SELECT team_id, coalesce(assigned_to_id, '00000000-0000-0000-0000-000000000000'), stage, count(*)
         FROM legal_case GROUP BY 1, 2, 3`,
    );
    await q.query(
      `INSERT INTO client_reach (team_id, assigned_to_id, client_id, cases)
       SELECT team_id, '00000000-0000-0000-0000-000000000000', client_id, count(*) FROM legal_case GROUP BY 1, 3
       UNION ALL
       SELECT team_id, assigned_to_id, client_id, count(*) FROM legal_case WHERE assigned_to_id IS NOT NULL GROUP BY 1, 2, 3`,
    );
    await q.query(
      `INSERT INTO client_team_total (team_id, clients)
       SELECT r.team_id, count(*) FROM client_reach r JOIN client c ON c.id = r.client_id
        WHERE c.merged_into_id IS NULL AND r.assigned_to_id = '00000000-0000-0000-0000-000000000000' GROUP BY 1`,
    );
    await q.query(
      `INSERT INTO client_assignee_total (team_id, assigned_to_id, clients)
       SELECT r.team_id, r.assigned_to_id, count(*) FROM client_reach r JOIN client c ON c.id = r.client_id
        WHERE c.merged_into_id IS NULL AND r.assigned_to_id <> '00000000-0000-0000-0000-000000000000' GROUP BY 1, 2`,
    );
    await q.query(
      `INSERT INTO client_list_total (shard, clients)
       SELECT hashtext(id::text) & 15, count(*) FROM client WHERE merged_into_id IS NULL GROUP BY 1`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER client_list_total_truncate ON client`);
    await q.query(`DROP TRIGGER case_list_total_truncate ON legal_case`);
    await q.query(`DROP FUNCTION list_totals_truncated()`);
    await q.query(`DROP TRIGGER client_reach_merged ON client`);
    await q.query(`DROP FUNCTION client_reach_merged()`);
    await q.query(`DROP TRIGGER client_reach_delete ON legal_case`);
    await q.query(`DROP TRIGGER client_reach_update ON legal_case`);
    await q.query(`DROP TRIGGER client_reach_insert ON legal_case`);
    await q.query(`DROP FUNCTION client_reach_kept()`);
    await q.query(`DROP FUNCTION client_reach_apply(client_reach[])`);
    await q.query(`DROP TRIGGER client_list_total_delete ON client`);
    await q.query(`DROP TRIGGER client_list_total_update ON client`);
    await q.query(`DROP TRIGGER client_list_total_insert ON client`);
    await q.query(`DROP FUNCTION client_list_total_kept()`);
    await q.query(`DROP TRIGGER case_list_total_delete ON legal_case`);
    await q.query(`DROP TRIGGER case_list_total_update ON legal_case`);
    await q.query(`DROP TRIGGER case_list_total_insert ON legal_case`);
    await q.query(`DROP FUNCTION case_list_total_kept()`);
    await q.query(`DROP TABLE "client_assignee_total"`);
    await q.query(`DROP TABLE "client_team_total"`);
    await q.query(`DROP TABLE "client_reach"`);
    await q.query(`DROP TABLE "client_list_total"`);
    await q.query(`DROP TABLE "case_list_total"`);
  }
}
