import type { EntityManager } from 'typeorm';
import { param, type ListSpec, type ParsedList } from '../common/list-query.js';
import { queryPreparedWith, type Statement } from '../database/prepared.js';

/**
 * The dashboards' SQL: every figure is counted by PostgreSQL in a few set-based queries over
 * indexed columns; nothing is aggregated in JavaScript. `scope` is null for "all teams" (admins).
 * The team, all-teams and person figures run prepared with their generic plan (the text depends
 * only on the kind of scope, and the best plan not on which team or person; across all teams the
 * parameter is always null), so a dashboard is not planned afresh on every request.
 */
export interface Scope {
  teamId: string | null;
}

const teamFilter = (alias: string, scope: Scope, param = '$1') =>
  scope.teamId ? `${alias}.team_id = ${param}` : `(${param}::uuid IS NULL)`;

/**
 * Open deadlines due by `until` (an SQL date; overdue ones included), with their case as `c`, in
 * the scope ($1): their id, case and due date, which the caller joins back for the few rows it
 * lists. A case's `next_deadline_on` is its earliest open deadline (kept by a trigger), so only the
 * cases with one due by then are visited — a range of the (team_id, next_deadline_on) index, which
 * grows with the team's near deadlines, not with its caseload — and each is probed through
 * (case_id, status, due_on) (OFFSET 0 keeps the probe a probe). Across all teams the (status,
 * due_on) index is read directly.
 */
const openDeadlinesDueBy = (scope: Scope, until: string) =>
  scope.teamId
    ? `legal_case c CROSS JOIN LATERAL (SELECT d.id, d.case_id, d.due_on FROM deadline d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_on <= ${until} OFFSET 0) d
        WHERE c.team_id = $1 AND c.next_deadline_on <= ${until}`
    : `deadline d JOIN legal_case c ON c.id = d.case_id WHERE d.status = 'open' AND d.due_on <= ${until} AND ($1::uuid IS NULL)`;

/**
 * A caseworker's figures in one statement, over their cases and tasks in their own team ($2: a
 * case or task of another team still naming them is not theirs, as in AccessService). Their open
 * deadlines due within 14 days (overdue ones included) are found once — only their cases whose next deadline falls by then, through
 * (assigned_to_id, next_deadline_on), each probed through (case_id, status, due_on) — and
 * counted and listed from there; the inactive cases come from (assigned_to_id, last_activity_at)
 * over open cases; open cases by stage (enum order) from (assigned_to_id, stage, …).
 */
