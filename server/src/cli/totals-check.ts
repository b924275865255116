import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { exec, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';

/** The all-zeros uuid: where the kept tables file "no caseworker" (a team's own row, an unassigned case). */
const NIL = '00000000-0000-0000-0000-000000000000';

/** A row of a kept table that differs from its definition: kept (null: missing) and counted (null: extra). */
export interface TotalsDrift {
  table: string;
  key: Record<string, unknown>;
  kept: unknown;
  counted: unknown;
}

/**
 * Each kept table (migrations 1767916800000, 1768262400000, 1768521600000; docs/decisions/0019,
 * 0022, 0025) as it is and as its definition recomputes it from `legal_case`, `client`, `deadline`
 * and `document`, row by row, keyed alike; rows kept at zero (a client whose last case there left)
 * are the same as no row. A list row's drift names its id, never a title.
 */
/**
 * The kept copy of a case's deadlines or documents (migration 1768521600000) beside its recount:
 * each row (its case's team and caseworker, its status and date) and each (team, caseworker,
 * status) total. Names are constants of this file, never input.
 */
function listCopyPairs(source: 'deadline' | 'document', date: 'due_on' | 'created_at') {
  const id = sql.raw(`${source}_id`);
  const count = sql.raw(`${source}s`);
  const rowsOf = sql.raw(`${source}_list_row`);
  const totalsOf = sql.raw(`${source}_list_total`);
  const table = sql.raw(source);
  const dated = sql.raw(`d.${date}`);
  return sql`
    SELECT ${sql.lit(`${source}_list_row`)}, jsonb_build_object(${sql.lit(`${source}_id`)}, coalesce(k.${id}, n.${id})),
           to_jsonb(k) - ${sql.lit(`${source}_id`)}, to_jsonb(n) - ${sql.lit(`${source}_id`)}
      FROM ${rowsOf} k
      FULL JOIN (SELECT d.id AS ${id}, c.team_id, coalesce(c.assigned_to_id, ${NIL}::uuid) AS assigned_to_id,
                        d.status, ${dated}
                   FROM ${table} d JOIN legal_case c ON c.id = d.case_id) n ON n.${id} = k.${id}
    UNION ALL
    SELECT ${sql.lit(`${source}_list_total`)},
           jsonb_build_object('team_id', coalesce(k.team_id, n.team_id),
                              'assigned_to_id', coalesce(k.assigned_to_id, n.assigned_to_id),
                              'status', coalesce(k.status, n.status)),
           to_jsonb(k.${count}), to_jsonb(n.${count})
      FROM (SELECT * FROM ${totalsOf} WHERE ${count} <> 0) k
      FULL JOIN (SELECT c.team_id, coalesce(c.assigned_to_id, ${NIL}::uuid) AS assigned_to_id, d.status, count(*)::int AS ${count}
                   FROM ${table} d JOIN legal_case c ON c.id = d.case_id GROUP BY 1, 2, 3) n
        ON n.team_id = k.team_id AND n.assigned_to_id = k.assigned_to_id AND n.status = k.status`;
}

const DRIFT = sql<{
  table: string;
  key: Record<string, unknown>;
  kept: unknown;
  counted: unknown;
}>`
  WITH counted_reach AS (
    SELECT r.team_id, r.assigned_to_id, r.client_id, r.cases, c.family_name
      FROM (SELECT team_id, ${NIL}::uuid AS assigned_to_id, client_id, count(*)::int AS cases
              FROM legal_case GROUP BY 1, 3
            UNION ALL
            SELECT team_id, assigned_to_id, client_id, count(*)::int
              FROM legal_case WHERE assigned_to_id IS NOT NULL GROUP BY 1, 2, 3) r
      JOIN client c ON c.id = r.client_id
  ), counted_scoped AS (
    SELECT r.team_id, r.assigned_to_id, count(*)::int AS clients
      FROM counted_reach r JOIN client c ON c.id = r.client_id AND c.merged_into_id IS NULL
     GROUP BY 1, 2
  ), pairs AS (
    SELECT 'case_list_total' AS "table",
           jsonb_build_object('team_id', coalesce(k.team_id, n.team_id),
                              'assigned_to_id', coalesce(k.assigned_to_id, n.assigned_to_id),
                              'stage', coalesce(k.stage, n.stage)) AS key,
           to_jsonb(k.cases) AS kept, to_jsonb(n.cases) AS counted
      FROM (SELECT * FROM case_list_total WHERE cases <> 0) k
      FULL JOIN (SELECT team_id, coalesce(assigned_to_id, ${NIL}::uuid) AS assigned_to_id, stage, count(*)::int AS cases
                   FROM legal_case GROUP BY 1, 2, 3) n
        ON n.team_id = k.team_id AND n.assigned_to_id = k.assigned_to_id AND n.stage = k.stage
    UNION ALL
    SELECT 'client_list_total', jsonb_build_object('shard', coalesce(k.shard, n.shard)),
           to_jsonb(k.clients), to_jsonb(n.clients)
      FROM (SELECT * FROM client_list_total WHERE clients <> 0) k
      FULL JOIN (SELECT (hashtext(id::text) & 15)::smallint AS shard, count(*)::int AS clients
                   FROM client WHERE merged_into_id IS NULL GROUP BY 1) n ON n.shard = k.shard
    UNION ALL
    SELECT 'client_reach',
           jsonb_build_object('team_id', coalesce(k.team_id, n.team_id),
                              'assigned_to_id', coalesce(k.assigned_to_id, n.assigned_to_id),
                              'client_id', coalesce(k.client_id, n.client_id)),
           -- Whether the copied name is the client's, never the name: this goes to stdout and logs.
           CASE WHEN k.team_id IS NOT NULL THEN jsonb_build_object('cases', k.cases, 'nameMatches', k.family_name IS NOT DISTINCT FROM n.family_name) END,
           CASE WHEN n.team_id IS NOT NULL THEN jsonb_build_object('cases', n.cases, 'nameMatches', true) END
      FROM (SELECT * FROM client_reach WHERE cases <> 0) k
      FULL JOIN counted_reach n
        ON n.team_id = k.team_id AND n.assigned_to_id = k.assigned_to_id AND n.client_id = k.client_id
    UNION ALL
    SELECT 'client_team_total', jsonb_build_object('team_id', coalesce(k.team_id, n.team_id)),
           to_jsonb(k.clients), to_jsonb(n.clients)
      FROM (SELECT * FROM client_team_total WHERE clients <> 0) k
      FULL JOIN (SELECT team_id, clients FROM counted_scoped WHERE assigned_to_id = ${NIL}::uuid) n
        ON n.team_id = k.team_id
    UNION ALL
    SELECT 'client_assignee_total',
           jsonb_build_object('team_id', coalesce(k.team_id, n.team_id),
                              'assigned_to_id', coalesce(k.assigned_to_id, n.assigned_to_id)),
           to_jsonb(k.clients), to_jsonb(n.clients)
      FROM (SELECT * FROM client_assignee_total WHERE clients <> 0) k
      FULL JOIN (SELECT team_id, assigned_to_id, clients FROM counted_scoped WHERE assigned_to_id <> ${NIL}::uuid) n
        ON n.team_id = k.team_id AND n.assigned_to_id = k.assigned_to_id
    UNION ALL ${listCopyPairs('deadline', 'due_on')}
    UNION ALL ${listCopyPairs('document', 'created_at')}
  )
  SELECT * FROM pairs WHERE kept IS DISTINCT FROM counted ORDER BY 1, 2`;

/**
 * The kept tables rewritten from their definition (the migrations' backfill), in one transaction
 * that holds writers of the four sources back (a SHARE lock): the triggers then carry on from exact
 * rows. No order of the four suits every writer (an intake writes a client, a case, then its
 * deadlines; a withdrawal its document, then the case), so a writer may hold one that the rewrite
 * waits for while it waits for another the rewrite holds. The rewrite gives up first: its
 * `lock_timeout` is below PostgreSQL's `deadlock_timeout` (1 s by default), so it is nearly always
 * the one to fail (55P03), not the writer's request (which could still lose after the rewrite waited
 * near the limit for two tables in turn), and it starts again (`LOCK_ATTEMPTS`).
 */
const REWRITE = [
  sql`SET LOCAL lock_timeout = '500ms'`,
  sql`LOCK TABLE client, legal_case, deadline, document IN SHARE MODE`,
  sql`SET LOCAL lock_timeout = 0`,
  sql`DELETE FROM case_list_total`,
  sql`DELETE FROM client_list_total`,
  sql`DELETE FROM client_team_total`,
  sql`DELETE FROM client_assignee_total`,
  sql`DELETE FROM client_reach`,
  sql`INSERT INTO case_list_total (team_id, assigned_to_id, stage, cases)
      SELECT team_id, coalesce(assigned_to_id, ${NIL}::uuid), stage, count(*) FROM legal_case GROUP BY 1, 2, 3`,
  sql`INSERT INTO client_reach (team_id, assigned_to_id, client_id, cases, family_name)
      SELECT r.team_id, r.assigned_to_id, r.client_id, r.cases, c.family_name
        FROM (SELECT team_id, ${NIL}::uuid AS assigned_to_id, client_id, count(*) AS cases FROM legal_case GROUP BY 1, 3
              UNION ALL
              SELECT team_id, assigned_to_id, client_id, count(*) FROM legal_case WHERE assigned_to_id IS NOT NULL GROUP BY 1, 2, 3) r
        JOIN client c ON c.id = r.client_id`,
  sql`INSERT INTO client_team_total (team_id, clients)
      SELECT r.team_id, count(*) FROM client_reach r JOIN client c ON c.id = r.client_id
       WHERE c.merged_into_id IS NULL AND r.assigned_to_id = ${NIL}::uuid GROUP BY 1`,
  sql`INSERT INTO client_assignee_total (team_id, assigned_to_id, clients)
      SELECT r.team_id, r.assigned_to_id, count(*) FROM client_reach r JOIN client c ON c.id = r.client_id
       WHERE c.merged_into_id IS NULL AND r.assigned_to_id <> ${NIL}::uuid GROUP BY 1, 2`,
  sql`INSERT INTO client_list_total (shard, clients)
      SELECT hashtext(id::text) & 15, count(*) FROM client WHERE merged_into_id IS NULL GROUP BY 1`,
  // The list rows' own triggers keep their totals: rewritten after them, from them.
  sql`DELETE FROM deadline_list_row`,
  sql`DELETE FROM document_list_row`,
  sql`INSERT INTO deadline_list_row (deadline_id, team_id, assigned_to_id, status, due_on)
      SELECT d.id, c.team_id, coalesce(c.assigned_to_id, ${NIL}::uuid), d.status, d.due_on
        FROM deadline d JOIN legal_case c ON c.id = d.case_id`,
  sql`INSERT INTO document_list_row (document_id, team_id, assigned_to_id, status, created_at)
      SELECT d.id, c.team_id, coalesce(c.assigned_to_id, ${NIL}::uuid), d.status, d.created_at
        FROM document d JOIN legal_case c ON c.id = d.case_id`,
  sql`DELETE FROM deadline_list_total`,
  sql`DELETE FROM document_list_total`,
  sql`INSERT INTO deadline_list_total (team_id, assigned_to_id, status, deadlines)
      SELECT team_id, assigned_to_id, status, count(*) FROM deadline_list_row GROUP BY 1, 2, 3`,
  sql`INSERT INTO document_list_total (team_id, assigned_to_id, status, documents)
      SELECT team_id, assigned_to_id, status, count(*) FROM document_list_row GROUP BY 1, 2, 3`,
];

/** How many times the rewrite tries for its locks, a short pause between, before it fails. */
const LOCK_ATTEMPTS = 10;

/** Whether the rewrite lost its locks to writers: a lock timeout (55P03) or a deadlock (40P01). */
function lostLocks(error: unknown): boolean {
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  return [code, driverError?.code].some((c) => c === '55P03' || c === '40P01');
}

/**
 * `npm run haven -- totals-check [--fix]`: recounts every kept list total and `client_reach` row
 * and answers the rows that differ. With `fix`, rewrites the kept tables when any differ (as the
 * owner of the schema: the runtime role may only read them) and checks again.
 */
export async function totalsCheck(
  dataSource: DataSource,
  options: { fix: boolean },
): Promise<{ drift: TotalsDrift[]; fixed: boolean; after: TotalsDrift[] }> {
  const drift = await rows(dataSource, DRIFT, { plan: 'unnamed' });
  if (!options.fix || drift.length === 0) return { drift, fixed: false, after: drift };
  for (let attempt = 1; ; attempt++) {
    try {
      await transaction(dataSource, async (manager) => {
        for (const statement of REWRITE) await exec(manager, statement, { plan: 'unnamed' });
      });
      break;
    } catch (error) {
      if (attempt >= LOCK_ATTEMPTS || !lostLocks(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  const after = await rows(dataSource, DRIFT, { plan: 'unnamed' });
  return { drift, fixed: true, after };
}
