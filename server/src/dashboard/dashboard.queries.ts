import {
  sql,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import type {
  AdminFigures,
  AtRiskDeadline,
  AuditAction,
  CaseAgeCount,
  CaseloadRow,
  DashboardDeadline,
  InactiveCase,
  ReviewQueueItem,
  Role,
  StageCount,
  TaskStatusCount,
  TeamLoadRow,
  UnassignedCase,
} from '@haven/shared';
import type { AccessService } from '../access/access.service.js';
import type { Actor } from '../common/actor.js';
import type { ListSpec, ParsedList } from '../common/list-query.js';
import type { Statement } from '../database/prepared.js';
import { db, first, rows, type On, type RowsOf } from '../database/sql.js';

/**
 * The dashboards' SQL: every figure is counted by PostgreSQL in a few set-based queries over
 * indexed columns; nothing is aggregated in JavaScript. Whose cases are counted is the actor's
 * record-level access (AccessService.cases): a caseworker's own, a supervisor's team's, an admin's
 * every team's; tasks are counted by their team (and assignee). The figures run prepared with their generic plan (the text depends only on
 * the kind of actor, and the best plan not on which team or person), so a dashboard is not planned
 * afresh on every request.
 */

/** The team a supervisor's caseload is of when they have none: no one's. */
export const NO_TEAM = '00000000-0000-0000-0000-000000000000';

/**
 * Open deadlines due by `until` (an SQL date; overdue ones included), with their case as `c`,
 * among the cases `cases` admits (null: every case): their id, case and due date, which the caller
 * joins back for the few rows it lists. A case's `next_deadline_on` is its earliest open deadline
 * (kept by a trigger), so only the cases with one due by then are visited — a range of the
 * (team_id, next_deadline_on) or (assigned_to_id, next_deadline_on) index, which grows with the
 * near deadlines, not with the caseload — and each is probed through (case_id, status, due_on)
 * (OFFSET 0 keeps the probe a probe). Across all teams the (status, due_on) index is read directly.
 */
const openDeadlinesDueBy = (cases: Expression<SqlBool> | null, until: RawBuilder<unknown>) =>
  cases
    ? sql`legal_case c CROSS JOIN LATERAL (SELECT d.id, d.case_id, d.due_on FROM deadline d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_on <= ${until} OFFSET 0) d
        WHERE ${cases} AND c.next_deadline_on <= ${until}`
    : sql`deadline d JOIN legal_case c ON c.id = d.case_id WHERE d.status = 'open' AND d.due_on <= ${until}`;

/** An instant as the rest of the API writes it: an ISO string in UTC. */
const isoInstant = (column: RawBuilder<unknown>) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A caseworker's figures in one statement, over the cases they may see (AccessService: theirs,
 * in their own team — a case or task of another team still naming them is not theirs).
 * Their open deadlines due within 14 days (overdue ones included) are found once — only their
 * cases whose next deadline falls by then, through (assigned_to_id, next_deadline_on), each probed
 * through (case_id, status, due_on) — and counted and listed from there; the inactive cases come
 * from (assigned_to_id, last_activity_at) over open cases; open cases by stage (enum order) from
 * (assigned_to_id, stage, …); their tasks (assigned to them in their team, as the caseload counts
 * them) by status from (assignee_id, status), and the unfinished ones due before today from the
 * partial (assignee_id, due_on) index of unfinished tasks.
 */