export async function caseworkerFigures(
  manager: EntityManager,
  userId: string,
  teamId: string | null,
) {
  type Deadline = {
    id: string;
    caseId: string;
    caseReference: string;
    title: string;
    kind: string;
    dueOn: string;
  };
  const [row] = await queryPreparedWith<{
    stages: { stage: string; count: number }[];
    overdue: number;
    next14: number;
    inactive: number;
    deadlines: Deadline[];
    tasks: { status: string; count: number }[];
    inactiveItems: { id: string; reference: string; lastActivityAt: string }[];
  }>(
    manager,
    `WITH near AS MATERIALIZED (
       SELECT d.id, d.case_id, d.due_on
         FROM legal_case c
        CROSS JOIN LATERAL (SELECT d.id, d.case_id, d.due_on FROM deadline d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_on <= current_date + 14 OFFSET 0) d
        WHERE c.assigned_to_id = $1 AND c.team_id = $2 AND c.next_deadline_on <= current_date + 14
     ), idle AS (
       SELECT id, reference, last_activity_at FROM legal_case
        WHERE assigned_to_id = $1 AND team_id = $2 AND stage <> 'closed' AND last_activity_at < now() - interval '30 days'
     )
     SELECT
       (SELECT coalesce(json_agg(json_build_object('stage', x.stage::text, 'count', x.count) ORDER BY x.stage), '[]')
          FROM (SELECT c.stage, count(*)::int AS count FROM legal_case c WHERE c.assigned_to_id = $1 AND c.team_id = $2 AND c.stage <> 'closed' GROUP BY c.stage) x) AS stages,
       (SELECT count(*)::int FROM near WHERE due_on < current_date) AS overdue,
       (SELECT count(*)::int FROM near WHERE due_on >= current_date) AS next14,
       (SELECT count(*)::int FROM idle) AS inactive,
       (SELECT coalesce(json_agg(x ORDER BY x."dueOn", x.id), '[]')
          FROM (SELECT d.id, d.case_id AS "caseId", c.reference AS "caseReference", d.title, d.kind::text AS kind, to_char(d.due_on, 'YYYY-MM-DD') AS "dueOn"
                  FROM (SELECT * FROM near ORDER BY due_on, id LIMIT 20) n
                  JOIN deadline d ON d.id = n.id JOIN legal_case c ON c.id = n.case_id) x) AS deadlines,
       (SELECT coalesce(json_agg(json_build_object('status', t.status::text, 'count', t.count) ORDER BY t.status), '[]')
          FROM (SELECT status, count(*)::int AS count FROM task WHERE assignee_id = $1 AND team_id = $2 GROUP BY status) t) AS tasks,
       (SELECT coalesce(json_agg(json_build_object('id', x.id, 'reference', x.reference,
                 'lastActivityAt', to_char(x.last_activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY x.last_activity_at, x.id), '[]')
          FROM (SELECT * FROM idle ORDER BY last_activity_at, id LIMIT 10) x) AS "inactiveItems"`,
    [userId, teamId],
    { generic: true },
  );
  const { stages, deadlines, tasks, inactiveItems: inactive, ...counts } = row;
  return { stages, counts, deadlines, tasks, inactive };
}

export type CaseloadRow = {
  userId: string;
  fullName: string;
  teamId: string;
  openCases: number;
  urgentCases: number;
  overdueDeadlines: number;
  openTasks: number;
};
type TeamLoad = {
  teamId: string;
  name: string;
  caseworkers: number;
  openCases: number;
  urgentCases: number;
  unassignedCases: number;
  overdueDeadlines: number;
  openTasks: number;
};
type AtRisk = {
  id: string;
  caseId: string;
  caseReference: string;
  title: string;
  kind: string;
  dueOn: string;
  assignedToId: string | null;
};
type Review = {
  id: string;
  title: string;
  assigneeId: string | null;
  submittedAt: string | null;
  caseReference: string | null;
};
type Unassigned = { id: string; reference: string; openedOn: string; priority: string };

/** The scope of one team, the statement's $1 (for the parts written for a team). */
const ONE_TEAM: Scope = { teamId: '$1' };

/**
 * One team's caseload ($1), as CTEs: open and urgent cases per assignee, index-only over (team_id,
 * stage, next_deadline_on, id) INCLUDE (opened_on, assigned_to_id, priority); overdue deadlines per
 * assignee from the cases whose next deadline has passed; unfinished tasks per assignee from a
 * partial index. `caseloadRows` joins them to the team's active caseworkers.
 */
const caseloadCtes = () =>
  `cases AS (
       SELECT assigned_to_id, count(*)::int AS open_cases, count(*) FILTER (WHERE priority = 'urgent')::int AS urgent
         FROM legal_case c WHERE stage <> 'closed' AND assigned_to_id IS NOT NULL AND c.team_id = $1
        GROUP BY assigned_to_id
     ), overdue AS (
       SELECT c.assigned_to_id, count(*)::int AS n FROM ${openDeadlinesDueBy(ONE_TEAM, 'current_date - 1')}
        GROUP BY c.assigned_to_id
     ), tasks AS (
       SELECT assignee_id, count(*)::int AS n FROM task t WHERE status <> 'done' AND t.team_id = $1 GROUP BY assignee_id
     )`;

