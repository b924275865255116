import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

describe('the list dialect and error contract', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin@haven.local');
  });
  afterAll(() => t.close());

  it('pages, sorts and counts', async () => {
    const all = await t
      .http()
      .get('/api/users?perPage=100&sort=email&order=ASC')
      .set('Authorization', admin);
    expect(all.status).toBe(200);
    const emails = all.body.data.map((u: { email: string }) => u.email);
    expect(emails).toEqual([...emails].sort());
    // Every page carries the same total, counted in the database.
    const [{ users }] = await t.dataSource.query<{ users: number }[]>(
      'SELECT count(*)::int AS users FROM app_user',
    );
    expect(all.body.total).toBe(users);
    const page1 = await t
      .http()
      .get('/api/users?page=1&perPage=3&sort=email&order=ASC')
      .set('Authorization', admin);
    expect(page1.body.data).toHaveLength(3);
    expect(page1.body.total).toBe(users);
    const page2 = await t
      .http()
      .get('/api/users?page=2&perPage=3&sort=email&order=ASC')
      .set('Authorization', admin);
    expect(page2.body.total).toBe(users);
    expect(page2.body.data.map((u: { email: string }) => u.email)).toEqual(emails.slice(3, 6));
    const desc = await t
      .http()
      .get('/api/users?perPage=100&sort=email&order=DESC')
      .set('Authorization', admin);
    expect(desc.body.data.map((u: { email: string }) => u.email)).toEqual([...emails].reverse());
  });

  it('answers each caller of one list shape from their own scope, page and audit', async () => {
    // The case and client lists keep their statements compiled per actor and shape
    // (ListStatements): two caseworkers of two teams asking the same thing, each twice, with the
    // page moving, must each get their own cases, at their own offset, audited under their name.
    const people = ['caseworker@haven.local', 'caseworker.almaty@haven.local'];
    for (const email of people) for (let i = 0; i < 3; i++) await intake(t, email);
    for (const email of people) {
      const token = await t.tokenFor(email);
      const [me] = await t.dataSource.query<{ id: string; team_id: string }[]>(
        'SELECT id, team_id FROM app_user WHERE email = $1',
        [email],
      );
      const mine = (
        await t.dataSource.query<{ id: string }[]>(
          'SELECT id FROM legal_case WHERE assigned_to_id = $1 AND team_id = $2 ORDER BY reference, id',
          [me.id, me.team_id],
        )
      ).map((row) => row.id);
      expect(mine.length).toBeGreaterThanOrEqual(3);
      const audited = async () =>
        (
          await t.dataSource.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM audit_event WHERE actor_id = $1 AND action = 'read' AND entity_type = 'case'`,
            [me.id],
          )
        )[0].n;
      const before = await audited();
      for (const page of [1, 2, 3, 2]) {
        const response = await t
          .http()
          .get(`/api/cases?page=${page}&perPage=1&sort=reference&order=ASC`)
          .set('Authorization', token);
        expect(response.status).toBe(200);
        expect(response.body.total).toBe(mine.length);
        expect(response.body.data.map((c: { id: string }) => c.id)).toEqual([mine[page - 1]]);
      }
      expect(await audited()).toBe(before + 4);
      const clients = await t
        .http()
        .get('/api/clients?page=1&perPage=100&sort=familyName&order=ASC')
        .set('Authorization', token);
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(DISTINCT client_id)::int AS n FROM legal_case WHERE assigned_to_id = $1 AND team_id = $2',
        [me.id, me.team_id],
      );
      expect(clients.body.total).toBe(n);
      expect(clients.body.data).toHaveLength(n);
    }
  });

  it('treats a filter given twice as "any of"', async () => {
    const response = await t
      .http()
      .get('/api/users?role=analyst&role=admin&perPage=100')
      .set('Authorization', admin);
    const roles = new Set(response.body.data.map((u: { role: string }) => u.role));
    expect(roles).toEqual(new Set(['analyst', 'admin']));
  });

  it('searches text fields with q, case-insensitively and literally', async () => {
    const response = await t.http().get('/api/users?q=BERIDZE').set('Authorization', admin);
    expect(response.body.data.map((u: { email: string }) => u.email)).toEqual([
      'supervisor@haven.local',
    ]);
    const wildcard = await t.http().get('/api/users?q=%25').set('Authorization', admin);
    expect(wildcard.body.total).toBe(0);
  });

  it('filters instants with _gte and _lte', async () => {
    const future = await t
      .http()
      .get('/api/audit-events?at_gte=2999-01-01')
      .set('Authorization', admin);
    expect(future.status).toBe(200);
    expect(future.body.total).toBe(0);
    const past = await t
      .http()
      .get('/api/audit-events?at_lte=2999-01-01')
      .set('Authorization', admin);
    expect(past.body.total).toBeGreaterThan(0);
  });

  it.each([
    ['/api/users?sort=passwordHash', 'sort'],
    ['/api/users?order=sideways', 'order'],
    ['/api/users?perPage=101', 'perPage'],
    ['/api/users?perPage=0', 'perPage'],
    ['/api/users?page=-1', 'page'],
    ['/api/users?password_hash=x', 'password_hash'],
    ['/api/users?role=overlord', 'role'],
    ['/api/users?teamId=not-a-uuid', 'teamId'],
    ['/api/users?active=maybe', 'active'],
    ['/api/users?createdAt_gte=2020-01-01', 'createdAt_gte'],
    ['/api/audit-events?at_gte=yesterday', 'at_gte'],
    ['/api/users?sort=email&sort=role', 'sort'],
    // Dates PostgreSQL cannot hold (there is no year 0), on the lists that run hand-written SQL too.
    ['/api/cases?openedOn_gte=0000-01-01', 'openedOn_gte'],
    ['/api/cases?q=a&nextDeadlineOn_lte=0000-12-31', 'nextDeadlineOn_lte'],
    ['/api/deadlines?dueOn_gte=0000-06-01', 'dueOn_gte'],
    ['/api/clients?dateOfBirth_lte=0000-01-01', 'dateOfBirth_lte'],
    ['/api/cases?lastActivityAt_gte=0000-01-01T00:00:00Z', 'lastActivityAt_gte'],
    ['/api/audit-events?at_lte=0000-01-01', 'at_lte'],
    ['/api/audit-events?at_gte=0001-01-01T00:30:00%2B01:00', 'at_gte'],
    [
      '/api/clients/possible-duplicates?givenName=Anna&familyName=Ivanova&dateOfBirth=0000-01-01',
      'dateOfBirth',
    ],
    // Names every JavaScript object inherits are not fields (they reached SQL as text: a 500).
    ['/api/cases?sort=toString', 'sort'],
    ['/api/clients?sort=constructor', 'sort'],
    ['/api/cases?constructor=1', 'constructor'],
    ['/api/deadlines?hasOwnProperty=x', 'hasOwnProperty'],
    ['/api/users?toString_gte=2020-01-01', 'toString_gte'],
    // 36 characters of hex digits and dashes, but not a UUID.
    [
      '/api/clients/possible-duplicates?givenName=Anna&familyName=Ivanova&excludeId=------------------------------------',
      'excludeId',
    ],
  ])('answers %s with a 400 naming %s', async (url, field) => {
    const response = await t.http().get(url).set('Authorization', admin);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.message).toContain(field);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const response = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), country: 'GE' }));
    expect(response.status).toBe(413);
    expect(response.body.statusCode).toBe(413);
  });

  it('answers malformed JSON with 400, and odd shapes never with 500', async () => {
    const malformed = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect(malformed.status).toBe(400);
    for (const body of [
      '[]',
      '"text"',
      '123',
      'null',
      '{"name":{"$gt":""},"country":["GE"]}',
      '{"name":"\\u0000","country":"GE"}',
    ]) {
      const response = await t
        .http()
        .post('/api/teams')
        .set('Authorization', admin)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.status, body).toBeGreaterThanOrEqual(400);
      expect(response.status, body).toBeLessThan(500);
    }
  });

  it('refuses a date of year 0 in a body with 400 naming the field, writing nothing', async () => {
    const caseworker = await t.tokenFor('caseworker@haven.local');
    const [before] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM client',
    );
    const response = await t
      .http()
      .post('/api/intake')
      .set('Authorization', caseworker)
      .send({
        client: {
          givenName: 'Year',
          familyName: 'Zero',
          sex: 'male',
          nationality: 'RU',
          dateOfBirth: '0000-02-01',
        },
        case: { caseType: 'asylum', jurisdiction: 'DE' },
      });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/dateOfBirth/);
    const [after] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM client',
    );
    expect(after.n).toBe(before.n);
  });

  it('answers an id that is not a UUID with 404', async () => {
    const response = await t.http().get('/api/users/12345').set('Authorization', admin);
    expect(response.status).toBe(404);
  });

  it('answers every error with a stable code, the field it is about and the args its text needs', async () => {
    const invalid = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .send({ name: 'x'.repeat(300), country: 'GE' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'validation.too_long',
      field: 'name',
      args: { max: expect.any(Number) },
    });
    expect(invalid.body.message).toMatch(/^name/);

    const filter = await t.http().get('/api/cases?colour=red').set('Authorization', admin);
    expect(filter.body).toMatchObject({
      statusCode: 400,
      code: 'list.unknown_filter',
      field: 'colour',
      args: { allowed: expect.stringContaining('stage') },
    });

    const missing = await t
      .http()
      .get('/api/cases/00000000-0000-4000-8000-000000000000')
      .set('Authorization', admin);
    expect(missing.body).toMatchObject({
      statusCode: 404,
      code: 'case.not_found',
      message: 'case not found',
    });

    const created = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .send({ name: 'Coded errors office', country: 'GE' });
    expect(created.status).toBe(201);
    const first = await t
      .http()
      .patch(`/api/teams/${created.body.id}`)
      .set('Authorization', admin)
      .send({ name: 'Coded errors office 2', version: created.body.version });
    expect(first.status).toBe(200);
    const stale = await t
      .http()
      .patch(`/api/teams/${created.body.id}`)
      .set('Authorization', admin)
      .send({ name: 'Coded errors office 3', version: created.body.version });
    expect(stale.body).toMatchObject({ statusCode: 409, code: 'version.stale', field: 'version' });

    const analyst = await t.tokenFor('analyst@haven.local');
    const refused = await t.http().get('/api/cases').set('Authorization', analyst);
    expect(refused.body).toMatchObject({
      statusCode: 403,
      code: 'auth.role_forbidden',
      args: { permission: expect.any(String) },
    });

    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'caseworker@haven.local', password: 'not the password' });
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'auth.invalid_credentials' });

    const malformed = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect(malformed.body).toMatchObject({ statusCode: 400, code: 'request.invalid_json' });
  });

  it('gives each refusal of a route its own code, with the values its text needs', async () => {
    const supervisor = await t.tokenFor('supervisor@haven.local');
    const analyst = await t.tokenFor('analyst@haven.local');
    const opened = await intake(t, 'caseworker@haven.local');

    const badKind = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', supervisor)
      .send({ caseId: opened.case.id, kind: 'colour', title: 'Appeal', dueOn: '2030-01-10' });
    expect(badKind.body).toMatchObject({
      statusCode: 400,
      code: 'validation.one_of',
      field: 'kind',
      args: { allowed: expect.stringContaining('appeal') },
    });
    const noTitle = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', supervisor)
      .send({ caseId: opened.case.id, kind: 'appeal', dueOn: '2030-01-10' });
    expect(noTitle.body).toMatchObject({
      statusCode: 400,
      code: 'deadline.required_without_rule',
      field: 'title',
      message: 'title: required without ruleId',
    });
    const noRule = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', supervisor)
      .send({ caseId: opened.case.id, ruleId: 'DE.no_such_rule', triggerDate: '2030-01-10' });
    expect(noRule.body).toMatchObject({
      statusCode: 400,
      code: 'deadline.rule_unknown',
      field: 'ruleId',
      args: { ruleId: 'DE.no_such_rule' },
    });
    const deadline = await t
      .http()
      .post('/api/deadlines')
      .set('Authorization', supervisor)
      .send({ caseId: opened.case.id, kind: 'appeal', title: 'Appeal', dueOn: '2030-01-10' });
    expect(deadline.status).toBe(201);
    const done = await t
      .http()
      .patch(`/api/deadlines/${deadline.body.id}`)
      .set('Authorization', supervisor)
      .send({ status: 'done', version: deadline.body.version });
    expect(done.status).toBe(200);
    const waived = await t
      .http()
      .patch(`/api/deadlines/${deadline.body.id}`)
      .set('Authorization', supervisor)
      .send({ status: 'waived', version: done.body.version });
    expect(waived.body).toMatchObject({
      statusCode: 409,
      code: 'deadline.status_change_impossible',
      field: 'status',
      args: { from: 'done', to: 'waived' },
      message: 'status: a done deadline cannot become waived; reopen it first',
    });

    const task = await t
      .http()
      .post('/api/tasks')
      .set('Authorization', supervisor)
      .send({ caseId: opened.case.id, title: 'Collect the summons' });
    expect(task.status).toBe(201);
    const approve = await t
      .http()
      .post(`/api/tasks/${task.body.id}/approve`)
      .set('Authorization', supervisor);
    expect(approve.body).toMatchObject({
      statusCode: 409,
      code: 'task.transition_impossible',
      args: { action: 'approve', status: 'open', from: 'in_review' },
    });
    const queue = await t.http().get('/api/tasks?queue=colour').set('Authorization', supervisor);
    expect(queue.body).toMatchObject({
      statusCode: 400,
      code: 'query.one_of',
      field: 'queue',
      args: { allowed: expect.stringContaining('review') },
    });

    const back = await t
      .http()
      .patch(`/api/cases/${opened.case.id}`)
      .set('Authorization', supervisor)
      .send({ stage: 'preparation', version: opened.case.version });
    expect(back.status).toBe(200);
    const again = await t
      .http()
      .patch(`/api/cases/${opened.case.id}`)
      .set('Authorization', supervisor)
      .send({ stage: 'intake', version: back.body.version });
    expect(again.body).toMatchObject({
      statusCode: 400,
      code: 'case.stage_back_needs_reason',
      field: 'stageReason',
      args: { from: 'preparation', to: 'intake' },
    });

    const dimension = await t
      .http()
      .get('/api/stats/aggregate?dimensions=colour')
      .set('Authorization', analyst);
    expect(dimension.body).toMatchObject({
      statusCode: 400,
      code: 'stats.dimension_unknown',
      field: 'dimensions',
      args: { dimension: 'colour', allowed: expect.stringContaining('nationality') },
    });
    const period = await t
      .http()
      .get('/api/stats/aggregate?dimensions=nationality&from=2026-13-01')
      .set('Authorization', analyst);
    expect(period.body).toMatchObject({ statusCode: 400, code: 'stats.month', field: 'from' });
    const k = await t
      .http()
      .get('/api/stats/aggregate?dimensions=nationality&k=2')
      .set('Authorization', analyst);
    expect(k.body).toMatchObject({
      statusCode: 400,
      code: 'query.whole_number',
      field: 'k',
      args: { min: 5, max: 1000 },
    });

    const sort = await t.http().get('/api/cases?sort=colour').set('Authorization', admin);
    expect(sort.body).toMatchObject({
      statusCode: 400,
      code: 'list.sort_unknown',
      field: 'sort',
      args: { sort: 'colour', allowed: expect.stringContaining('reference') },
    });
    const taken = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .send({ name: 'Coded refusals office', country: 'GE' });
    expect(taken.status).toBe(201);
    const twice = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .send({ name: 'Coded refusals office', country: 'GE' });
    expect(twice.body).toMatchObject({ statusCode: 409, code: 'team.name_taken', field: 'name' });
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'not an address', password: 'x' });
    expect(login.body).toMatchObject({ statusCode: 400, code: 'validation.email', field: 'email' });
  });

  it('sets security headers', async () => {
    const response = await t.http().get('/api/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    // Document previews come from blob: URLs of the app's own making; scripts never do.
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain('object-src blob:');
    expect(csp).toContain("media-src 'self' blob:");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('lets no browser or proxy keep an API answer', async () => {
    const response = await t.http().get('/api/cases').set('Authorization', admin);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.etag).toBeUndefined();
  });

  it('reports health: 200 while the database answers, 503 once it does not', async () => {
    const up = await t.http().get('/api/health');
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ status: 'ok' });
    await t.dataSource.destroy();
    const down = await t.http().get('/api/health');
    expect(down.status).toBe(503);
  });
});

describe('input PostgreSQL cannot store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a NUL character in a body, a filter, a search or a login with 400 naming the field', async () => {
    const admin = await t.tokenFor('admin@haven.local');
    const body = await t
      .http()
      .post('/api/teams')
      .set('Authorization', admin)
      .send({ name: 'a\u0000b', country: 'GE' });
    expect(body.status).toBe(400);
    expect(body.body.message).toMatch(/^name/);
    expect((await t.http().get('/api/users?q=a%00b').set('Authorization', admin)).status).toBe(400);
    expect(
      (await t.http().get('/api/audit-events?action=a%00b').set('Authorization', admin)).status,
    ).toBe(400);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'a\u0000@haven.local', password: 'x' });
    expect(login.status).toBe(400);
  });
});
