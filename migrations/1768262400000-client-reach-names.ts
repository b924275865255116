import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scoped client list's page, kept in order by writes (issue 19, docs/decisions/0022).
 *
 * A supervisor's or a caseworker's client list sorted by family name gathered the ids of the
 * clients of their cases (the scope's cases read from the heap), fetched every one of those clients
 * by key and sorted them for a page of 25. `client_reach` already holds one row per (team, nil
 * uuid) and per (team, caseworker) and client, kept by the case triggers (1767916800000-list-totals);
 * it now also holds the client's `family_name` (the same type and collation as `client.family_name`),
 * indexed after its scope, so the page is read in order from that index and only its 25 clients are
 * fetched (`ListOptions.keptPage`).
 *
 * The copy follows every write of the name: a reach row is inserted with the client's name
 * (`client_reach_apply`), and an update of `client.family_name` (an edit, erasure's
 * anonymisation, a merge) updates that client's reach rows. A case trigger about to insert a reach
 * row locks its client FOR SHARE first: a rename in flight (FOR NO KEY UPDATE, which the foreign
 * key's KEY SHARE lets through) is waited for and its name read, and a rename that comes after
 * waits for the new row and then updates it — else a row inserted beside a concurrent rename would
 * keep the old name. Rows whose cases drop to 0 stay, as 1767916800000 leaves them (deleting them
 * would cost such a write a second statement); the page reads `cases > 0`.
 *
 * The totals' hardening (review of 0019) rides along: see KEPT_BY_OWNER.
 */
const NIL = `'00000000-0000-0000-0000-000000000000'`;

/** `client_reach_apply` as 1767916800000 made it, or with the copied name (`named`). */
function applySql(named: boolean): string {
  const reached = named
    ? `INSERT INTO client_reach AS r (team_id, assigned_to_id, client_id, cases, family_name)
           SELECT m.team_id, m.assigned_to_id, m.client_id, m.cases, coalesce(c.family_name, '')
             FROM unnest(moved) m LEFT JOIN client c ON c.id = m.client_id ORDER BY 1, 2, 3`
    : `INSERT INTO client_reach AS r (team_id, assigned_to_id, client_id, cases)
           SELECT team_id, assigned_to_id, client_id, cases FROM unnest(moved) ORDER BY 1, 2, 3`;
  return `CREATE OR REPLACE FUNCTION client_reach_apply(moved client_reach[]) RETURNS void LANGUAGE sql AS $$
         WITH reached AS (
           ${reached}
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
           SELECT team_id, change FROM flipped WHERE assigned_to_id = ${NIL} ORDER BY 1
           ON CONFLICT (team_id) DO UPDATE SET clients = t.clients + EXCLUDED.clients
         )
         INSERT INTO client_assignee_total AS t (team_id, assigned_to_id, clients)
         SELECT team_id, assigned_to_id, change FROM flipped WHERE assigned_to_id <> ${NIL} ORDER BY 1, 2
         ON CONFLICT (team_id, assigned_to_id) DO UPDATE SET clients = t.clients + EXCLUDED.clients
       $$`;
}

/**
 * `client_reach_kept` as 1767916800000 made it, or (`named`) building rows of the table's new
 * shape (the name left null: `client_reach_apply` reads it) and locking the clients that may gain
 * a row FOR SHARE, in id order, before any reach row is written.
 */
function keptSql(named: boolean): string {
  const name = named ? ', NULL' : '';
  const lock = named
    ? `PERFORM 1 FROM client WHERE id IN (SELECT m.client_id FROM unnest(moved) m WHERE m.cases > 0)
            ORDER BY id FOR SHARE;`
    : '';
  return `CREATE OR REPLACE FUNCTION client_reach_kept() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         moved client_reach[];
       BEGIN
         IF TG_OP = 'INSERT' THEN
           moved := ARRAY(
             SELECT ROW(team_id, assigned_to_id, client_id, count(*)${name})::client_reach FROM (
               SELECT team_id, ${NIL}::uuid AS assigned_to_id, client_id FROM new_cases
               UNION ALL SELECT team_id, assigned_to_id, client_id FROM new_cases WHERE assigned_to_id IS NOT NULL) reach
             GROUP BY team_id, assigned_to_id, client_id);
         ELSIF TG_OP = 'DELETE' THEN
           moved := ARRAY(
             SELECT ROW(team_id, assigned_to_id, client_id, -count(*)${name})::client_reach FROM (
               SELECT team_id, ${NIL}::uuid AS assigned_to_id, client_id FROM old_cases
               UNION ALL SELECT team_id, assigned_to_id, client_id FROM old_cases WHERE assigned_to_id IS NOT NULL) reach
             GROUP BY team_id, assigned_to_id, client_id);
         ELSE
           moved := ARRAY(
             SELECT ROW(team_id, assigned_to_id, client_id, sum(change)${name})::client_reach FROM (
               SELECT team_id, ${NIL}::uuid AS assigned_to_id, client_id, 1 AS change FROM new_cases
               UNION ALL SELECT team_id, assigned_to_id, client_id, 1 FROM new_cases WHERE assigned_to_id IS NOT NULL
               UNION ALL SELECT team_id, ${NIL}::uuid, client_id, -1 FROM old_cases
               UNION ALL SELECT team_id, assigned_to_id, client_id, -1 FROM old_cases WHERE assigned_to_id IS NOT NULL) reach
             GROUP BY team_id, assigned_to_id, client_id HAVING sum(change) <> 0);
         END IF;
         IF cardinality(moved) > 0 THEN
           ${lock}
           PERFORM client_reach_apply(moved);
         END IF;
         RETURN NULL;
       END $$`;
}

/**
 * Every function that writes the kept totals (1767916800000 and this migration). They run as their
 * owner, the role migrations run as (SECURITY DEFINER, the search path fixed: the runtime role may
 * create nothing in the schema, and pg_catalog is searched first), so the runtime role needs no
 * right to write the totals and is given none (database/roles.ts: SELECT only), as with the audit
 * chain's head: a bug or an injection in the server cannot skew a list's total or page. Nobody may
 * call them directly: a trigger's function is not checked for EXECUTE when it fires, and
 * `client_reach_apply` is called by `client_reach_kept`, as the owner.
 */
const KEPT_BY_OWNER = [
  'case_list_total_kept()',
  'client_reach_apply(client_reach[])',
  'client_reach_kept()',
  'client_reach_merged()',
  'client_list_total_kept()',
  'list_totals_truncated()',
  'client_reach_renamed()',
];

export class ClientReachNames1768262400000 implements MigrationInterface {
  name = 'ClientReachNames1768262400000';

  public async up(q: QueryRunner): Promise<void> {
    // In the order the writers take them (a client, then its case); writes wait for the backfill.
    await q.query(`LOCK TABLE "client", "legal_case" IN SHARE MODE`);
    // The rows are rebuilt from the cases with their client's name (the 1767916800000 backfill),
    // not updated in place: an UPDATE of every row would leave the table twice its size. The
    // rows' composite type gains the column: the functions building them change in the same
    // transaction, before any trigger runs again.
    await q.query(`TRUNCATE "client_reach"`);
    await q.query(`ALTER TABLE "client_reach" ADD "family_name" character varying(200) NOT NULL`);
    await q.query(
      `INSERT INTO client_reach (team_id, assigned_to_id, client_id, cases, family_name)
       SELECT r.team_id, r.assigned_to_id, r.client_id, r.cases, c.family_name
         FROM (SELECT team_id, ${NIL}::uuid AS assigned_to_id, client_id, count(*) AS cases FROM legal_case GROUP BY 1, 3
               UNION ALL
               SELECT team_id, assigned_to_id, client_id, count(*) FROM legal_case WHERE assigned_to_id IS NOT NULL GROUP BY 1, 2, 3) r
         JOIN client c ON c.id = r.client_id`,
    );
    // The list's order within a scope: family_name then id, ascending (its DESC is this backwards;
    // the name is NOT NULL, so NULLS LAST / FIRST say nothing).
    await q.query(
      `CREATE INDEX "client_reach_family_name_idx" ON "client_reach" ("team_id", "assigned_to_id", "family_name", "client_id")`,
    );
    await q.query(applySql(true));
    await q.query(keptSql(true));
    await q.query(
      `CREATE FUNCTION client_reach_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE client_reach SET family_name = NEW.family_name WHERE client_id = NEW.id;
         RETURN NULL;
       END $$`,
    );
    await q.query(
      `CREATE TRIGGER client_reach_renamed AFTER UPDATE OF family_name ON client
         FOR EACH ROW WHEN (OLD.family_name IS DISTINCT FROM NEW.family_name)
         EXECUTE FUNCTION client_reach_renamed()`,
    );
    for (const fn of KEPT_BY_OWNER) {
      await q.query(`ALTER FUNCTION ${fn} SECURITY DEFINER SET search_path = public, pg_temp`);
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const fn of KEPT_BY_OWNER.filter((name) => name !== 'client_reach_renamed()')) {
      await q.query(`ALTER FUNCTION ${fn} SECURITY INVOKER RESET search_path`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO PUBLIC`);
    }
    await q.query(`DROP TRIGGER client_reach_renamed ON client`);
    await q.query(`DROP FUNCTION client_reach_renamed()`);
    await q.query(`DROP INDEX "client_reach_family_name_idx"`);
    await q.query(`ALTER TABLE "client_reach" DROP COLUMN "family_name"`);
    await q.query(keptSql(false));
    await q.query(applySql(false));
  }
}