/** The team's active caseworkers with their counts (after `caseloadCtes`); `extra` narrows them further. */
const caseloadRows = (extra = '') =>
  `SELECT u.id, u.id AS "userId", u.full_name AS "fullName", u.team_id AS "teamId",
          coalesce(cases.open_cases, 0) AS "openCases", coalesce(cases.urgent, 0) AS "urgentCases",
          coalesce(overdue.n, 0) AS "overdueDeadlines", coalesce(tasks.n, 0) AS "openTasks"
     FROM app_user u
     LEFT JOIN cases ON cases.assigned_to_id = u.id
     LEFT JOIN overdue ON overdue.assigned_to_id = u.id
     LEFT JOIN tasks ON tasks.assignee_id = u.id
    WHERE u.role = 'caseworker' AND u.active AND u.team_id = $1${extra}`;

/** How many teams the admin's dashboard lists by load; the Caseload page has every team. */
export const TEAMS_LISTED = 10;

/**
 * Across all teams, the load of each team (instead of a row per caseworker, which grows with the
 * organisation: ~2 700 rows and 400 kB at a million cases), as CTEs: open, urgent and unassigned
 * cases per team; overdue deadlines per team from (status, due_on); unfinished tasks per team;
 * active caseworkers per team. `TEAMS_LISTED` of them are listed, the most overdue first.
 */
const teamLoadCtes = `team_cases AS (
       SELECT team_id, count(*)::int AS open_cases, count(*) FILTER (WHERE priority = 'urgent')::int AS urgent,
              count(*) FILTER (WHERE assigned_to_id IS NULL)::int AS unassigned
         FROM legal_case WHERE stage <> 'closed' GROUP BY team_id
     ), team_overdue AS (
       SELECT c.team_id, count(*)::int AS n FROM deadline d JOIN legal_case c ON c.id = d.case_id
        WHERE d.status = 'open' AND d.due_on <= current_date - 1 GROUP BY c.team_id
     ), team_tasks AS (
       SELECT team_id, count(*)::int AS n FROM task WHERE status <> 'done' GROUP BY team_id
     ), team_staff AS (
       SELECT team_id, count(*)::int AS n FROM app_user WHERE role = 'caseworker' AND active AND team_id IS NOT NULL GROUP BY team_id
     ), team_load AS (
       SELECT t.id AS "teamId", t.name, coalesce(team_staff.n, 0) AS caseworkers,
              coalesce(team_cases.open_cases, 0) AS "openCases", coalesce(team_cases.urgent, 0) AS "urgentCases",
              coalesce(team_cases.unassigned, 0) AS "unassignedCases", coalesce(team_overdue.n, 0) AS "overdueDeadlines",
              coalesce(team_tasks.n, 0) AS "openTasks"
         FROM team t
         LEFT JOIN team_cases ON team_cases.team_id = t.id
         LEFT JOIN team_overdue ON team_overdue.team_id = t.id
         LEFT JOIN team_tasks ON team_tasks.team_id = t.id
         LEFT JOIN team_staff ON team_staff.team_id = t.id
     )`;
const TEAM_LOAD_ORDER = `"overdueDeadlines" DESC, "openCases" DESC, name, "teamId"`;

/**
 * A team's figures (or, scope null, every team's) in one statement, each part a subquery over its
 * own index: cases by stage and by age index-only over (team_id, stage, next_deadline_on, id)
 * INCLUDE (opened_on, assigned_to_id, priority); the deadlines due within a week (overdue ones
 * included) found once and counted and listed from there; the review queue and unassigned intake
 * lists by their own indexes. A team's caseload has a row per caseworker (`caseloadCtes`); across
 * all teams, a row per team, the most loaded first (`teamLoadCtes`).
 * Instants are written as ISO strings in UTC, as the rest of the API writes them.
 */
