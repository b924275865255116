import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { AccessService } from '../src/access/access.service.js';
import { AuditService } from '../src/audit/audit.service.js';
import { CasesService } from '../src/cases/cases.service.js';
import { ClientsService } from '../src/clients/clients.service.js';
import type { Actor } from '../src/common/actor.js';
import type { Statement } from '../src/database/prepared.js';
import { runStatement } from '../src/database/sql.js';
import { DeadlinesService } from '../src/deadlines/deadlines.service.js';
import { DuplicatesService } from '../src/duplicates/duplicates.service.js';
import type { FieldEncryption } from '../src/encryption/field-encryption.js';
import { NotesService } from '../src/notes/notes.service.js';
import { DocumentsService } from '../src/documents/documents.service.js';
import type { HavenConfig } from '../src/config/config.js';
import {
  adminFigures,
  caseworkerFigures,
  teamFigures,
} from '../src/dashboard/dashboard.queries.js';
import { caseloadRequest } from '../src/dashboard/dashboard.service.js';

/** The paths the benchmark drives (and explains) more than once. */
export const CASE_LIST_PATH =
  '/api/cases?page=1&perPage=25&stage=lodged&sort=nextDeadlineOn&order=ASC';
/** A stage most cases pass through, by next deadline: an admin's unscoped list must sort many rows. */
export const CASE_LIST_PREPARATION_PATH =
  '/api/cases?page=1&perPage=25&stage=preparation&sort=nextDeadlineOn&order=ASC';
/** Every document the caller may see, newest first (an admin: all of them). */
export const DOCUMENT_LIST_PATH = '/api/documents?page=1&perPage=25&sort=createdAt&order=DESC';
/** The client list as the client's list page first asks for it. */
export const CLIENT_LIST_PATH = '/api/clients?page=1&perPage=25&sort=familyName&order=ASC';
/** A client search by a spelling no client has, that the name keys find (Dmitrii, Дмитрий). */
export const CLIENT_SEARCH_ACROSS_PATH = `/api/clients?q=Dmitry&page=1&perPage=25&sort=familyName&order=ASC`;
export const DUPLICATE_CHECK_PATH = `/api/clients/possible-duplicates?givenName=Dmitry&familyName=Sokolov&nativeName=${encodeURIComponent('Дмитрий Соколов')}&dateOfBirth=1990-05-01&nationality=RU`;

export interface Fixture {
  caseworkerId: string;
  teamId: string;
  caseId: string;
  /** That case's reference (a client search by case reference). */
  caseReference: string;
}

/**
 * For each read, the statement the API runs for it, built by the route's own service (the same
 * text, values and plan — prepared, generic or unnamed — and the same audit insert), and run
 * straight through pg: what the API adds on top (HTTP, the token and session check, mapping rows
 * to JSON) is the difference the benchmark shows. Dashboards run the API's own query functions.
 */
export function sqlWorkloads(dataSource: DataSource, crypto: FieldEncryption, _f: Fixture) {
  const access = new AccessService();
  const audit = new AuditService(dataSource);
  const cases = new CasesService(dataSource, crypto, access, audit);
  const clients = new ClientsService(dataSource, crypto, access, audit);
  const deadlines = new DeadlinesService(dataSource, crypto, access, audit);
  const notes = new NotesService(dataSource, crypto, access, audit);
  const documents = new DocumentsService(dataSource, crypto, access, audit, {
    maxUploadMb: 25,
    storageUrl: null,
  } as HavenConfig);
  // Only its statements are used here: the key of the audit trail's input HMAC does not matter.
  const duplicates = new DuplicatesService(dataSource, access, audit, { secret: 'bench' }, crypto);
  /** The statement of one API path (a GET the benchmark drives), for this actor. */
  const statementOf = (actor: Actor, path: string): Statement => {
    const url = new URL(path, 'http://bench');
    const query = Object.fromEntries(url.searchParams);
    const route = url.pathname;
    if (route === '/api/cases') return cases.listStatement(actor, query);
    if (route.startsWith('/api/cases/'))
      return cases.getStatement(actor, route.slice('/api/cases/'.length));
    if (route === '/api/clients/possible-duplicates')
      return duplicates.candidates(actor, query).statement;
    if (route === '/api/clients') return clients.listStatement(actor, query);
    if (route === '/api/deadlines') return deadlines.listStatement(actor, query);
    if (route === '/api/notes') return notes.listStatement(actor, query);
    if (route === '/api/documents') return documents.listStatement(actor, query);
    if (route === '/api/caseload') return caseloadRequest(actor, query);
    throw new Error(`no statement for ${path}`);
  };
  return {
    /**
     * The API paths' statements in turn, one per run (as autocannon sends the paths in turn, one
     * per request), so requests/s compare like for like.
     */
    statements: (actor: Actor, paths: string[]) => {
      const statements = paths.map((path) => statementOf(actor, path));
      let next = 0;
      return () => runStatement(dataSource, statements[next++ % statements.length]);
    },
    statementOf,
    caseworkerDashboard: (actor: Actor) => caseworkerFigures(dataSource, access, actor),
    supervisorDashboard: (actor: Actor) => teamFigures(dataSource, access, actor),
    adminDashboard: (actor: Actor) =>
      Promise.all([teamFigures(dataSource, access, actor), adminFigures(dataSource)]),
  };
}

