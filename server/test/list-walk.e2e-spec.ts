import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_LIST } from '../src/cases/cases.service.js';
import { LIST as CLIENT_LIST } from '../src/clients/clients.service.js';
import { LIST as DEADLINE_LIST } from '../src/deadlines/deadlines.service.js';
import { LIST as NOTE_LIST, REVISIONS } from '../src/notes/notes.service.js';
import { LIST as DOCUMENT_LIST } from '../src/documents/documents.service.js';
import { LIST as DATA_REQUEST_LIST } from '../src/data-requests/data-requests.service.js';
import { LIST as TASK_LIST } from '../src/tasks/tasks.service.js';
import { RUN_LIST as RETENTION_RUN_LIST } from '../src/retention/retention.service.js';
import { LIST as USER_LIST } from '../src/users/users.service.js';
import { LIST as TEAM_LIST } from '../src/teams/teams.service.js';
import { LIST as AUDIT_LIST, CASE_HISTORY } from '../src/audit/audit.service.js';
import { CASELOAD_LIST } from '../src/dashboard/dashboard.queries.js';
import type { FilterSpec, ListSpec } from '../src/common/list-query.js';
import { pdfWith } from './document-fixtures.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

/** A valid value of a filter's type (one that may match nothing: the list still has to run). */
function valueOf(filter: FilterSpec, ids: { uuid: string }): string {
  switch (filter.type) {
    case 'string':
      return 'DE';
    case 'uuid':
      return ids.uuid;
    case 'enum':
      return filter.values![0];
    case 'date':
      return '2026-01-15';
    case 'instant':
      return '2026-01-15T10:00:00Z';
    case 'number':
      return '1';
    case 'boolean':
      return 'true';
  }
}

/**
 * Every query a list's spec allows one key at a time: each sortable field ascending and descending,
 * each filter with a valid value of its type, a range filter's `_gte` and `_lte` too, and `q` where
 * the list is searched. Read from the specs themselves, so a key added to a list is walked too.
 */
function walk(spec: ListSpec<unknown>, uuid: string): Record<string, string>[] {
  const queries: Record<string, string>[] = [];
  for (const sort of Object.keys(spec.sortable))
    for (const order of ['ASC', 'DESC']) queries.push({ sort, order });
  for (const [name, filter] of Object.entries(spec.filters)) {
    const value = valueOf(filter as FilterSpec, { uuid });
    queries.push({ [name]: value });
    if (filter.range) queries.push({ [`${name}_gte`]: value }, { [`${name}_lte`]: value });
  }
  if (spec.search) queries.push({ q: 'sok' }, { q: 'a' });
  return queries;
}