export async function teamFigures(manager: EntityManager, scope: Scope) {
  const [row] = await queryPreparedWith<{
    stages: { stage: string; count: number }[];
    caseload?: CaseloadRow[];
    teamCount?: number;
    teamItems?: TeamLoad[];
    byAge: { bucket: string; count: number }[];
    atRisk: number;
    overdue: number;
    review: number;
    unassigned: number;
    atRiskItems: AtRisk[];
    reviewItems: Review[];
    unassignedItems: Unassigned[];
  }>(
    manager,
    `WITH near AS MATERIALIZED (
       SELECT d.id, d.case_id, d.due_on FROM ${openDeadlinesDueBy(scope, 'current_date + 7')}
     ), ${scope.teamId ? caseloadCtes() : teamLoadCtes}
     SELECT
       (SELECT coalesce(json_agg(json_build_object('stage', x.stage::text, 'count', x.count) ORDER BY x.stage), '[]')
          FROM (SELECT c.stage, count(*)::int AS count FROM legal_case c WHERE ${teamFilter('c', scope)} GROUP BY c.stage) x) AS stages,
       ${
         scope.teamId
           ? `(SELECT coalesce(json_agg(x ORDER BY x."fullName", x."userId"), '[]')
                 FROM (SELECT "userId", "fullName", "teamId", "openCases", "urgentCases", "overdueDeadlines", "openTasks"
                         FROM (${caseloadRows()}) r) x) AS caseload,`
           : `(SELECT count(*)::int FROM team_load) AS "teamCount",
              (SELECT coalesce(json_agg(x ORDER BY ${TEAM_LOAD_ORDER}), '[]')
                 FROM (SELECT * FROM team_load ORDER BY ${TEAM_LOAD_ORDER} LIMIT ${TEAMS_LISTED}) x) AS "teamItems",`
       }
       (SELECT coalesce(json_agg(json_build_object('bucket', x.bucket, 'count', x.count)), '[]')
          FROM (SELECT CASE WHEN current_date - opened_on <= 30 THEN '0-30'
                            WHEN current_date - opened_on <= 90 THEN '31-90'
                            WHEN current_date - opened_on <= 180 THEN '91-180'
                            WHEN current_date - opened_on <= 365 THEN '181-365'
                            ELSE '365+' END AS bucket, count(*)::int AS count
                  FROM legal_case c WHERE stage <> 'closed' AND ${teamFilter('c', scope)}
                 GROUP BY 1) x) AS "byAge",
       (SELECT count(*)::int FROM near WHERE due_on >= current_date) AS "atRisk",
       (SELECT count(*)::int FROM near WHERE due_on < current_date) AS overdue,
       (SELECT count(*)::int FROM task t WHERE status = 'in_review' AND ${teamFilter('t', scope)}) AS review,
       (SELECT count(*)::int FROM legal_case c WHERE assigned_to_id IS NULL AND stage <> 'closed' AND ${teamFilter('c', scope)}) AS unassigned,
       (SELECT coalesce(json_agg(x ORDER BY x."dueOn", x.id), '[]')
          FROM (SELECT d.id, d.case_id AS "caseId", c.reference AS "caseReference", d.title, d.kind::text AS kind,
                       to_char(d.due_on, 'YYYY-MM-DD') AS "dueOn", c.assigned_to_id AS "assignedToId"
                  FROM (SELECT * FROM near WHERE due_on >= current_date ORDER BY due_on, id LIMIT 20) n
                  JOIN deadline d ON d.id = n.id JOIN legal_case c ON c.id = n.case_id) x) AS "atRiskItems",
       (SELECT coalesce(json_agg(json_build_object('id', x.id, 'title', x.title, 'assigneeId', x.assignee_id,
                 'submittedAt', to_char(x.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'caseReference', x.reference) ORDER BY x.submitted_at NULLS LAST, x.id), '[]')
          FROM (SELECT t.id, t.title, t.assignee_id, t.submitted_at, c.reference
                  FROM task t LEFT JOIN legal_case c ON c.id = t.case_id
                 WHERE t.status = 'in_review' AND ${teamFilter('t', scope)}
                 ORDER BY t.submitted_at NULLS LAST, t.id LIMIT 10) x) AS "reviewItems",
       (SELECT coalesce(json_agg(x ORDER BY x."openedOn", x.id), '[]')
          FROM (SELECT id, reference, to_char(opened_on, 'YYYY-MM-DD') AS "openedOn", priority::text AS priority FROM legal_case c
                 WHERE assigned_to_id IS NULL AND stage <> 'closed' AND ${teamFilter('c', scope)}
                 ORDER BY opened_on, id LIMIT 10) x) AS "unassignedItems"`,
    [scope.teamId],
    { generic: true },
  );
  const {
    stages,
    caseload,
    teamCount,
    teamItems,
    byAge,
    atRiskItems,
    reviewItems,
    unassignedItems,
    ...counts
  } = row;
  return {
    stages,
    caseload: caseload ?? null,
    teamLoad: teamItems ? { teams: teamCount ?? 0, items: teamItems } : null,
    byAge,
    counts,
    atRisk: atRiskItems,
    review: reviewItems,
    unassigned: unassignedItems,
  };
}