/** A list row's columns as a hand-written endpoint would select them (the fields the API returns). */
const BARE_CASE_COLUMNS = `c.id, c.reference, c.client_id AS "clientId", cl.given_name AS "givenName",
  cl.family_name AS "familyName", c.case_type AS "caseType", c.jurisdiction, c.stage, c.outcome, c.priority,
  c.assigned_to_id AS "assignedToId", c.team_id AS "teamId", c.grounds, c.military_status AS "militaryStatus",
  c.opened_on::text AS "openedOn", c.closed_on::text AS "closedOn", c.next_deadline_on::text AS "nextDeadlineOn",
  c.last_activity_at AS "lastActivityAt", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.version`;
const BARE_CLIENT_COLUMNS = `cl.id, cl.reference, cl.given_name AS "givenName", cl.family_name AS "familyName",
  cl.native_name AS "nativeName", cl.date_of_birth::text AS "dateOfBirth",
  cl.date_of_birth_approximate AS "dateOfBirthApproximate", cl.sex, cl.nationality, cl.languages,
  cl.current_country AS "currentCountry", cl.current_city AS "currentCity", cl.arrival_date::text AS "arrivalDate",
  cl.created_at AS "createdAt", cl.updated_at AS "updatedAt", cl.version`;
const BARE_DOCUMENT_COLUMNS = `d.id, d.case_id AS "caseId", d.kind, d.title, d.language, d.mime,
  d.size_bytes AS "sizeBytes", d.sha256, d.status, d.withdrawn_at AS "withdrawnAt",
  d.withdrawn_by_id AS "withdrawnById", d.uploaded_by_id AS "uploadedById",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.version`;
const BARE_SORT: Record<string, Record<string, string>> = {
  '/api/cases': { nextDeadlineOn: 'c.next_deadline_on', openedOn: 'c.opened_on' },
  '/api/clients': { familyName: 'cl.family_name', createdAt: 'cl.created_at' },
  '/api/documents': { createdAt: 'd.created_at' },
};

/**
 * The bare page + count of a list path, in raw SQL: the same filter, sort and page, with no scoping
 * and no audit — what a hand-written endpoint would run (two prepared statements, page then count,
 * on one connection). It does not depend on the caller, so every role's list is held to the same
 * figure and the cost of scoping and audit stays visible. Written out here, independently of the
 * services, so that it stays bare whatever they become.
 */
