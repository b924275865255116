import type { DataSource } from 'typeorm';
import { queryPrepared } from '../src/database/prepared.js';
import { adminFigures, caseworkerFigures, teamFigures } from '../src/dashboard/dashboard.queries.js';

export interface Fixture {
  caseworkerId: string;
  supervisorId: string;
  teamId: string;
  caseId: string;
}

const CASE_COLUMNS = `c.id, c.reference, c.client_id, c.case_type, c.jurisdiction, c.stage, c.outcome, c.priority, c.assigned_to_id, c.team_id,
  c.grounds, c.military_status, c.opened_on, c.closed_on, c.next_deadline_on, c.last_activity_at, c.created_at, c.updated_at, c.version,
  cl.id AS cl_id, cl.given_name, cl.family_name`;

/**
 * The SQL each API read runs, issued straight through pg: what the API adds on top (HTTP, auth
 * session check, access scope, mapping, audit of reads) is the difference the benchmark shows.
 */
export function sqlWorkloads(dataSource: DataSource, f: Fixture) {
  // Prepared, as the API's hot statements are: the limit PostgreSQL can reach, not a handicapped one.
  // Searches run unnamed, as in the API (their best plan depends on the pattern).
  const q = (sql: string, params: unknown[] = []) => queryPrepared(dataSource, sql, params);
  const unnamed = (sql: string, params: unknown[] = []) => dataSource.query(sql, params);
  const list = (where: string, params: unknown[]) =>
    Promise.all([
      q(`SELECT ${CASE_COLUMNS} FROM legal_case c LEFT JOIN client cl ON cl.id = c.client_id WHERE ${where} AND c.stage = 'lodged'
         ORDER BY c.next_deadline_on ASC NULLS LAST, c.id ASC LIMIT 25`, params),
      q(`SELECT count(*) FROM legal_case c LEFT JOIN client cl ON cl.id = c.client_id WHERE ${where} AND c.stage = 'lodged'`, params),
    ]);
  const manager = dataSource.manager;
  return {
    caseList: () => list('c.assigned_to_id = $1', [f.caseworkerId]),
    teamCaseList: () => list('c.team_id = $1', [f.teamId]),
    // As the API runs a search: the matches found once, then paged and counted.
    clientSearch: (text: string) =>
      unnamed(
        `WITH matches AS MATERIALIZED (
           SELECT cl.id AS list_id, cl.created_at AS list_sort FROM client cl
            WHERE EXISTS (SELECT 1 FROM legal_case vc WHERE vc.client_id = cl.id AND vc.team_id = $2)
              AND cl.id IN (SELECT s.client_id FROM case_search s WHERE s.team_id = $2 AND (s.client_text ILIKE $1 OR s.native_name ILIKE $1))
              AND cl.merged_into_id IS NULL
         ), page AS (
           SELECT cl.* FROM (SELECT * FROM matches ORDER BY list_sort DESC, list_id DESC LIMIT 25) m, client cl WHERE cl.id = m.list_id
         )
         SELECT (SELECT count(*) FROM matches) AS total, page.* FROM page`,
        [`%${text}%`, f.teamId],
      ),
    casePage: () =>
      Promise.all([
        q(`SELECT ${CASE_COLUMNS}, c.claim_summary FROM legal_case c LEFT JOIN client cl ON cl.id = c.client_id WHERE c.id = $1 AND c.assigned_to_id = $2`, [f.caseId, f.caseworkerId]),
        q(`SELECT d.*, c.reference FROM deadline d JOIN legal_case c ON c.id = d.case_id WHERE d.case_id = $1 AND c.assigned_to_id = $2 ORDER BY d.due_on, d.id LIMIT 25`, [f.caseId, f.caseworkerId]),
        q(`SELECT n.id, n.case_id, n.ground, n.title, n.strength, n.status FROM note n JOIN legal_case c ON c.id = n.case_id WHERE n.case_id = $1 AND c.assigned_to_id = $2 ORDER BY n.updated_at DESC LIMIT 25`, [f.caseId, f.caseworkerId]),
      ]),
    duplicateCheck: () =>
      dataSource.transaction(async (m) => {
        await m.query('SET LOCAL pg_trgm.similarity_threshold = 0.3');
        return m.query(
          `WITH found AS (
             (SELECT id FROM client WHERE name_key % $1 AND merged_into_id IS NULL ORDER BY name_key <-> $1 LIMIT 50)
             UNION (SELECT id FROM client WHERE date_of_birth = $2::date AND nationality = $3 AND merged_into_id IS NULL LIMIT 50)
           )
           SELECT cl.*, similarity(cl.name_key, $1) AS sim, EXISTS (SELECT 1 FROM legal_case vc WHERE vc.client_id = cl.id AND vc.team_id = $4) AS visible
             FROM found JOIN client cl ON cl.id = found.id ORDER BY sim DESC, cl.id LIMIT 50`,
          ['dmitri sokolov', '1990-05-01', 'RU', f.teamId],
        );
      }),
    caseworkerDashboard: () => caseworkerFigures(manager, f.caseworkerId),
    supervisorDashboard: () => teamFigures(manager, { teamId: f.teamId }),
    adminDashboard: () => Promise.all([teamFigures(manager, { teamId: null }), adminFigures(manager)]),
  };
}

