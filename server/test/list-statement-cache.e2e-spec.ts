import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

const NIL = '00000000-0000-0000-0000-000000000000';
const CLIENT_KEYS: Record<string, string> = {
  stage: 'sex',
  assignedToId: 'id',
  teamId: 'id',
  grounds: 'nationality',
  assigned: 'currentCountry',
  openedOn: 'arrivalDate',
  lastActivityAt: 'createdAt',
};

/** Every active user who may list cases (not the analyst), each with a fresh session. */
async function signedIn(
  t: TestApp,
): Promise<{ u: { email: string; id: string }; token: string }[]> {
  const users = await t.dataSource.query<{ email: string; id: string }[]>(
    `SELECT email, id FROM app_user WHERE active AND role <> 'analyst' ORDER BY email`,
  );
  const signed: { u: { email: string; id: string }; token: string }[] = [];
  for (const u of users) {
    try {
      signed.push({ u, token: await t.tokenFor(u.email) });
    } catch {
      // An account the harness cannot sign in with a password alone: not asked.
    }
  }
  // Caseworkers, supervisors and the admin of several teams, or the test asks too little.
  expect(signed.length).toBeGreaterThanOrEqual(5);
  return signed;
}

/**
 * One list request: anything but 200 or 400 is a failure (a template that is not what a fresh build
 * makes answers 500 under the tests), and the list-read audit must name this request's filters.
 */
async function ask(
  t: TestApp,
  u: { email: string; id: string },
  token: string,
  url: string,
  round: number,
): Promise<string[]> {
  const response = await t.http().get(url).set('Authorization', token);
  if (response.status === 400) return [];
  if (response.status !== 200) return [`${round} ${u.email} ${url}: ${response.status}`];
  const [event] = await t.dataSource.query<{ details: { filters: string[] } }[]>(
    `SELECT details FROM audit_event WHERE actor_id = $1 AND action='read' AND details ? 'list' ORDER BY seq DESC NULLS FIRST, id DESC LIMIT 1`,
    [u.id],
  );
  const expected = [...new URLSearchParams(url.split('?')[1]).keys()].filter(
    (k, i, all) => !['page', 'perPage', 'sort', 'order'].includes(k) && all.indexOf(k) === i,
  );
  return JSON.stringify(event?.details.filters) === JSON.stringify(expected)
    ? []
    : [
        `audit ${u.email} ${url}: ${JSON.stringify(event?.details.filters)} vs ${JSON.stringify(expected)}`,
      ];
}