export async function caseworkerFigures(on: On, access: AccessService, actor: Actor) {
  const mine = (alias: string) => access.cases(actor, alias);
  const row = await first(
    on,
    sql<{
      stages: StageCount[];
      overdue: number;
      next14: number;
      inactive: number;
      deadlines: DashboardDeadline[];
      tasks: TaskStatusCount[];
      overdueTasks: number;
      inactiveItems: InactiveCase[];
    }>`WITH near AS MATERIALIZED (
       SELECT d.id, d.case_id, d.due_on FROM ${openDeadlinesDueBy(mine('c'), sql`current_date + 14`)}
     ), idle AS (
       SELECT i.id, i.reference, i.last_activity_at FROM legal_case i
        WHERE ${mine('i')} AND i.stage <> 'closed' AND i.last_activity_at < now() - interval '30 days'
     )
     SELECT
       (SELECT coalesce(json_agg(json_build_object('stage', x.stage::text, 'count', x.count) ORDER BY x.stage), '[]')
          FROM (SELECT c.stage, count(*)::int AS count FROM legal_case c WHERE ${mine('c')} AND c.stage <> 'closed' GROUP BY c.stage) x) AS stages,
       (SELECT count(*)::int FROM near WHERE due_on < current_date) AS overdue,
       (SELECT count(*)::int FROM near WHERE due_on >= current_date) AS next14,
       (SELECT count(*)::int FROM idle) AS inactive,
       (SELECT coalesce(json_agg(x ORDER BY x."dueOn", x.id), '[]')
          FROM (SELECT d.id, d.case_id AS "caseId", c.reference AS "caseReference", d.title, d.kind::text AS kind, to_char(d.due_on, 'YYYY-MM-DD') AS "dueOn"
                  FROM (SELECT * FROM near ORDER BY due_on, id LIMIT 20) n
                  JOIN deadline d ON d.id = n.id JOIN legal_case c ON c.id = n.case_id) x) AS deadlines,
       (SELECT coalesce(json_agg(json_build_object('status', x.status::text, 'count', x.count) ORDER BY x.status), '[]')
          FROM (SELECT t.status, count(*)::int AS count FROM task t
                 WHERE t.assignee_id = ${actor.id} AND t.team_id = ${actor.teamId} GROUP BY t.status) x) AS tasks,
       (SELECT count(*)::int FROM task t
         WHERE t.assignee_id = ${actor.id} AND t.status <> 'done' AND t.due_on < current_date
           AND t.team_id = ${actor.teamId}
           -- As the task list it links to counts (access.tasks): a case since given to
           -- someone else takes its tasks out of view.
           AND (t.case_id IS NULL OR EXISTS (SELECT 1 FROM legal_case tc WHERE tc.id = t.case_id
                 AND tc.assigned_to_id = ${actor.id} AND tc.team_id = ${actor.teamId}))) AS "overdueTasks",
       (SELECT coalesce(json_agg(json_build_object('id', x.id, 'reference', x.reference,
                 'lastActivityAt', ${isoInstant(sql`x.last_activity_at`)}) ORDER BY x.last_activity_at, x.id), '[]')
          FROM (SELECT * FROM idle ORDER BY last_activity_at, id LIMIT 10) x) AS "inactiveItems"`,
    { plan: 'generic' },
  );
  const { stages, deadlines, tasks, overdueTasks, inactiveItems: inactive, ...counts } = row!;
  return { stages, counts, deadlines, tasks, overdueTasks, inactive };
}

/**
 * One team's active caseworkers with their counts (fixed values are literals of the text, as the
 * partial indexes' predicates must be matched: `status <> 'done'`, `stage <> 'closed'`), as a query over three CTEs: open and urgent
 * cases per assignee, index-only over (team_id, stage, next_deadline_on, id) INCLUDE (opened_on,
 * assigned_to_id, priority); overdue deadlines per assignee from the cases whose next deadline has
 * passed; unfinished tasks per assignee, and of them those due before today, from a partial index
 * (team_id, assignee_id) INCLUDE (due_on), index-only. The team is the one the caller may
 * see (a supervisor's own, any an admin names): the caller decides it. The supervisor's dashboard
 * and `GET /api/caseload` count with it.
 */
export function caseloadQuery(team: string) {
  return db
    .with('cases', (qb) =>
      qb
        .selectFrom('legal_case as c')
        .select([
          'c.assigned_to_id',
          sql<number>`count(*)::int`.as('open_cases'),
          sql<number>`count(*) FILTER (WHERE c.priority = 'urgent')::int`.as('urgent'),
        ])
        .where('c.stage', '<>', sql.lit('closed'))
        .where('c.assigned_to_id', 'is not', null)
        .where('c.team_id', '=', team)
        .groupBy('c.assigned_to_id'),
    )
    .with(
      'overdue',
      () =>
        sql<{
          assigned_to_id: string | null;
          n: number;
        }>`(SELECT c.assigned_to_id, count(*)::int AS n
          FROM ${openDeadlinesDueBy(sql<SqlBool>`c.team_id = ${team}`, sql`current_date - 1`)}
         GROUP BY c.assigned_to_id)`,
    )
    .with('tasks', (qb) =>
      qb
        .selectFrom('task as t')
        .select([
          't.assignee_id',
          sql<number>`count(*)::int`.as('n'),
          sql<number>`(count(*) FILTER (WHERE t.due_on < current_date))::int`.as('overdue'),
        ])
        .where('t.status', '<>', sql.lit('done'))
        .where('t.team_id', '=', team)
        .groupBy('t.assignee_id'),
    )
    .selectFrom('app_user as u')
    .leftJoin('cases', 'cases.assigned_to_id', 'u.id')
    .leftJoin('overdue', 'overdue.assigned_to_id', 'u.id')
    .leftJoin('tasks', 'tasks.assignee_id', 'u.id')
    .select([
      'u.id',
      'u.id as userId',
      'u.full_name as fullName',
      sql<string>`u.team_id`.as('teamId'),
      sql<number>`coalesce(cases.open_cases, 0)`.as('openCases'),
      sql<number>`coalesce(cases.urgent, 0)`.as('urgentCases'),
      sql<number>`coalesce(overdue.n, 0)`.as('overdueDeadlines'),
      sql<number>`coalesce(tasks.n, 0)`.as('openTasks'),
      sql<number>`coalesce(tasks.overdue, 0)`.as('overdueTasks'),
    ])
    .where('u.role', '=', sql.lit('caseworker'))
    .where(sql<SqlBool>`u.active`)
    .where('u.team_id', '=', team);
}

