import type { DataSource } from 'typeorm';
import { AccessService } from '../src/access/access.service.js';
import { AuditService } from '../src/audit/audit.service.js';
import { CasesService } from '../src/cases/cases.service.js';
import { ClientsService } from '../src/clients/clients.service.js';
import type { Actor } from '../src/common/actor.js';
import { runStatement, type Statement } from '../src/database/prepared.js';
import { DeadlinesService } from '../src/deadlines/deadlines.service.js';
import { DuplicatesService } from '../src/duplicates/duplicates.service.js';
import type { FieldEncryption } from '../src/encryption/field-encryption.js';
import { NotesService } from '../src/notes/notes.service.js';
import {
  adminFigures,
  caseworkerFigures,
  teamFigures,
} from '../src/dashboard/dashboard.queries.js';
import { caseloadRequest } from '../src/dashboard/dashboard.service.js';

/** The paths the benchmark drives (and explains) more than once. */
export const CASE_LIST_PATH =
  '/api/cases?page=1&perPage=25&stage=lodged&sort=nextDeadlineOn&order=ASC';
export const DUPLICATE_CHECK_PATH = `/api/clients/possible-duplicates?givenName=Dmitry&familyName=Sokolov&nativeName=${encodeURIComponent('Дмитрий Соколов')}&dateOfBirth=1990-05-01&nationality=RU`;

export interface Fixture {
  caseworkerId: string;
  teamId: string;
  caseId: string;
}

/**
 * For each read, the statement the API runs for it, built by the route's own service (the same
 * text, values and plan — prepared, generic or unnamed — and the same audit insert), and run
 * straight through pg: what the API adds on top (HTTP, the token and session check, mapping rows
 * to JSON) is the difference the benchmark shows. Dashboards run the API's own query functions.
 */
export function sqlWorkloads(dataSource: DataSource, crypto: FieldEncryption, f: Fixture) {
  const access = new AccessService();
  const audit = new AuditService(dataSource);
  const cases = new CasesService(dataSource, crypto, access, audit);
  const clients = new ClientsService(dataSource, crypto, access, audit);
  const deadlines = new DeadlinesService(dataSource, access, audit);
  const notes = new NotesService(dataSource, crypto, access, audit);
  // Only its statements are used here: the key of the audit trail's input HMAC does not matter.
  const duplicates = new DuplicatesService(dataSource, access, audit, { secret: 'bench' });
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
    if (route === '/api/caseload') return caseloadRequest(actor, query);
    throw new Error(`no statement for ${path}`);
  };
  const manager = dataSource.manager;
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
    caseworkerDashboard: () => caseworkerFigures(manager, f.caseworkerId, f.teamId),
    supervisorDashboard: () => teamFigures(manager, { teamId: f.teamId }),
    adminDashboard: () =>
      Promise.all([teamFigures(manager, { teamId: null }), adminFigures(manager)]),
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
  };
}

/**
 * The main queries, for EXPLAIN in the results (plans show which index serves each): the API's own
 * statements for the reads the benchmark drives, then the dashboards' parts.
 */
export function explainedQueries(
  f: Fixture,
  statementOf: (actor: Actor, path: string) => Statement,
  actors: { caseworker: Actor; supervisor: Actor },
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
    api(
      "client search (the team's trigram matches in case_search, found once)",
      actors.supervisor,
      `/api/clients?q=${encodeURIComponent('Соколов')}&perPage=25`,
    ),
    api('a case', actors.caseworker, `/api/cases/${f.caseId}`),
    api('deadlines of a case', actors.caseworker, `/api/deadlines?caseId=${f.caseId}`),
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