/** What `GET /api/caseload` accepts: sorts over the row's own columns, `q` over the name. */
export const CASELOAD_LIST: ListSpec = {
  sortable: {
    fullName: '"fullName"',
    openCases: '"openCases"',
    urgentCases: '"urgentCases"',
    overdueDeadlines: '"overdueDeadlines"',
    openTasks: '"openTasks"',
  },
  defaultSort: { field: 'fullName', order: 'ASC' },
  filters: {},
  search: ['u.full_name'],
  tieBreaker: 'id',
};

/**
 * A page of one team's caseload (`GET /api/caseload`): its active caseworkers with their counts,
 * as the supervisor's dashboard counts them (the same CTEs), sorted (then by name), narrowed by a
 * name search, the total, and whether the team exists — one statement. Its cost grows with the
 * team, not with the organisation.
 */
export function caseloadStatement(teamId: string, list: ParsedList): Statement {
  const values: unknown[] = [teamId];
  const search = list.search ? ` AND u.full_name ILIKE ${param(values, list.search.pattern)}` : '';
  const limit = `LIMIT ${param(values, list.perPage)} OFFSET ${param(values, (list.page - 1) * list.perPage)}`;
  const text = `WITH ${caseloadCtes()}, load AS (${caseloadRows(search)}),
     page AS (
       SELECT row_number() OVER () AS list_position, p.* FROM (
         SELECT * FROM load ORDER BY ${list.orderBy.expression} ${list.orderBy.order}, "fullName", id ${limit}) p
     ), total AS (
       SELECT count(*)::int AS list_total, EXISTS (SELECT 1 FROM team WHERE id = $1) AS team_exists FROM load
     )
     SELECT total.list_total, total.team_exists, page.* FROM total LEFT JOIN page ON true ORDER BY page.list_position`;
  return { text, values, plan: 'generic' };
}

export async function adminFigures(manager: EntityManager) {
  const accounts = await queryPreparedWith<{ role: string; active: number; inactive: number }>(
    manager,
    `SELECT u.role::text AS role, count(*) FILTER (WHERE u.active)::int AS active, count(*) FILTER (WHERE NOT u.active)::int AS inactive
       FROM app_user u GROUP BY u.role ORDER BY u.role`,
  );
  const recentAudit = await queryPreparedWith<{
    id: string;
    at: string;
    action: string;
    entityType: string | null;
    summary: string;
    actorId: string | null;
  }>(
    manager,
    `SELECT id, at, action, entity_type AS "entityType", summary, actor_id AS "actorId" FROM audit_event ORDER BY seq DESC LIMIT 10`,
  );
  return { accounts, recentAudit };
}