/** How many teams the admin's dashboard lists by load; the Caseload page has every team. */
export const TEAMS_LISTED = 10;

/**
 * Across all teams, the load of each team (instead of a row per caseworker, which grows with the
 * organisation), as CTEs: open, urgent and unassigned cases per team; overdue deadlines per team
 * from (status, due_on); unfinished tasks per team; active caseworkers per team. `TEAMS_LISTED`
 * of them are listed, the most overdue first.
 */
const teamLoadCtes = sql`team_cases AS (
       SELECT team_id, count(*)::int AS open_cases, count(*) FILTER (WHERE priority = 'urgent')::int AS urgent,
              count(*) FILTER (WHERE assigned_to_id IS NULL)::int AS unassigned
         FROM legal_case WHERE stage <> 'closed' GROUP BY team_id
     ), team_overdue AS (
       SELECT c.team_id, count(*)::int AS n FROM deadline d JOIN legal_case c ON c.id = d.case_id
        WHERE d.status = 'open' AND d.due_on <= current_date - 1 GROUP BY c.team_id
     ), team_tasks AS (
       SELECT team_id, count(*)::int AS n, (count(*) FILTER (WHERE due_on < current_date))::int AS overdue
         FROM task WHERE status <> 'done' GROUP BY team_id
     ), team_staff AS (
       SELECT team_id, count(*)::int AS n FROM app_user WHERE role = 'caseworker' AND active AND team_id IS NOT NULL GROUP BY team_id
     ), team_load AS (
       SELECT t.id AS "teamId", t.name, coalesce(team_staff.n, 0) AS caseworkers,
              coalesce(team_cases.open_cases, 0) AS "openCases", coalesce(team_cases.urgent, 0) AS "urgentCases",
              coalesce(team_cases.unassigned, 0) AS "unassignedCases", coalesce(team_overdue.n, 0) AS "overdueDeadlines",
              coalesce(team_tasks.n, 0) AS "openTasks", coalesce(team_tasks.overdue, 0) AS "overdueTasks"
         FROM team t
         LEFT JOIN team_cases ON team_cases.team_id = t.id
         LEFT JOIN team_overdue ON team_overdue.team_id = t.id
         LEFT JOIN team_tasks ON team_tasks.team_id = t.id
         LEFT JOIN team_staff ON team_staff.team_id = t.id
     )`;
const TEAM_LOAD_ORDER = sql`"overdueDeadlines" DESC, "openCases" DESC, name, "teamId"`;

/**
 * The figures of the cases and tasks the actor may see: a supervisor's team's, or (an admin) every
 * team's, in one statement, each part a subquery over its own index: cases by stage and by age
 * index-only over (team_id, stage, next_deadline_on, id) INCLUDE (opened_on, assigned_to_id,
 * priority); the deadlines due within a week (overdue ones included) found once and counted and
 * listed from there; the unfinished tasks due before today from the partial (team_id, assignee_id)
 * INCLUDE (due_on) index; the review queue and unassigned intake lists by their own indexes. A team's
 * caseload has a row per caseworker (`caseloadCtes`); across all teams, a row per team, the most
 * loaded first (`teamLoadCtes`). Instants are written as ISO strings in UTC.
 */