describe('list statements kept per shape (ListStatements)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    for (const email of ['caseworker@haven.local', 'caseworker.almaty@haven.local'])
      for (let i = 0; i < 3; i++) await intake(t, email);
  });
  afterAll(() => t.close());

  // Under the tests (NODE_ENV=test) every template reused is compared with a fresh build, a
  // mismatch answering 500: every actor asks every shape twice with different values, so a key
  // that misses what a build reads fails here (cut to the role: 288 failures). The list-read
  // audit must name each request's own filters, which live in the template's parameters.
  it('every shape, value and actor: what a fresh build makes, audited per request', async () => {
    const tbilisi = await t.teamId('Tbilisi office');
    const almaty = await t.teamId('Almaty office');
    const failures: string[] = [];
    for (const round of [0, 1]) {
      for (const { u, token } of await signedIn(t)) {
        const queries = [
          '',
          'stage=intake',
          'stage=lodged',
          'stage=intake&stage=lodged',
          `assignedToId=${NIL}`,
          `assignedToId=${u.id}`,
          `assignedToId=${NIL}&assignedToId=${u.id}`,
          `assignedToId=${u.id}&assignedToId=${NIL}`,
          `teamId=${tbilisi}`,
          `teamId=${almaty}`,
          `teamId=${NIL}`,
          'grounds=political_opinion',
          'assigned=true',
          'assigned=false',
          'openedOn_gte=2020-01-01',
          'openedOn_gte=2099-01-01',
          'lastActivityAt_gte=2020-01-01T00:00:00%2B05:00',
          'q=',
          'q=%20%20',
          'q=&stage=intake',
          'stage=intake&q=',
          'page=2&perPage=1',
          'page=1&perPage=2&sort=reference&order=asc',
          'page=1&perPage=2&sort=reference&order=DESC',
        ];
        for (const path of ['/api/cases', '/api/clients']) {
          for (const q of queries) {
            const qq =
              path === '/api/clients'
                ? q
                    .replace(
                      /stage|assignedToId|teamId|grounds|assigned|openedOn|lastActivityAt/g,
                      (m) => CLIENT_KEYS[m],
                    )
                    .replace(/sex=intake/g, 'sex=male')
                    .replace(/sex=lodged/g, 'sex=female')
                    .replace(/nationality=political_opinion/, 'nationality=RU')
                    .replace(
                      /currentCountry=(true|false)/,
                      (_m, b) => `currentCountry=${b === 'true' ? 'GE' : 'AM'}`,
                    )
                    .replace('sort=reference', 'sort=familyName')
                : q;
            failures.push(...(await ask(t, u, token, `${path}?${qq}`, round)));
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('the deadline and document lists too: every shape and value, audited per request', async () => {
    const tbilisi = await t.teamId('Tbilisi office');
    const almaty = await t.teamId('Almaty office');
    const [aCase] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM legal_case LIMIT 1`);
    const failures: string[] = [];
    for (const round of [0, 1]) {
      for (const { u, token } of await signedIn(t)) {
        const deadlines = [
          '',
          'status=open',
          'status=done',
          'status=open&status=done',
          `assignedToId=${u.id}`,
          `assignedToId=${NIL}`,
          `status=open&assignedToId=${u.id}`,
          `teamId=${tbilisi}`,
          `teamId=${almaty}`,
          `caseId=${aCase.id}`,
          'overdue=true',
          'overdue=false',
          'dueOn_gte=2020-01-01',
          'dueOn_gte=2099-01-01',
          'page=2&perPage=1&sort=dueOn&order=ASC',
          'page=1&perPage=2&sort=dueOn&order=DESC',
        ];
        const documents = [
          '',
          'status=active',
          'status=withdrawn',
          `caseId=${aCase.id}`,
          `uploadedById=${u.id}`,
          'page=2&perPage=1&sort=createdAt&order=DESC',
          'page=1&perPage=2&sort=createdAt&order=ASC',
        ];
        for (const q of deadlines)
          failures.push(...(await ask(t, u, token, `/api/deadlines?${q}`, round)));
        for (const q of documents)
          failures.push(...(await ask(t, u, token, `/api/documents?${q}`, round)));
      }
    }
    expect(failures).toEqual([]);
  });

  // The key holds the team, read from the database on every request (resolveSession).
  it('a moved caseworker sees their new scope on the same token', async () => {
    const admin = await t.tokenFor('admin@haven.local');
    const email = 'caseworker@haven.local';
    const token = await t.tokenFor(email);
    const me = await t.userId(email);
    const before = await t.http().get('/api/cases?stage=intake').set('Authorization', token);
    expect(before.status).toBe(200);
    expect(before.body.total).toBeGreaterThan(0);
    const almaty = await t.teamId('Almaty office');
    const user = (await t.http().get(`/api/users/${me}`).set('Authorization', admin)).body as {
      version: number;
    };
    const moved = await t
      .http()
      .patch(`/api/users/${me}`)
      .set('Authorization', admin)
      .send({ version: user.version, teamId: almaty });
    expect(moved.status).toBe(200);
    const after = await t.http().get('/api/cases?stage=intake').set('Authorization', token);
    if (after.status === 200) expect(after.body.total).toBe(0);
    else expect(after.status).toBe(401);
    const clients = await t.http().get('/api/clients').set('Authorization', token);
    if (clients.status === 200) expect(clients.body.total).toBe(0);
  });
});