describe('every sortable and filterable key of every list runs', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let caseId: string;
  let noteId: string;
  let teamId: string;

  beforeAll(async () => {
    t = await startTestApp();
    for (const email of ['admin', 'supervisor', 'caseworker'])
      tokens[email] = await t.tokenFor(`${email}@haven.local`);
    const { case: opened } = await intake(t, 'caseworker@haven.local');
    await intake(t, 'caseworker@haven.local');
    caseId = opened.id;
    teamId = opened.teamId;
    const note = await t
      .http()
      .post('/api/notes')
      .set('Authorization', tokens.caseworker)
      .send({ caseId, ground: 'political_opinion', title: 'Summons', body: 'First draft' });
    expect(note.status).toBe(201);
    noteId = note.body.id;
    const document = await t
      .http()
      .post(`/api/cases/${caseId}/documents`)
      .set('Authorization', tokens.caseworker)
      .field('kind', 'summons')
      .field('title', 'Summons')
      .attach('file', pdfWith('walk'), 'summons.pdf');
    expect(document.status).toBe(201);
  });
  afterAll(() => t.close());

  // Each list with who may read it (the case history and revisions of one record; the audit list
  // and the caseload are not a caseworker's: their supervisor's instead).
  const lists = (): {
    path: string;
    spec: ListSpec<unknown>;
    roles: string[];
    extra?: Record<string, string>;
    /** Each read of it adds to it (a case's history lists the audit events of its own reads). */
    grows?: boolean;
  }[] => [
    { path: '/api/cases', spec: CASE_LIST, roles: ['admin', 'caseworker'] },
    { path: '/api/clients', spec: CLIENT_LIST, roles: ['admin', 'caseworker'] },
    { path: '/api/deadlines', spec: DEADLINE_LIST, roles: ['admin', 'caseworker'] },
    { path: '/api/notes', spec: NOTE_LIST, roles: ['admin', 'caseworker'] },
    { path: '/api/documents', spec: DOCUMENT_LIST, roles: ['admin', 'caseworker'] },
    {
      path: '/api/data-requests',
      // `clientId` names a client, and one the caller may not see (here: a case's id) is a 404:
      // walked in data-requests.e2e-spec.ts.
      spec: {
        ...DATA_REQUEST_LIST,
        filters: Object.fromEntries(
          Object.entries(DATA_REQUEST_LIST.filters).filter(([name]) => name !== 'clientId'),
        ),
      } as ListSpec<unknown>,
      roles: ['admin', 'caseworker'],
    },
    { path: '/api/tasks', spec: TASK_LIST, roles: ['admin', 'caseworker'] },
    { path: '/api/retention/runs', spec: RETENTION_RUN_LIST, roles: ['admin'] },
    { path: '/api/users', spec: USER_LIST, roles: ['admin', 'caseworker'] },
    { path: '/api/teams', spec: TEAM_LIST, roles: ['admin', 'caseworker'] },
    { path: `/api/notes/${noteId}/revisions`, spec: REVISIONS, roles: ['admin', 'caseworker'] },
    {
      path: `/api/cases/${caseId}/history`,
      spec: CASE_HISTORY,
      roles: ['admin', 'caseworker'],
      grows: true,
    },
    { path: '/api/audit-events', spec: AUDIT_LIST, roles: ['admin', 'supervisor'] },
    {
      path: '/api/caseload',
      spec: CASELOAD_LIST,
      roles: ['admin', 'supervisor'],
      extra: { teamId },
    },
  ];

  it('answers 200 with a consistent page and total for each key, as each role that may read the list', async () => {
    const failures: string[] = [];
    let walked = 0;
    for (const { path, spec, roles, extra, grows } of lists()) {
      for (const role of roles) {
        const get = (query: Record<string, string>) =>
          t
            .http()
            .get(path)
            .query({ perPage: '2', ...extra, ...query })
            .set('Authorization', tokens[role]);
        const all = await get({});
        if (all.status !== 200) {
          failures.push(`${role} ${path}: ${all.status} ${JSON.stringify(all.body)}`);
          continue;
        }
        for (const query of walk(spec, caseId)) {
          const response = await get(query);
          walked++;
          const where = `${role} ${path}?${new URLSearchParams(query).toString()}`;
          if (response.status !== 200) {
            failures.push(`${where}: ${response.status} ${JSON.stringify(response.body)}`);
            continue;
          }
          const { data, total } = response.body as { data: unknown[]; total: number };
          // A page of at most perPage rows, all of them when fewer, never more than the list holds.
          if (!Number.isInteger(total) || data.length !== Math.min(2, total))
            failures.push(`${where}: ${data.length} rows of ${total}`);
          // A sort reorders the list: the same total as the unsorted one.
          if (query.sort && !grows && total !== all.body.total)
            failures.push(`${where}: total ${total}, unsorted ${all.body.total}`);
          if (!query.sort && !grows && total > all.body.total)
            failures.push(`${where}: a filter found ${total} of ${all.body.total}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(walked).toBeGreaterThan(200);
  });

  it('finds what a filter names: the intake’s case by id and its stage, among the caseworker’s', async () => {
    const byId = await t
      .http()
      .get('/api/cases')
      .query({ id: caseId, stage: 'intake', assigned: 'true', openedOn_lte: '2999-01-01' })
      .set('Authorization', tokens.caseworker);
    expect(byId.status).toBe(200);
    expect(byId.body.total).toBe(1);
    expect(byId.body.data[0].id).toBe(caseId);
  });
});