export async function teamFigures(on: On, access: AccessService, actor: Actor) {
  const allTeams = actor.role === 'admin';
  const cases = (alias: string) => access.cases(actor, alias);
  const team = actor.teamId ?? NO_TEAM;
  // Tasks by their team (as the caseload counts them), not AccessService.tasks: its probe of each
  // task's case turns the review queue into a hash of the team's cases on every request.
  const tasks = allTeams ? sql<SqlBool>`true` : sql<SqlBool>`t.team_id = ${team}`;
  const row = await first(
    on,
    sql<{
      stages: StageCount[];
      caseload?: CaseloadRow[];
      teamCount?: number;
      teamItems?: TeamLoadRow[];
      byAge: CaseAgeCount[];
      atRisk: number;
      overdue: number;
      overdueTasks: number;
      review: number;
      unassigned: number;
      atRiskItems: AtRiskDeadline[];
      reviewItems: ReviewQueueItem[];
      unassignedItems: UnassignedCase[];
    }>`WITH near AS MATERIALIZED (
       SELECT d.id, d.case_id, d.due_on FROM ${openDeadlinesDueBy(allTeams ? null : cases('c'), sql`current_date + 7`)}
     )${allTeams ? sql`, ${teamLoadCtes}` : sql``}
     SELECT
       (SELECT coalesce(json_agg(json_build_object('stage', x.stage::text, 'count', x.count) ORDER BY x.stage), '[]')
          FROM (SELECT c.stage, count(*)::int AS count FROM legal_case c WHERE ${cases('c')} GROUP BY c.stage) x) AS stages,
       ${
         allTeams
           ? sql`(SELECT count(*)::int FROM team_load) AS "teamCount",
              (SELECT coalesce(json_agg(x ORDER BY ${TEAM_LOAD_ORDER}), '[]')
                 FROM (SELECT * FROM team_load ORDER BY ${TEAM_LOAD_ORDER} LIMIT ${sql.lit(TEAMS_LISTED)}) x) AS "teamItems",`
           : sql`(SELECT coalesce(json_agg(x ORDER BY x."fullName", x."userId"), '[]')
                 FROM (SELECT "userId", "fullName", "teamId", "openCases", "urgentCases", "overdueDeadlines", "openTasks", "overdueTasks"
                         FROM ${caseloadQuery(team)} r) x) AS caseload,`
       }
       (SELECT coalesce(json_agg(json_build_object('bucket', x.bucket, 'count', x.count)), '[]')
          FROM (SELECT CASE WHEN current_date - c.opened_on <= 30 THEN '0-30'
                            WHEN current_date - c.opened_on <= 90 THEN '31-90'
                            WHEN current_date - c.opened_on <= 180 THEN '91-180'
                            WHEN current_date - c.opened_on <= 365 THEN '181-365'
                            ELSE '365+' END AS bucket, count(*)::int AS count
                  FROM legal_case c WHERE c.stage <> 'closed' AND ${cases('c')}
                 GROUP BY 1) x) AS "byAge",
       (SELECT count(*)::int FROM near WHERE due_on >= current_date) AS "atRisk",
       (SELECT count(*)::int FROM near WHERE due_on < current_date) AS overdue,
       (SELECT count(*)::int FROM task t WHERE t.status = 'in_review' AND ${tasks}) AS review,
       (SELECT count(*)::int FROM task t WHERE t.status <> 'done' AND t.due_on < current_date AND ${tasks}) AS "overdueTasks",
       (SELECT count(*)::int FROM legal_case c WHERE c.assigned_to_id IS NULL AND c.stage <> 'closed' AND ${cases('c')}) AS unassigned,
       (SELECT coalesce(json_agg(x ORDER BY x."dueOn", x.id), '[]')
          FROM (SELECT d.id, d.case_id AS "caseId", c.reference AS "caseReference", d.title, d.kind::text AS kind,
                       to_char(d.due_on, 'YYYY-MM-DD') AS "dueOn", c.assigned_to_id AS "assignedToId"
                  FROM (SELECT * FROM near WHERE due_on >= current_date ORDER BY due_on, id LIMIT 20) n
                  JOIN deadline d ON d.id = n.id JOIN legal_case c ON c.id = n.case_id) x) AS "atRiskItems",
       (SELECT coalesce(json_agg(json_build_object('id', x.id, 'title', x.title, 'assigneeId', x.assignee_id,
                 'kind', CASE WHEN x.note_id IS NULL THEN 'task' ELSE 'note_review' END,
                 'submittedAt', ${isoInstant(sql`x.submitted_at`)},
                 'caseReference', x.reference) ORDER BY x.submitted_at NULLS LAST, x.id), '[]')
          FROM (SELECT t.id, t.title, t.assignee_id, t.submitted_at, t.note_id, c.reference
                  FROM task t LEFT JOIN legal_case c ON c.id = t.case_id
                 WHERE t.status = 'in_review' AND ${tasks}
                 ORDER BY t.submitted_at NULLS LAST, t.id LIMIT 10) x) AS "reviewItems",
       (SELECT coalesce(json_agg(x ORDER BY x."openedOn", x.id), '[]')
          FROM (SELECT c.id, c.reference, to_char(c.opened_on, 'YYYY-MM-DD') AS "openedOn", c.priority::text AS priority FROM legal_case c
                 WHERE c.assigned_to_id IS NULL AND c.stage <> 'closed' AND ${cases('c')}
                 ORDER BY c.opened_on, c.id LIMIT 10) x) AS "unassignedItems"`,
    { plan: 'generic' },
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
  } = row!;
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

/** A caseload row, as the `load` CTE of `caseloadStatement` holds it. */
type LoadRow = RowsOf<ReturnType<typeof caseloadQuery>>;

/**
 * What `GET /api/caseload` accepts: sorts over the row's own columns (those of the `load` CTE), `q`
 * over the name (`u.full_name` inside it).
 */
export const CASELOAD_LIST: ListSpec<SelectQueryBuilder<{ load: LoadRow }, 'load', LoadRow>> = {
  sortable: {
    fullName: 'fullName',
    openCases: 'openCases',
    urgentCases: 'urgentCases',
    overdueDeadlines: 'overdueDeadlines',
    openTasks: 'openTasks',
    overdueTasks: 'overdueTasks',
  },
  defaultSort: { field: 'fullName', order: 'ASC' },
  filters: {},
  search: ['fullName'],
  tieBreaker: 'id',
};

/**
 * A page of one team's caseload (`GET /api/caseload`): its active caseworkers with their counts,
 * as the supervisor's dashboard counts them (the same CTEs), sorted (then by name), narrowed by a
 * name search, the total, and whether the team exists — one statement. Its cost grows with the
 * team, not with the organisation.
 */
export function caseloadStatement(teamId: string, list: ParsedList): Statement {
  const search = list.search;
  const load = search
    ? caseloadQuery(teamId).where('u.full_name', 'ilike', search.pattern)
    : caseloadQuery(teamId);
  // The sort is one of CASELOAD_LIST's own output columns (parseListQuery admits no other).
  const by = list.orderBy.expression;
  if (typeof by !== 'string') throw new Error('caseload: sorts by its own output columns');
  const sort = sql.ref(by.replace(/"/g, ''));
  const query = sql`WITH load AS ${load},
     page AS (
       SELECT row_number() OVER () AS list_position, p.* FROM (
         SELECT * FROM load ORDER BY ${sort} ${sql.raw(list.orderBy.order === 'DESC' ? 'DESC' : 'ASC')}, "fullName", id
          LIMIT ${list.perPage} OFFSET ${(list.page - 1) * list.perPage}) p
     ), total AS (
       SELECT count(*)::int AS list_total, EXISTS (SELECT 1 FROM team WHERE id = ${teamId}) AS team_exists FROM load
     )
     SELECT total.list_total, total.team_exists, page.* FROM total LEFT JOIN page ON true ORDER BY page.list_position`.compile(
    db,
  );
  return { text: query.sql, values: [...query.parameters], plan: 'generic' };
}

/** The admin's own figures: accounts by role, and the latest audit events. */
export async function adminFigures(on: On): Promise<AdminFigures> {
  const accounts = await rows(
    on,
    db
      .selectFrom('app_user as u')
      .select([
        sql<Role>`u.role::text`.as('role'),
        sql<number>`count(*) FILTER (WHERE u.active)::int`.as('active'),
        sql<number>`count(*) FILTER (WHERE NOT u.active)::int`.as('inactive'),
      ])
      .groupBy('u.role')
      .orderBy('u.role'),
  );
  const recentAudit = await rows(
    on,
    db
      .selectFrom('audit_event')
      .select([
        'id',
        sql<string>`to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('at'),
        sql<AuditAction>`action`.as('action'),
        'entity_type as entityType',
        'summary',
        'actor_id as actorId',
      ])
      .orderBy('seq', 'desc')
      .limit(sql.lit(10)),
  );
  return { accounts, recentAudit };
}