export function intakeRequestBody() {
  return {
    client: { givenName: 'Bench', familyName: 'Person', nativeName: 'Тест Персона', sex: 'male', nationality: 'RU', languages: ['ru'], currentCountry: 'GE', arrivalDate: '2024-01-10' },
    case: { caseType: 'asylum', jurisdiction: 'DE', grounds: ['conscientious_objection'], militaryStatus: 'draft_evader_post_summons', claimSummary: 'Benchmark intake.' },
  };
}

/** The main queries, for EXPLAIN in the results (plans show which index serves each). */
export function explainedQueries(f: Fixture): { name: string; sql: string; params: unknown[] }[] {
  return [
    { name: 'case list (caseworker)', sql: `SELECT ${CASE_COLUMNS} FROM legal_case c LEFT JOIN client cl ON cl.id = c.client_id WHERE c.assigned_to_id = $1 AND c.stage = 'lodged' ORDER BY c.next_deadline_on ASC NULLS LAST, c.id ASC LIMIT 25`, params: [f.caseworkerId] },
    { name: 'case list (team)', sql: `SELECT ${CASE_COLUMNS} FROM legal_case c LEFT JOIN client cl ON cl.id = c.client_id WHERE c.team_id = $1 AND c.stage = 'lodged' ORDER BY c.next_deadline_on ASC NULLS LAST, c.id ASC LIMIT 25`, params: [f.teamId] },
    { name: 'client search (the team\'s trigram matches in case_search, found once)', sql: `WITH matches AS MATERIALIZED (SELECT cl.id AS list_id, cl.created_at AS list_sort FROM client cl WHERE EXISTS (SELECT 1 FROM legal_case vc WHERE vc.client_id = cl.id AND vc.team_id = $2) AND cl.id IN (SELECT s.client_id FROM case_search s WHERE s.team_id = $2 AND (s.client_text ILIKE $1 OR s.native_name ILIKE $1)) AND cl.merged_into_id IS NULL) SELECT (SELECT count(*) FROM matches), m.* FROM (SELECT * FROM matches ORDER BY list_sort DESC, list_id DESC LIMIT 25) m`, params: ['%Соколов%', f.teamId] },
    { name: 'deadlines of a case', sql: `SELECT d.* FROM deadline d JOIN legal_case c ON c.id = d.case_id WHERE d.case_id = $1 ORDER BY d.due_on LIMIT 25`, params: [f.caseId] },
    { name: 'duplicate check (nearest name keys)', sql: `SELECT id, similarity(name_key, $1) FROM client WHERE name_key % $1 AND merged_into_id IS NULL ORDER BY name_key <-> $1 LIMIT 50`, params: ['dmitri sokolov'] },
    {
      name: 'dashboard: a team’s open deadlines due within a week, overdue included (only cases whose next deadline is that near, probed)',
      sql: `SELECT count(*) FROM legal_case c CROSS JOIN LATERAL (SELECT d.id, d.case_id, d.due_on FROM deadline d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_on <= current_date + 7 OFFSET 0) d WHERE c.team_id = $1 AND c.next_deadline_on <= current_date + 7`,
      params: [f.teamId],
    },
    { name: 'dashboard: a team’s open tasks per assignee (partial index)', sql: `SELECT assignee_id, count(*) FROM task t WHERE status <> 'done' AND t.team_id = $1 GROUP BY assignee_id`, params: [f.teamId] },
    { name: 'dashboard: a team’s intake queue', sql: `SELECT id FROM legal_case c WHERE assigned_to_id IS NULL AND stage <> 'closed' AND c.team_id = $1 ORDER BY opened_on, id LIMIT 10`, params: [f.teamId] },
    {
      name: 'dashboard: a caseworker’s open deadlines due within 14 days, overdue included (only cases whose next deadline is that near, probed)',
      sql: `SELECT count(*) FROM legal_case c CROSS JOIN LATERAL (SELECT d.id, d.case_id, d.due_on FROM deadline d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_on <= current_date + 14 OFFSET 0) d WHERE c.assigned_to_id = $1 AND c.next_deadline_on <= current_date + 14`,
      params: [f.caseworkerId],
    },
    {
      name: 'dashboard: a caseworker’s inactive cases',
      sql: `SELECT id, reference, last_activity_at FROM legal_case WHERE assigned_to_id = $1 AND stage <> 'closed' AND last_activity_at < now() - interval '30 days' ORDER BY last_activity_at, id LIMIT 10`,
      params: [f.caseworkerId],
    },
  ];
}