export function bareList(pool: pg.Pool, path: string): () => Promise<unknown> {
  const url = new URL(path, 'http://bench');
  const q = url.searchParams;
  const route = url.pathname;
  const sortColumn = BARE_SORT[route]?.[q.get('sort') ?? ''];
  if (sortColumn === undefined) throw new Error(`no bare list for ${path}`);
  const order = q.get('order') === 'DESC' ? 'DESC' : 'ASC';
  const nulls = order === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST';
  const perPage = Number(q.get('perPage') ?? 25);
  const offset = (Number(q.get('page') ?? 1) - 1) * perPage;
  const stage = q.get('stage');
  const values: unknown[] = [];
  const where: string[] = [];
  let from: string;
  let countFrom: string;
  let columns: string;
  let tie: string;
  if (route === '/api/cases') {
    from = 'legal_case c LEFT JOIN client cl ON cl.id = c.client_id';
    countFrom = 'legal_case c';
    columns = BARE_CASE_COLUMNS;
    tie = 'c.id';
    if (stage !== null) {
      values.push(stage);
      where.push(`c.stage = $${values.length}`);
    }
  } else if (route === '/api/documents') {
    from = 'document d';
    countFrom = 'document d';
    columns = BARE_DOCUMENT_COLUMNS;
    tie = 'd.id';
    const caseId = q.get('caseId');
    if (caseId !== null) {
      values.push(caseId);
      where.push(`d.case_id = $${values.length}`);
    }
  } else {
    from = 'client cl';
    countFrom = 'client cl';
    columns = BARE_CLIENT_COLUMNS;
    tie = 'cl.id';
    where.push('cl.merged_into_id IS NULL');
  }
  for (const key of q.keys())
    if (
      ![
        'page',
        'perPage',
        'sort',
        'order',
        ...(route === '/api/cases' ? ['stage'] : []),
        ...(route === '/api/documents' ? ['caseId'] : []),
      ].includes(key)
    )
      throw new Error(`the bare list of ${path} does not filter on ${key}`);
  const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const name = `bench_bare_${createHash('sha1').update(path).digest('hex').slice(0, 12)}`;
  const page = {
    name: `${name}_page`,
    text: `SELECT ${columns} FROM ${from} ${condition}
            ORDER BY ${sortColumn} ${order} ${nulls}, ${tie} ${order}
            LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
    values: [...values, perPage, offset],
  };
  const count = {
    name: `${name}_count`,
    text: `SELECT count(*)::int AS total FROM ${countFrom} ${condition}`,
    values,
  };
  return async () => {
    const client = await pool.connect();
    try {
      const rows = await client.query(page);
      const total = await client.query<{ total: number }>(count);
      return { rows: rows.rows, total: total.rows[0].total };
    } finally {
      client.release();
    }
  };
}

export function intakeRequestBody() {
  return {
    client: {
      givenName: 'Bench',
      familyName: 'Person',
      nativeName: 'Тест Персона',
      sex: 'male',
      nationality: 'RU',
      languages: ['ru'],
      currentCountry: 'GE',
      arrivalDate: '2024-01-10',
    },
    case: {
      caseType: 'asylum',
      jurisdiction: 'DE',
      grounds: ['conscientious_objection'],
      militaryStatus: 'draft_evader_post_summons',
      claimSummary: 'Benchmark intake.',
    },
    // Consent first (issue 25): without consent to data processing, the basis used instead.
    processingBasis: 'legal_claims',
  };
}

/**
 * The main queries, for EXPLAIN in the results (plans show which index serves each): the API's own
 * statements for the reads the benchmark drives, then the dashboards' parts.
 */
export function explainedQueries(
  f: Fixture,
  statementOf: (actor: Actor, path: string) => Statement,
  actors: { caseworker: Actor; supervisor: Actor; admin: Actor },
): { name: string; sql: string; params: unknown[]; generic?: boolean }[] {
  const api = (name: string, actor: Actor, path: string) => {
    const statement = statementOf(actor, path);
    const how =
      statement.plan === 'generic'
        ? 'its generic plan, as the API runs it'
        : statement.plan === 'prepared'
          ? 'prepared'
          : 'planned for its values, as the API runs it';
    return {
      name: `${name} — GET ${path} (${how})`,
      sql: statement.text,
      params: statement.values,
      generic: statement.plan === 'generic',
    };
  };
  return [
    api('case list (caseworker)', actors.caseworker, CASE_LIST_PATH),
    api('case list (team)', actors.supervisor, CASE_LIST_PATH),
    api('case list (admin)', actors.admin, CASE_LIST_PATH),
    api('case list (admin, stage=preparation)', actors.admin, CASE_LIST_PREPARATION_PATH),
    api('case list (team, stage=preparation)', actors.supervisor, CASE_LIST_PREPARATION_PATH),
    api('client list (admin)', actors.admin, CLIENT_LIST_PATH),
    api('client list (team)', actors.supervisor, CLIENT_LIST_PATH),
    api(
      "client search (the team's trigram matches in case_search, found once)",
      actors.supervisor,
      `/api/clients?q=${encodeURIComponent('Соколов')}&perPage=25`,
    ),
    api(
      "client search across scripts (the team's name keys in case_search, ranked)",
      actors.supervisor,
      CLIENT_SEARCH_ACROSS_PATH,
    ),
    api(
      "client search across scripts (a caseworker's name keys in case_search, ranked)",
      actors.caseworker,
      CLIENT_SEARCH_ACROSS_PATH,
    ),
    api(
      'client search across scripts (admin: the name key index of client, ranked)',
      actors.admin,
      CLIENT_SEARCH_ACROSS_PATH,
    ),
    api(
      'client search by a case reference (caseworker)',
      actors.caseworker,
      `/api/clients?q=${encodeURIComponent(f.caseReference)}&perPage=25`,
    ),
    api(
      'client search by a case reference (admin: case_search by reference, then client by key)',
      actors.admin,
      `/api/clients?q=${encodeURIComponent(f.caseReference)}&perPage=25`,
    ),
    api('a case', actors.caseworker, `/api/cases/${f.caseId}`),
    api('deadlines of a case', actors.caseworker, `/api/deadlines?caseId=${f.caseId}`),
    api(
      'deadline list (team, open, by due date)',
      actors.supervisor,
      '/api/deadlines?status=open&page=1&perPage=25&sort=dueOn&order=ASC',
    ),
    api(
      'duplicate check (nearest name keys, same date of birth)',
      actors.caseworker,
      DUPLICATE_CHECK_PATH,
    ),
    api(
      "caseload (a team's caseworkers, the most overdue first)",
      actors.supervisor,
      '/api/caseload?sort=overdueDeadlines&order=DESC',
    ),
    {
      name: 'duplicate check: the query inside client_name_neighbours (GiST trigram index, nearest first; the session’s threshold is the function’s, 0.3)',
      sql: `SELECT c.id FROM client c WHERE c.name_key % $1 AND c.merged_into_id IS NULL ORDER BY c.name_key <-> $1 LIMIT 50`,
      params: ['dmitri sokolov'],
    },
    {
      name: 'dashboard: a team’s open deadlines due within a week, overdue included (only cases whose next deadline is that near, probed)',
      sql: `SELECT count(*) FROM legal_case c CROSS JOIN LATERAL (SELECT d.id, d.case_id, d.due_on FROM deadline d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_on <= current_date + 7 OFFSET 0) d WHERE c.team_id = $1 AND c.next_deadline_on <= current_date + 7`,
      params: [f.teamId],
    },
    {
      name: 'dashboard: a team’s open tasks per assignee (partial index)',
      sql: `SELECT assignee_id, count(*) FROM task t WHERE status <> 'done' AND t.team_id = $1 GROUP BY assignee_id`,
      params: [f.teamId],
    },
    {
      name: 'dashboard: a team’s intake queue',
      sql: `SELECT id FROM legal_case c WHERE assigned_to_id IS NULL AND stage <> 'closed' AND c.team_id = $1 ORDER BY opened_on, id LIMIT 10`,
      params: [f.teamId],
    },
    {
      name: 'dashboard: a caseworker’s open deadlines due within 14 days, overdue included (only cases whose next deadline is that near, probed)',
      sql: `SELECT count(*) FROM legal_case c CROSS JOIN LATERAL (SELECT d.id, d.case_id, d.due_on FROM deadline d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_on <= current_date + 14 OFFSET 0) d WHERE c.assigned_to_id = $1 AND c.team_id = $2 AND c.next_deadline_on <= current_date + 14`,
      params: [f.caseworkerId, f.teamId],
    },
    {
      name: 'dashboard: a caseworker’s inactive cases',
      sql: `SELECT id, reference, last_activity_at FROM legal_case WHERE assigned_to_id = $1 AND team_id = $2 AND stage <> 'closed' AND last_activity_at < now() - interval '30 days' ORDER BY last_activity_at, id LIMIT 10`,
      params: [f.caseworkerId, f.teamId],
    },
  ];
}
