import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, pdfWith } from './document-fixtures.js';
import { intake, intakeBody } from './factories.js';
import { encryptPlanted } from './sealed.js';
import { appRoutes } from './app-routes.js';
import { startTestApp, type TestApp } from './harness.js';

/** A different day for each rule deadline the matrix creates on the same case. */
let triggerDays = 0;
const nextTriggerDate = () =>
  new Date(Date.UTC(2026, 0, 1 + triggerDays++)).toISOString().slice(0, 10);

/**
 * The access matrix: every route that takes an id, a body naming another object or a filter naming
 * one × every role × the object's relation to the caller (own, a colleague's in the same team,
 * another team's). Expected statuses come from the contract's one rule — admin all, supervisor their
 * team, caseworker the cases assigned to them in their own team (and their own tasks and their team's
 * queue), analyst none (403) — and an invisible record is a 404, never a 403. Lists and filters
 * answer 200 with no row of what the caller may not see. Rows that change things make their own
 * objects, so no row depends on another.
 */
type Role = 'admin' | 'supervisor' | 'caseworker' | 'analyst';
type Target = 'own' | 'colleague' | 'otherTeam';
const ROLES: Role[] = ['admin', 'supervisor', 'caseworker', 'analyst'];
const TARGETS: Target[] = ['own', 'colleague', 'otherTeam'];
const EMAIL: Record<Role, string> = {
  admin: 'admin@haven.local',
  supervisor: 'supervisor@haven.local',
  caseworker: 'caseworker@haven.local',
  analyst: 'analyst@haven.local',
};
/** Who opens each target's case (and holds it): the caseworker, a colleague of the same team, another team's caseworker. */
const CREATOR: Record<Target, string> = {
  own: 'caseworker@haven.local',
  colleague: 'caseworker2@haven.local',
  otherTeam: 'caseworker.almaty@haven.local',
};

/** Cases and what belongs to them (clients, deadlines, notes, tasks of a case). */
function visible(role: Role, target: Target): boolean {
  if (role === 'admin') return true;
  if (role === 'supervisor') return target !== 'otherTeam';
  if (role === 'caseworker') return target === 'own';
  return false;
}

/** Teams, team members, a team's audit events and caseload: admins all, everyone else their own team (analysts have none). */
function teamVisible(role: Role, target: Target): boolean {
  if (role === 'admin') return true;
  if (role === 'analyst') return false;
  return target !== 'otherTeam';
}

interface Fixture {
  teamId: string;
  /** The caseworker who opened the case and holds it. */
  caseworkerId: string;
  caseId: string;
  caseReference: string;
  clientId: string;
  clientReference: string;
  givenName: string;
  familyName: string;
  nativeName: string;
  dateOfBirth: string;
  phone: string;
  deadlineId: string;
  noteId: string;
  /** A document of the case (a small PDF). */
  documentId: string;
  /** A task of the case, assigned to its caseworker. */
  taskId: string;
  /** An audit event filed under the case's team (the case's creation). */
  auditEventId: string;
  /** A client of the same team into which a duplicate was merged (for the merge history). */
  mergedClientId: string;
  /** A request of the client about their data (open). */
  dataRequestId: string;
}

interface Ctx {
  t: TestApp;
  token: string;
  role: Role;
  target: Target;
  f: Fixture;
  fixtures: Record<Target, Fixture>;
  admin: string;
}

interface Route {
  /** Roles the role map refuses outright (403 whatever the record). */
  forbidden: Role[];
  /** Success status when allowed and within reach. */
  ok: number;
  /** Which targets the role reaches; default: the case rule (`visible`). */
  reach?: (role: Role, target: Target) => boolean;
  /** A full override of the expected status (several: any of them). */
  expected?: (role: Role, target: Target) => number | number[];
  /**
   * Lists: which records appear instead of a status per record. `key` is what the list returns for a
   * target; `perTarget`: the request names the target (a filter), so it is made once per target.
   */
  list?: { key: (f: Fixture) => string; perTarget?: boolean };
  call: (ctx: Ctx) => Promise<{ status: number; ids?: string[] }>;
}

const bearer = (ctx: Ctx) => ctx.token;
const getStatus = async (ctx: Ctx, path: string) =>
  (await ctx.t.http().get(path).set('Authorization', bearer(ctx))).status;
const listIds = async (ctx: Ctx, path: string, field = 'id') => {
  const r = await ctx.t.http().get(path).set('Authorization', bearer(ctx));
  return {
    status: r.status,
    ids: (r.body.data as Record<string, string>[] | undefined)?.map((row) => row[field]),
  };
};
const one = async <T>(t: TestApp, sql: string, params: unknown[]): Promise<T> =>
  (await t.dataSource.query<T[]>(sql, params))[0];

let serial = 0;
/** A client of its own with a case, opened by `email`; distinct names, so a duplicate check can tell them apart. */
async function freshClient(t: TestApp, email: string) {
  serial++;
  const created = await intake(t, email, {
    client: {
      givenName: 'Zinaida',
      familyName: `Fresh${serial}ova`,
      nativeName: `Зинаида Свежая${serial}`,
      phone: `+7 900 100 ${String(serial).padStart(4, '0')}`,
    },
  });
  return { clientId: created.client.id, caseId: created.case.id };
}

/** A task of the target's case made by an admin, in the given state, held by `assigneeId` (null: the team's queue). */
async function freshTask(
  ctx: Ctx,
  assigneeId: string | null,
  status: 'open' | 'in_progress' | 'in_review' | 'done' = 'open',
): Promise<string> {
  const created = await ctx.t
    .http()
    .post('/api/tasks')
    .set('Authorization', ctx.admin)
    .send({
      caseId: ctx.f.caseId,
      title: 'Collect the summons',
      ...(assigneeId ? { assigneeId } : {}),
    });
  if (created.status !== 201)
    throw new Error(`task: ${created.status} ${JSON.stringify(created.body)}`);
  if (status !== 'open') {
    await ctx.t.dataSource.query(
      `UPDATE task SET status = $2::task_status, submitted_at = CASE WHEN $2 = 'in_review' THEN now() END, completed_at = CASE WHEN $2 = 'done' THEN now() END WHERE id = $1`,
      [created.body.id, status],
    );
  }
  return created.body.id as string;
}

/** The caller when they may hold a task of the target's team, otherwise the case's caseworker. */
async function holder(ctx: Ctx): Promise<string> {
  if ((ctx.role === 'supervisor' || ctx.role === 'caseworker') && ctx.target !== 'otherTeam')
    return ctx.t.userId(EMAIL[ctx.role]);
  return ctx.f.caseworkerId;
}

/** An action on a fresh task; refused actions change nothing. */
function taskAction(
  action: string,
  setup: (ctx: Ctx) => Promise<{ taskId: string; body?: object }>,
): Route['call'] {
  return async (ctx) => {
    const { taskId, body } = await setup(ctx);
    const before = await one<{ version: number }>(ctx.t, 'SELECT version FROM task WHERE id = $1', [
      taskId,
    ]);
    const response = await ctx.t
      .http()
      .post(`/api/tasks/${taskId}/${action}`)
      .set('Authorization', bearer(ctx))
      .send(body ?? {});
    if (response.status >= 400)
      expect(
        (await one<{ version: number }>(ctx.t, 'SELECT version FROM task WHERE id = $1', [taskId]))
          .version,
      ).toBe(before.version);
    return { status: response.status };
  };
}

/** Clients the role may see, by the rule itself (for the duplicate check's answers). */
async function visibleClientIds(t: TestApp, role: Role): Promise<Set<string>> {
  const tbilisi = await t.teamId('Tbilisi office');
  const self = await t.userId(EMAIL[role]);
  const condition = {
    admin: '$1::uuid IS NOT NULL',
    supervisor: 'c.team_id = $1',
    caseworker: 'c.team_id = $1 AND c.assigned_to_id = $2',
    analyst: '$1::uuid IS NULL',
  }[role];
  const rows = await t.dataSource.query<{ id: string }[]>(
    `SELECT DISTINCT cl.id FROM client cl JOIN legal_case c ON c.client_id = cl.id WHERE ${condition} AND $2::uuid IS NOT NULL`,
    [tbilisi, self],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * A duplicate check's answer as the caller may have it: every candidate with an id is a client they
 * may see; any other is a bare restricted flag (no id, name, reference, birth date, score or reasons);
 * a target they may not see never shows by id or name.
 */
async function checkDuplicateAnswer(
  ctx: Ctx,
  body: { data: Record<string, unknown>[] },
  target: Fixture,
  allowRestricted: boolean,
) {
  const allowed = await visibleClientIds(ctx.t, ctx.role);
  for (const candidate of body.data) {
    if (candidate.id) {
      expect(
        allowed.has(candidate.id as string),
        'a candidate named by id is visible to the caller',
      ).toBe(true);
      continue;
    }
    expect(allowRestricted, 'a restricted candidate for a bare phone number').toBe(true);
    expect(candidate.restricted).toBe(true);
    for (const field of [
      'reference',
      'givenName',
      'familyName',
      'nativeName',
      'dateOfBirth',
      'nationality',
      'score',
    ])
      expect(candidate, field).not.toHaveProperty(field);
    expect((candidate.reasons as unknown[] | undefined) ?? []).toEqual([]);
  }
  const text = JSON.stringify(body);
  if (allowed.has(target.clientId)) {
    expect(body.data.some((c) => c.id === target.clientId)).toBe(true);
  } else {
    for (const secret of [
      target.clientId,
      target.clientReference,
      target.familyName,
      target.nativeName,
    ])
      expect(text).not.toContain(secret);
  }
}

/** A merge of `duplicate` into `surviving` by `token`; a refused one leaves both clients and their cases as they were. */
async function mergeAs(t: TestApp, token: string, survivingId: string, duplicateId: string) {
  const cases = await t.dataSource.query<{ id: string; client_id: string }[]>(
    'SELECT id, client_id FROM legal_case WHERE client_id = ANY($1::uuid[]) ORDER BY id',
    [[survivingId, duplicateId]],
  );
  const response = await t
    .http()
    .post(`/api/clients/${survivingId}/merge`)
    .set('Authorization', token)
    .send({ duplicateId });
  if (response.status !== 200) {
    expect(
      await t.dataSource.query(
        'SELECT id, client_id FROM legal_case WHERE id = ANY($1::uuid[]) ORDER BY id',
        [cases.map((c) => c.id)],
      ),
    ).toEqual(cases);
    expect(
      await t.dataSource.query(
        'SELECT 1 FROM client WHERE id = ANY($1::uuid[]) AND merged_into_id IS NOT NULL',
        [[survivingId, duplicateId]],
      ),
    ).toEqual([]);
    expect(
      await t.dataSource.query(
        'SELECT 1 FROM client_merge WHERE surviving_id = ANY($1::uuid[]) OR merged_id = ANY($1::uuid[])',
        [[survivingId, duplicateId]],
      ),
    ).toEqual([]);
  }
  return response;
}

const MATRIX: Record<string, Route> = {
  // Cases.
  'GET /api/cases': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.caseId },
    call: (ctx) => listIds(ctx, '/api/cases?perPage=100&sort=reference&order=ASC'),
  },
  'GET /api/cases ?clientId': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.caseId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/cases?perPage=100&clientId=${ctx.f.clientId}`),
  },
  'GET /api/cases ?teamId': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.caseId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/cases?perPage=100&teamId=${ctx.f.teamId}`),
  },
  'GET /api/cases/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/cases/${ctx.f.caseId}`) }),
  },
  'GET /api/cases/:id/history': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/cases/${ctx.f.caseId}/history`) }),
  },
  'PATCH /api/cases/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version } = await one<{ version: number }>(
        ctx.t,
        'SELECT version FROM legal_case WHERE id = $1',
        [ctx.f.caseId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/cases/${ctx.f.caseId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, priority: 'urgent' })
        ).status,
      };
    },
  },
  'PUT /api/cases/:id/legal-hold': {
    forbidden: ['caseworker', 'analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .put(`/api/cases/${ctx.f.caseId}/legal-hold`)
          .set('Authorization', bearer(ctx))
          .send({ reason: 'matrix', until: '2099-01-01' })
      ).status,
    }),
  },
  'DELETE /api/cases/:id/legal-hold': {
    forbidden: ['caseworker', 'analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .delete(`/api/cases/${ctx.f.caseId}/legal-hold`)
          .set('Authorization', bearer(ctx))
      ).status,
    }),
  },
  'POST /api/clients/:id/anonymise': {
    forbidden: ['supervisor', 'caseworker', 'analyst'],
    ok: 200,
    call: async (ctx) => {
      const fresh = await freshClient(ctx.t, CREATOR[ctx.target]);
      return {
        status: (
          await ctx.t
            .http()
            .post(`/api/clients/${fresh.clientId}/anonymise`)
            .set('Authorization', bearer(ctx))
        ).status,
      };
    },
  },
  'POST /api/retention/apply': {
    forbidden: ['supervisor', 'caseworker', 'analyst'],
    ok: 200,
    call: async (ctx) => {
      // A case closed long ago under a policy (DE): due.
      const fresh = await freshClient(ctx.t, CREATOR[ctx.target]);
      await ctx.t.ownerQuery(
        `UPDATE legal_case SET stage = 'closed', outcome = 'rejected', closed_on = '2010-01-01', jurisdiction = 'DE' WHERE id = $1`,
        [fresh.caseId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .post('/api/retention/apply')
            .set('Authorization', bearer(ctx))
            .send({ caseIds: [fresh.caseId] })
        ).status,
      };
    },
  },
  'POST /api/cases': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (ctx) => {
      // The body names the client; only an admin names the team (for others it is implied).
      const body = {
        clientId: ctx.f.clientId,
        caseType: 'stay_extension',
        jurisdiction: 'GE',
        ...(ctx.role === 'admin' ? { teamId: ctx.f.teamId } : {}),
      };
      return {
        status: (await ctx.t.http().post('/api/cases').set('Authorization', bearer(ctx)).send(body))
          .status,
      };
    },
  },
  'POST /api/cases/reassign': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: async (ctx) => {
      const row = await one<{ assigned_to_id: string }>(
        ctx.t,
        'SELECT assigned_to_id FROM legal_case WHERE id = $1',
        [ctx.f.caseId],
      );
      // Reassigning to the current assignee: a no-op that still needs access.
      return {
        status: (
          await ctx.t
            .http()
            .post('/api/cases/reassign')
            .set('Authorization', bearer(ctx))
            .send({ caseIds: [ctx.f.caseId], assignedToId: row.assigned_to_id })
        ).status,
      };
    },
  },
  'PATCH /api/cases/:id (teamId: a move to another team)': {
    forbidden: ['analyst'],
    ok: 200,
    // Only an admin moves a case; anyone else who sees it is refused (403), anyone who does not, 404.
    expected: (role, target) =>
      role === 'analyst' ? 403 : role === 'admin' ? 200 : visible(role, target) ? 403 : 404,
    call: async (ctx) => {
      const moved = await freshClient(ctx.t, CREATOR[ctx.target]);
      const other =
        ctx.target === 'otherTeam' ? ctx.fixtures.own.teamId : ctx.fixtures.otherTeam.teamId;
      const before = await one<{ version: number; team_id: string }>(
        ctx.t,
        'SELECT version, team_id FROM legal_case WHERE id = $1',
        [moved.caseId],
      );
      const response = await ctx.t
        .http()
        .patch(`/api/cases/${moved.caseId}`)
        .set('Authorization', bearer(ctx))
        .send({ version: before.version, teamId: other });
      if (response.status !== 200)
        expect(
          await one(ctx.t, 'SELECT version, team_id FROM legal_case WHERE id = $1', [moved.caseId]),
        ).toEqual(before);
      return { status: response.status };
    },
  },
  'POST /api/cases/reassign (assignedToId names the target’s caseworker)': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    // A case of the caller's team handed to a caseworker of another team: a bad request, whoever asks.
    expected: (role, target) =>
      role === 'analyst' || role === 'caseworker' ? 403 : target === 'otherTeam' ? 400 : 200,
    call: async (ctx) => {
      const held = await freshClient(ctx.t, CREATOR.own);
      const response = await ctx.t
        .http()
        .post('/api/cases/reassign')
        .set('Authorization', bearer(ctx))
        .send({ caseIds: [held.caseId], assignedToId: ctx.f.caseworkerId });
      if (response.status !== 200)
        expect(
          (
            await one<{ assigned_to_id: string }>(
              ctx.t,
              'SELECT assigned_to_id FROM legal_case WHERE id = $1',
              [held.caseId],
            )
          ).assigned_to_id,
        ).toBe(await ctx.t.userId(CREATOR.own));
      return { status: response.status };
    },
  },
  'POST /api/intake (case.teamId names a team)': {
    forbidden: ['analyst'],
    ok: 201,
    // Only an admin opens a case in a team not theirs; naming another team is a bad request, not a lookup.
    expected: (role, target) =>
      role === 'analyst' ? 403 : role === 'admin' || target !== 'otherTeam' ? 201 : 400,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post('/api/intake')
          .set('Authorization', bearer(ctx))
          .send(intakeBody({ case: { teamId: ctx.f.teamId } }))
      ).status,
    }),
  },
  'PUT /api/intake/draft (clientId names a client)': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const discard = () =>
        ctx.t.http().delete('/api/intake/draft').set('Authorization', bearer(ctx));
      await discard();
      const saved = await ctx.t
        .http()
        .put('/api/intake/draft')
        .set('Authorization', bearer(ctx))
        .send({ payload: {}, step: 0, clientId: ctx.f.clientId });
      await discard();
      return { status: saved.status };
    },
  },

  // Deadlines.
  'GET /api/deadlines': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.caseId },
    call: (ctx) => listIds(ctx, '/api/deadlines?perPage=100&sort=createdAt&order=ASC', 'caseId'),
  },
  'GET /api/deadlines ?caseId': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.caseId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/deadlines?perPage=100&caseId=${ctx.f.caseId}`, 'caseId'),
  },
  'GET /api/deadlines/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/deadlines/${ctx.f.deadlineId}`) }),
  },
  'PATCH /api/deadlines/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version } = await one<{ version: number }>(
        ctx.t,
        'SELECT version FROM deadline WHERE id = $1',
        [ctx.f.deadlineId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/deadlines/${ctx.f.deadlineId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, title: `Hearing ${Math.random()}` })
        ).status,
      };
    },
  },
  'POST /api/deadlines': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (ctx) => {
      const created = await ctx.t
        .http()
        .post('/api/deadlines')
        .set('Authorization', bearer(ctx))
        .send({ caseId: ctx.f.caseId, ruleId: 'DE.appeal', triggerDate: nextTriggerDate() });
      // A rule dates one open deadline per case: closed again, so the next caller may add it.
      if (created.status === 201)
        await ctx.t.dataSource.query(`UPDATE deadline SET status = 'done' WHERE id = $1`, [
          created.body.id,
        ]);
      return { status: created.status };
    },
  },
  'GET /api/cases/:id/suggested-deadlines': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/cases/${ctx.f.caseId}/suggested-deadlines`),
    }),
  },
  'POST /api/cases/:id/suggested-deadlines': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post(`/api/cases/${ctx.f.caseId}/suggested-deadlines`)
          .set('Authorization', bearer(ctx))
          .send({ ruleIds: ['DE.appeal_grounds'] })
      ).status,
    }),
  },
  'GET /api/cases/:id/rule-triggers': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/cases/${ctx.f.caseId}/rule-triggers`),
    }),
  },
  'GET /api/cases/:id/stay-limit': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/cases/${ctx.f.caseId}/stay-limit`),
    }),
  },
  'GET /api/calendar/feed.ics': {
    // The feed of the caller's own token: exactly the open deadlines they may see.
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.deadlineId },
    call: async (ctx) => {
      const issued = await ctx.t
        .http()
        .post('/api/calendar/token')
        .set('Authorization', bearer(ctx))
        .send({});
      if (issued.status !== 201) return { status: issued.status };
      const feed = await ctx.t
        .http()
        .get(`/api/calendar/feed.ics?token=${encodeURIComponent(issued.body.token as string)}`);
      const text = feed.text.replace(/\r\n[ \t]/g, '');
      return {
        status: feed.status,
        ids: TARGETS.map((target) => ctx.fixtures[target].deadlineId).filter((id) =>
          text.includes(id),
        ),
      };
    },
  },

  // Documents.
  'GET /api/documents': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.documentId },
    call: (ctx) => listIds(ctx, '/api/documents?perPage=100&sort=createdAt&order=ASC'),
  },
  'GET /api/documents ?caseId': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.documentId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/documents?perPage=100&caseId=${ctx.f.caseId}`),
  },
  'GET /api/documents/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/documents/${ctx.f.documentId}`) }),
  },
  'GET /api/documents/:id/content': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/documents/${ctx.f.documentId}/content`),
    }),
  },
  'PATCH /api/documents/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version } = await one<{ version: number }>(
        ctx.t,
        'SELECT version FROM document WHERE id = $1',
        [ctx.f.documentId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/documents/${ctx.f.documentId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, title: `Decision ${Math.random()}` })
        ).status,
      };
    },
  },
  'POST /api/documents/:id/withdraw': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      // Each call finds the document active, whoever withdrew it before.
      await ctx.t.ownerQuery(`UPDATE document SET status = 'active' WHERE id = $1`, [
        ctx.f.documentId,
      ]);
      return {
        status: (
          await ctx.t
            .http()
            .post(`/api/documents/${ctx.f.documentId}/withdraw`)
            .set('Authorization', bearer(ctx))
            .send({ reason: 'duplicate scan' })
        ).status,
      };
    },
  },
  'POST /api/cases/:id/documents': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post(`/api/cases/${ctx.f.caseId}/documents`)
          .set('Authorization', bearer(ctx))
          .field('kind', 'other')
          .field('title', 'Scan')
          .attach('file', pdfWith('matrix'), 'scan.pdf')
      ).status,
    }),
  },

  // Notes.
  'GET /api/notes': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.caseId },
    call: (ctx) => listIds(ctx, '/api/notes?perPage=100&sort=createdAt&order=ASC', 'caseId'),
  },
  'GET /api/notes ?caseId': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.caseId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/notes?perPage=100&caseId=${ctx.f.caseId}`, 'caseId'),
  },
  'GET /api/notes/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/notes/${ctx.f.noteId}`) }),
  },
  'PATCH /api/notes/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version } = await one<{ version: number }>(
        ctx.t,
        'SELECT version FROM note WHERE id = $1',
        [ctx.f.noteId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/notes/${ctx.f.noteId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, title: `Objection ${Math.random()}` })
        ).status,
      };
    },
  },
  'POST /api/notes': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (ctx) => ({
      status: (
        await ctx.t.http().post('/api/notes').set('Authorization', bearer(ctx)).send({
          caseId: ctx.f.caseId,
          ground: 'political_opinion',
          title: 'Protest',
          body: 'Arrested at a picket.',
        })
      ).status,
    }),
  },
  'GET /api/notes/:id/revisions': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/notes/${ctx.f.noteId}/revisions`) }),
  },
  'GET /api/notes/:id/comments': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/notes/${ctx.f.noteId}/comments`) }),
  },
  'POST /api/notes/:id/comments': {
    forbidden: ['analyst', 'caseworker'],
    ok: 201,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post(`/api/notes/${ctx.f.noteId}/comments`)
          .set('Authorization', bearer(ctx))
          .send({ body: 'Add the summons.' })
      ).status,
    }),
  },
  'GET /api/cases/:id/claim-summary': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/cases/${ctx.f.caseId}/claim-summary`),
    }),
  },

  // Consent history and requests about their data (data protection).
  'GET /api/clients/:id/consent': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/clients/${ctx.f.clientId}/consent`),
    }),
  },
  'POST /api/clients/:id/consent': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post(`/api/clients/${ctx.f.clientId}/consent`)
          .set('Authorization', bearer(ctx))
          .send({
            scope: 'contact_by_message',
            action: 'given',
            on: new Date().toISOString().slice(0, 10),
            language: 'ru',
          })
      ).status,
    }),
  },
  'GET /api/data-requests': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.dataRequestId },
    call: (ctx) => listIds(ctx, '/api/data-requests?perPage=100&sort=createdAt&order=ASC'),
  },
  // A filter naming a client the caller may not see is a 404, as the client's own routes.
  'GET /api/data-requests ?clientId': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const result = await listIds(
        ctx,
        `/api/data-requests?perPage=100&clientId=${ctx.f.clientId}`,
      );
      if (result.status === 200) expect(result.ids).toEqual([ctx.f.dataRequestId]);
      return result;
    },
  },
  'GET /api/data-requests/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/data-requests/${ctx.f.dataRequestId}`),
    }),
  },
  'PATCH /api/data-requests/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version } = await one<{ version: number }>(
        ctx.t,
        'SELECT version FROM data_request WHERE id = $1',
        [ctx.f.dataRequestId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/data-requests/${ctx.f.dataRequestId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, note: `Asked by phone ${Math.random()}` })
        ).status,
      };
    },
  },
  'POST /api/data-requests': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post('/api/data-requests')
          .set('Authorization', bearer(ctx))
          .send({ clientId: ctx.f.clientId, type: 'rectification', receivedOn: '2026-02-01' })
      ).status,
    }),
  },

  // Clients, duplicates and merges.
  'GET /api/clients': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.clientId },
    call: (ctx) => listIds(ctx, '/api/clients?perPage=100&sort=createdAt&order=ASC'),
  },
  'GET /api/clients ?id': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.clientId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/clients?perPage=100&id=${ctx.f.clientId}`),
  },
  'GET /api/clients/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/clients/${ctx.f.clientId}`) }),
  },
  'PATCH /api/clients/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version } = await one<{ version: number }>(
        ctx.t,
        'SELECT version FROM client WHERE id = $1',
        [ctx.f.clientId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/clients/${ctx.f.clientId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, currentCity: `City ${Math.random()}` })
        ).status,
      };
    },
  },
  'GET /api/clients/possible-duplicates (the target’s name and birth date)': {
    forbidden: ['analyst'],
    ok: 200,
    // Every role that may check gets an answer; what it holds is checked on the body.
    reach: (role) => role !== 'analyst',
    call: async (ctx) => {
      const { givenName, familyName, nativeName, dateOfBirth } = ctx.f;
      const response = await ctx.t
        .http()
        .get('/api/clients/possible-duplicates')
        .query({ givenName, familyName, nativeName, dateOfBirth, nationality: 'RU' })
        .set('Authorization', bearer(ctx));
      if (response.status === 200) await checkDuplicateAnswer(ctx, response.body, ctx.f, true);
      return { status: response.status };
    },
  },
  'GET /api/clients/possible-duplicates (the target’s phone alone)': {
    forbidden: ['analyst'],
    ok: 200,
    reach: (role) => role !== 'analyst',
    call: async (ctx) => {
      const response = await ctx.t
        .http()
        .get('/api/clients/possible-duplicates')
        .query({ phone: ctx.f.phone })
        .set('Authorization', bearer(ctx));
      // A bare phone number never reveals another team's client, not even as a restricted match.
      if (response.status === 200) await checkDuplicateAnswer(ctx, response.body, ctx.f, false);
      return { status: response.status };
    },
  },
  'POST /api/clients/:id/merge (the target’s client named in the body)': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: async (ctx) => {
      const surviving = await freshClient(ctx.t, CREATOR.own);
      const duplicate = await freshClient(ctx.t, CREATOR[ctx.target]);
      return {
        status: (await mergeAs(ctx.t, bearer(ctx), surviving.clientId, duplicate.clientId)).status,
      };
    },
  },
  'POST /api/clients/:id/merge (the target’s client as the survivor)': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: async (ctx) => {
      const surviving = await freshClient(ctx.t, CREATOR[ctx.target]);
      const duplicate = await freshClient(ctx.t, CREATOR.own);
      return {
        status: (await mergeAs(ctx.t, bearer(ctx), surviving.clientId, duplicate.clientId)).status,
      };
    },
  },
  'POST /api/clients/merges/:mergeId/undo': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    // A merge across teams is an admin's to undo: refused, as out of reach (404) or as an admin's act (403).
    expected: (role, target) =>
      role === 'analyst' || role === 'caseworker'
        ? 403
        : role === 'admin' || target !== 'otherTeam'
          ? 200
          : [403, 404],
    call: async (ctx) => {
      const surviving = await freshClient(ctx.t, CREATOR.own);
      const duplicate = await freshClient(ctx.t, CREATOR[ctx.target]);
      const merged = await mergeAs(ctx.t, ctx.admin, surviving.clientId, duplicate.clientId);
      expect(merged.status).toBe(200);
      const response = await ctx.t
        .http()
        .post(`/api/clients/merges/${merged.body.id}/undo`)
        .set('Authorization', bearer(ctx))
        .send({});
      if (response.status !== 200) {
        expect(
          await ctx.t.dataSource.query('SELECT undone_at FROM client_merge WHERE id = $1', [
            merged.body.id,
          ]),
        ).toEqual([{ undone_at: null }]);
        expect(
          await ctx.t.dataSource.query('SELECT merged_into_id FROM client WHERE id = $1', [
            duplicate.clientId,
          ]),
        ).toEqual([{ merged_into_id: surviving.clientId }]);
      }
      return { status: response.status };
    },
  },
  'GET /api/clients/:id/merges': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: async (ctx) => {
      const response = await ctx.t
        .http()
        .get(`/api/clients/${ctx.f.mergedClientId}/merges`)
        .set('Authorization', bearer(ctx));
      if (response.status === 200) expect(response.body.data.length).toBeGreaterThan(0);
      return { status: response.status };
    },
  },
  // The subject-access export: the client's supervisor (their team's cases) or an admin.
  'GET /api/clients/:id/export': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: async (ctx) => {
      const response = await ctx.t
        .http()
        .get(`/api/clients/${ctx.f.clientId}/export?lang=en`)
        .set('Authorization', bearer(ctx))
        .buffer(true)
        .parse(binary);
      if (response.status === 200) expect(response.headers['content-type']).toBe('application/zip');
      return { status: response.status };
    },
  },

  // Tasks.
  'GET /api/tasks': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.taskId },
    call: (ctx) => listIds(ctx, '/api/tasks?perPage=100&sort=createdAt&order=ASC'),
  },
  'GET /api/tasks ?caseId': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.taskId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/tasks?perPage=100&caseId=${ctx.f.caseId}`),
  },
  'GET /api/tasks ?teamId': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.taskId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/tasks?perPage=100&teamId=${ctx.f.teamId}`),
  },
  'GET /api/tasks/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/tasks/${ctx.f.taskId}`) }),
  },
  'PATCH /api/tasks/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version } = await one<{ version: number }>(
        ctx.t,
        'SELECT version FROM task WHERE id = $1',
        [ctx.f.taskId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/tasks/${ctx.f.taskId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, title: `Call back ${Math.random()}` })
        ).status,
      };
    },
  },
  'POST /api/tasks': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post('/api/tasks')
          .set('Authorization', bearer(ctx))
          .send({ caseId: ctx.f.caseId, title: 'Translate the decision' })
      ).status,
    }),
  },
  'GET /api/tasks/:id (a task of the team’s queue, without a case)': {
    forbidden: ['analyst'],
    ok: 200,
    reach: teamVisible,
    call: async (ctx) => {
      const queued = await ctx.t
        .http()
        .post('/api/tasks')
        .set('Authorization', ctx.admin)
        .send({ teamId: ctx.f.teamId, title: 'Restock the waiting room' });
      expect(queued.status).toBe(201);
      return { status: await getStatus(ctx, `/api/tasks/${queued.body.id}`) };
    },
  },
  'POST /api/tasks/:id/claim (a task of the team’s queue, without a case)': {
    forbidden: ['analyst'],
    ok: 200,
    reach: teamVisible,
    call: taskAction('claim', async (ctx) => {
      const queued = await ctx.t
        .http()
        .post('/api/tasks')
        .set('Authorization', ctx.admin)
        .send({ teamId: ctx.f.teamId, title: 'Answer the hotline' });
      expect(queued.status).toBe(201);
      return { taskId: queued.body.id as string };
    }),
  },
  'POST /api/tasks/:id/claim': {
    forbidden: ['analyst'],
    ok: 200,
    call: taskAction('claim', async (ctx) => ({ taskId: await freshTask(ctx, null) })),
  },
  'POST /api/tasks/:id/assign': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: taskAction('assign', async (ctx) => ({
      taskId: await freshTask(ctx, ctx.f.caseworkerId),
      body: { assigneeId: ctx.f.caseworkerId },
    })),
  },
  // Start and submit: the assignee's acts. The task is held by the caller where they may hold it; an admin never does (403).
  'POST /api/tasks/:id/start': {
    forbidden: ['analyst'],
    ok: 200,
    expected: (role, target) =>
      role === 'analyst' || role === 'admin' ? 403 : visible(role, target) ? 200 : 404,
    call: taskAction('start', async (ctx) => ({ taskId: await freshTask(ctx, await holder(ctx)) })),
  },
  'POST /api/tasks/:id/submit-review': {
    forbidden: ['analyst'],
    ok: 200,
    expected: (role, target) =>
      role === 'analyst' || role === 'admin' ? 403 : visible(role, target) ? 200 : 404,
    call: taskAction('submit-review', async (ctx) => ({
      taskId: await freshTask(ctx, await holder(ctx), 'in_progress'),
    })),
  },
  'POST /api/tasks/:id/approve': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: taskAction('approve', async (ctx) => ({
      taskId: await freshTask(ctx, ctx.f.caseworkerId, 'in_review'),
    })),
  },
  'POST /api/tasks/:id/return': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: taskAction('return', async (ctx) => ({
      taskId: await freshTask(ctx, ctx.f.caseworkerId, 'in_review'),
      body: { comment: 'Attach the translation.' },
    })),
  },
  // Undo an approval: the approver's (here the caller, where a reviewer), within the window.
  'POST /api/tasks/:id/undo-approve': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: taskAction('undo-approve', async (ctx) => {
      const taskId = await freshTask(ctx, ctx.f.caseworkerId, 'done');
      await ctx.t.dataSource.query('UPDATE task SET approved_by_id = $2 WHERE id = $1', [
        taskId,
        await ctx.t.userId(EMAIL[ctx.role]),
      ]);
      return { taskId };
    }),
  },
  // Request a review of the target's note: a note of a case the caller may not see is a 404, and
  // makes no task.
  'POST /api/tasks/note-review': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (ctx) => {
      const count = async () =>
        (
          await one<{ n: number }>(
            ctx.t,
            'SELECT count(*)::int AS n FROM task WHERE note_id = $1',
            [ctx.f.noteId],
          )
        ).n;
      const before = await count();
      const response = await ctx.t
        .http()
        .post('/api/tasks/note-review')
        .set('Authorization', bearer(ctx))
        .send({ noteId: ctx.f.noteId });
      if (response.status >= 400) expect(await count()).toBe(before);
      return { status: response.status };
    },
  },
  // The review tasks of the target's note (made by the row above): another team's note filters
  // to nothing, never to its tasks.
  'GET /api/tasks ?noteId': {
    forbidden: ['analyst'],
    ok: 200,
    list: { key: (f) => f.noteId, perTarget: true },
    call: async (ctx) => {
      // In the team's queue, so whoever may see the note's case may see its review.
      await ctx.t.dataSource.query(`UPDATE task SET assignee_id = NULL WHERE note_id = $1`, [
        ctx.f.noteId,
      ]);
      return listIds(ctx, `/api/tasks?perPage=100&noteId=${ctx.f.noteId}`, 'noteId');
    },
  },
  'POST /api/tasks/:id/complete': {
    forbidden: ['analyst'],
    ok: 200,
    call: taskAction('complete', async (ctx) => ({
      taskId: await freshTask(ctx, ctx.f.caseworkerId, 'in_progress'),
    })),
  },
  'POST /api/tasks/:id/reopen': {
    forbidden: ['analyst'],
    ok: 200,
    call: taskAction('reopen', async (ctx) => ({
      taskId: await freshTask(ctx, ctx.f.caseworkerId, 'done'),
    })),
  },

  // Caseload.
  'GET /api/caseload ?teamId': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    reach: teamVisible,
    call: async (ctx) => {
      const response = await ctx.t
        .http()
        .get(`/api/caseload?teamId=${ctx.f.teamId}`)
        .set('Authorization', bearer(ctx));
      if (response.status === 200) {
        const members = await ctx.t.dataSource.query<{ id: string }[]>(
          'SELECT id FROM app_user WHERE team_id = $1',
          [ctx.f.teamId],
        );
        for (const row of response.body.data as { id: string }[])
          expect(members.map((m) => m.id)).toContain(row.id);
      }
      return { status: response.status };
    },
  },

  // Users and teams: the target's caseworker and team.
  'GET /api/users': {
    forbidden: [],
    ok: 200,
    reach: teamVisible,
    list: { key: (f) => f.caseworkerId },
    call: (ctx) => listIds(ctx, '/api/users?perPage=100'),
  },
  'GET /api/users ?teamId': {
    forbidden: [],
    ok: 200,
    reach: teamVisible,
    list: { key: (f) => f.caseworkerId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/users?perPage=100&teamId=${ctx.f.teamId}`),
  },
  'GET /api/users/:id': {
    forbidden: [],
    ok: 200,
    reach: teamVisible,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/users/${ctx.f.caseworkerId}`) }),
  },
  'GET /api/users/:id/open-work': {
    forbidden: ['supervisor', 'caseworker', 'analyst'],
    ok: 200,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/users/${ctx.f.caseworkerId}/open-work`),
    }),
  },
  // A user of the target's team made for the row: the reset ends their sessions, which must not be the matrix's own.
  'POST /api/users/:id/mfa/reset': {
    forbidden: ['supervisor', 'caseworker', 'analyst'],
    ok: 204,
    call: async (ctx) => {
      const { id } = await one<{ id: string }>(
        ctx.t,
        `INSERT INTO app_user (email, full_name, password_hash, role, team_id) VALUES ($1, 'Reset Target', 'x', 'caseworker', $2) RETURNING id`,
        [`mfa-reset${serial++}@haven.local`, ctx.f.teamId],
      );
      return {
        status: (
          await ctx.t.http().post(`/api/users/${id}/mfa/reset`).set('Authorization', bearer(ctx))
        ).status,
      };
    },
  },
  'POST /api/users/:id/mfa/reset (unknown id)': {
    forbidden: ['supervisor', 'caseworker', 'analyst'],
    ok: 404,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post('/api/users/00000000-0000-4000-8000-00000000dead/mfa/reset')
          .set('Authorization', bearer(ctx))
      ).status,
    }),
  },
  'PATCH /api/users/:id': {
    forbidden: ['supervisor', 'caseworker', 'analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version } = await one<{ version: number }>(
        ctx.t,
        'SELECT version FROM app_user WHERE id = $1',
        [ctx.f.caseworkerId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/users/${ctx.f.caseworkerId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, fullName: `Caseworker ${serial++}` })
        ).status,
      };
    },
  },
  'POST /api/users (teamId names a team)': {
    forbidden: ['supervisor', 'caseworker', 'analyst'],
    ok: 201,
    call: async (ctx) => ({
      status: (
        await ctx.t
          .http()
          .post('/api/users')
          .set('Authorization', bearer(ctx))
          .send({
            email: `matrix${serial++}@haven.local`,
            fullName: 'New Caseworker',
            role: 'caseworker',
            teamId: ctx.f.teamId,
            password: 'a long enough passphrase 42',
          })
      ).status,
    }),
  },
  'GET /api/teams': {
    forbidden: [],
    ok: 200,
    reach: teamVisible,
    list: { key: (f) => f.teamId },
    call: (ctx) => listIds(ctx, '/api/teams?perPage=100'),
  },
  'GET /api/teams/:id': {
    forbidden: [],
    ok: 200,
    reach: teamVisible,
    call: async (ctx) => ({ status: await getStatus(ctx, `/api/teams/${ctx.f.teamId}`) }),
  },
  'PATCH /api/teams/:id': {
    forbidden: ['supervisor', 'caseworker', 'analyst'],
    ok: 200,
    call: async (ctx) => {
      const { version, country } = await one<{ version: number; country: string }>(
        ctx.t,
        'SELECT version, country FROM team WHERE id = $1',
        [ctx.f.teamId],
      );
      return {
        status: (
          await ctx.t
            .http()
            .patch(`/api/teams/${ctx.f.teamId}`)
            .set('Authorization', bearer(ctx))
            .send({ version, country })
        ).status,
      };
    },
  },

  // The audit trail: a supervisor reads their team's events only, whatever the filter names.
  'GET /api/audit-events ?entityId': {
    forbidden: ['caseworker', 'analyst'],
    ok: 200,
    reach: teamVisible,
    list: { key: (f) => f.caseId, perTarget: true },
    call: (ctx) =>
      listIds(ctx, `/api/audit-events?perPage=100&entityId=${ctx.f.caseId}`, 'entityId'),
  },
  'GET /api/audit-events ?teamId': {
    forbidden: ['caseworker', 'analyst'],
    ok: 200,
    reach: teamVisible,
    list: { key: (f) => f.teamId, perTarget: true },
    call: (ctx) => listIds(ctx, `/api/audit-events?perPage=100&teamId=${ctx.f.teamId}`, 'teamId'),
  },
  'GET /api/audit-events/:id': {
    forbidden: ['caseworker', 'analyst'],
    ok: 200,
    reach: teamVisible,
    call: async (ctx) => ({
      status: await getStatus(ctx, `/api/audit-events/${ctx.f.auditEventId}`),
    }),
  },

  // Sessions: one's own only. Another user's session — of the caller's team or not — is a 404 for every role, and goes on working.
  'DELETE /api/auth/sessions/:id': {
    forbidden: [],
    ok: 204,
    expected: () => 404,
    call: async (ctx) => {
      const owner = {
        own: 'supervisor.berlin@haven.local',
        colleague: 'caseworker2@haven.local',
        otherTeam: 'caseworker.almaty@haven.local',
      }[ctx.target];
      const token = await ctx.t.login(owner);
      const session = await one<{ id: string }>(
        ctx.t,
        `SELECT s.id FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1 AND s.ended_at IS NULL ORDER BY s.created_at DESC LIMIT 1`,
        [owner],
      );
      const response = await ctx.t
        .http()
        .delete(`/api/auth/sessions/${session.id}`)
        .set('Authorization', bearer(ctx));
      if (response.status !== 204)
        expect((await ctx.t.http().get('/api/auth/me').set('Authorization', token)).status).toBe(
          200,
        );
      return { status: response.status };
    },
  },
  // Another account's passkey is nobody else's to rename or remove, whatever the role: 404, unchanged.
  ...Object.fromEntries(
    (['PATCH', 'DELETE'] as const).map((method): [string, Route] => [
      `${method} /api/auth/webauthn/credentials/:id`,
      {
        forbidden: [],
        ok: method === 'PATCH' ? 200 : 204,
        expected: () => 404,
        call: async (ctx) => {
          const owner = {
            own: 'supervisor.berlin@haven.local',
            colleague: 'caseworker2@haven.local',
            otherTeam: 'caseworker.almaty@haven.local',
          }[ctx.target];
          const passkey = await one<{ id: string }>(
            ctx.t,
            `INSERT INTO webauthn_credential (user_id, credential_id, public_key, name) SELECT id, $2, '\\x00', 'Phone' FROM app_user WHERE email = $1 RETURNING id`,
            [owner, `matrix-${method}-${ctx.role}-${ctx.target}-${Math.random()}`],
          );
          const path = `/api/auth/webauthn/credentials/${passkey.id}`;
          const http = ctx.t.http();
          const request = (method === 'PATCH' ? http.patch(path) : http.delete(path)).set(
            'Authorization',
            bearer(ctx),
          );
          const response =
            method === 'PATCH' ? await request.send({ name: 'Renamed' }) : await request;
          const [after] = await ctx.t.dataSource.query<{ name: string }[]>(
            'SELECT name FROM webauthn_credential WHERE id = $1',
            [passkey.id],
          );
          if (response.status !== (method === 'PATCH' ? 200 : 204))
            expect(after?.name).toBe('Phone');
          return { status: response.status };
        },
      },
    ]),
  ),
};

/** Routes that take no id, no body naming an object and no filter naming one; each with why. */
const EXEMPT: [RegExp, string][] = [
  [/^POST \/api\/auth\/login$/, 'public; an email and a password, no record'],
  [/^(GET|PATCH) \/api\/auth\/me$/, 'the caller’s own account'],
  [/^POST \/api\/auth\/logout$/, 'the caller’s own session'],
  [
    /^POST \/api\/auth\/refresh$/,
    'public; renews only the session named by the caller’s own cookie (refresh.e2e-spec.ts)',
  ],
  [/^POST \/api\/auth\/password$/, 'the caller’s own password'],
  [/^GET \/api\/auth\/sessions$/, 'the caller’s own sessions, no filter'],
  [
    /^(GET|POST|DELETE) \/api\/auth\/mfa(\/verify|\/totp|\/totp\/confirm)?$/,
    'the caller’s own second factors, or a sign-in challenge (mfa.e2e-spec.ts)',
  ],
  [
    /^(POST \/api\/auth\/webauthn\/register\/(options|verify)|GET \/api\/auth\/webauthn\/credentials)$/,
    'the caller’s own passkeys (webauthn.e2e-spec.ts)',
  ],
  [
    /^POST \/api\/auth\/webauthn\/login\/(options|verify)$/,
    'public; a sign-in challenge that only its password holder received (webauthn.e2e-spec.ts)',
  ],
  [/^GET \/api\/health$/, 'no record at all'],
  [
    /^(GET|DELETE) \/api\/intake\/draft$/,
    'the caller’s own intake draft, names no record (intake-drafts.e2e-spec.ts)',
  ],
  [
    /^GET \/api\/deadline-rules(\/:id(\/compute)?)?$/,
    'the published jurisdiction rules, nobody’s record',
  ],
  [
    /^GET \/api\/stats\/(aggregate|microdata)$/,
    'anonymised figures over every team, no record named (statistics.e2e-spec.ts)',
  ],
  [
    /^(GET|POST) \/api\/stats\/releases(\/:id\/microdata)?$/,
    'anonymised microdata releases over every team, of no team; made by admins and analysts only (stats-releases.e2e-spec.ts)',
  ],
  [/^(GET|POST|DELETE) \/api\/calendar\/token$/, 'the caller’s own feed token'],
  [/^GET \/api\/dashboard$/, 'the caller’s own figures, no id or filter (dashboard.e2e-spec.ts)'],
  [
    /^POST \/api\/teams$/,
    'creates a team, names no existing object; admins only (routes.e2e-spec.ts)',
  ],
  [
    /^(GET|POST) \/api\/audit-events\/verify$/,
    'walks the whole chain, names no record; admins only (routes.e2e-spec.ts)',
  ],
  [
    /^(GET|PUT) \/api\/retention\/(policies|due|runs)$/,
    'retention policies, the dry run and its record: names no record; admins only (retention.e2e-spec.ts)',
  ],
  [
    /^GET \/api\/audit-events\/checkpoint$/,
    'signs the last event’s seq and hash, names no record; admins only (routes.e2e-spec.ts)',
  ],
];

const routeOf = (key: string) => key.split(' ').slice(0, 2).join(' ');

describe('the access matrix', () => {
  let t: TestApp;
  let admin: string;
  const fixtures = {} as Record<Target, Fixture>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin@haven.local');
    const make = async (target: Target, label: string): Promise<Fixture> => {
      const client = {
        givenName: 'Matvei',
        familyName: `${label}ov`,
        nativeName: `Матвей ${label}ов`,
        dateOfBirth: '1991-02-03',
        phone: `+7 900 555 ${String(TARGETS.indexOf(target) + 11).padStart(4, '0')}`,
      };
      const created = await intake(t, CREATOR[target], {
        client,
        case: { decisionServedOn: '2026-03-21', jurisdiction: 'DE' },
      });
      const [deadline] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO deadline (case_id, kind, title, due_on) VALUES ($1, 'hearing', 'Hearing', '2030-01-15') RETURNING id`,
        [created.case.id],
      );
      await encryptPlanted(t);
      const note = await t.http().post('/api/notes').set('Authorization', admin).send({
        caseId: created.case.id,
        ground: 'conscientious_objection',
        title: 'Objection',
        body: 'Refuses to bear arms.',
      });
      const document = await t
        .http()
        .post(`/api/cases/${created.case.id}/documents`)
        .set('Authorization', admin)
        .field('kind', 'decision')
        .field('title', 'Decision')
        .attach('file', pdfWith(label), 'decision.pdf');
      if (document.status !== 201)
        throw new Error(`fixture ${target}: document ${document.status}`);
      const caseworkerId = await t.userId(CREATOR[target]);
      const task = await t
        .http()
        .post('/api/tasks')
        .set('Authorization', admin)
        .send({ caseId: created.case.id, title: 'Book an interpreter', assigneeId: caseworkerId });
      if (note.status !== 201 || task.status !== 201)
        throw new Error(`fixture ${target}: note ${note.status}, task ${task.status}`);
      const event = await one<{ id: string }>(
        t,
        `SELECT id FROM audit_event WHERE entity_id = $1 AND action = 'create' AND team_id = $2 ORDER BY seq LIMIT 1`,
        [created.case.id, created.case.teamId],
      );
      const dataRequest = await t
        .http()
        .post('/api/data-requests')
        .set('Authorization', admin)
        .send({ clientId: created.client.id, type: 'access', receivedOn: '2026-01-15' });
      if (dataRequest.status !== 201)
        throw new Error(`fixture ${target}: data request ${dataRequest.status}`);
      // A client of the same team with a duplicate merged into it, by an admin.
      const survivor = await freshClient(t, CREATOR[target]);
      const duplicate = await freshClient(t, CREATOR[target]);
      expect((await mergeAs(t, admin, survivor.clientId, duplicate.clientId)).status).toBe(200);
      return {
        teamId: created.case.teamId,
        caseworkerId,
        caseId: created.case.id,
        caseReference: created.case.reference,
        clientId: created.client.id,
        clientReference: created.client.reference,
        ...client,
        deadlineId: deadline.id,
        noteId: note.body.id as string,
        documentId: document.body.id as string,
        taskId: task.body.id as string,
        auditEventId: event.id,
        mergedClientId: survivor.clientId,
        dataRequestId: dataRequest.body.id as string,
      };
    };
    fixtures.own = await make('own', 'Svoi');
    fixtures.colleague = await make('colleague', 'Kollegin');
    fixtures.otherTeam = await make('otherTeam', 'Chuzhoi');
  });
  afterAll(() => t.close());

  it('has a row for every route that takes an id, a body naming an object or a filter naming one', () => {
    const routes = [...new Set(appRoutes(t).map((r) => r.route))];
    const covered = routes.filter((route) => !EXEMPT.some(([pattern]) => pattern.test(route)));
    expect(covered.sort()).toEqual([...new Set(Object.keys(MATRIX).map(routeOf))].sort());
  });

  it('exempts only routes that exist and have no row', () => {
    const routes = appRoutes(t).map((r) => r.route);
    for (const [pattern, reason] of EXEMPT)
      expect(
        routes.some((route) => pattern.test(route)),
        reason,
      ).toBe(true);
    for (const key of Object.keys(MATRIX))
      expect(
        EXEMPT.some(([pattern]) => pattern.test(routeOf(key))),
        key,
      ).toBe(false);
  });

  for (const [route, spec] of Object.entries(MATRIX)) {
    const reach = spec.reach ?? visible;
    for (const role of ROLES) {
      const context = async (target: Target): Promise<Ctx> => ({
        t,
        token: await t.tokenFor(EMAIL[role]),
        role,
        target,
        f: fixtures[target],
        fixtures,
        admin,
      });
      if (spec.list) {
        const { key, perTarget } = spec.list;
        it(`${route} as ${role}: lists exactly the records within reach`, async () => {
          for (const target of perTarget ? TARGETS : (['own'] as Target[])) {
            const result = await spec.call(await context(target));
            if (spec.forbidden.includes(role)) {
              expect(result.status).toBe(403);
              continue;
            }
            expect(result.status, `naming ${target}`).toBe(spec.ok);
            const ids = result.ids ?? [];
            if (perTarget)
              expect(ids.includes(key(fixtures[target])), `${target} listed when named?`).toBe(
                reach(role, target),
              );
            // Never a row of what the caller may not see, whatever the request names.
            for (const other of TARGETS) {
              if (!reach(role, other))
                expect(
                  ids.includes(key(fixtures[other])),
                  `${other} listed${perTarget ? ` when naming ${target}` : ''}`,
                ).toBe(false);
              else if (!perTarget)
                expect(ids.includes(key(fixtures[other])), `${other} listed?`).toBe(true);
            }
          }
        });
        continue;
      }
      for (const target of TARGETS) {
        const expected =
          spec.expected?.(role, target) ??
          (spec.forbidden.includes(role) ? 403 : reach(role, target) ? spec.ok : 404);
        it(`${route} as ${role} on ${target} → ${Array.isArray(expected) ? expected.join(' or ') : expected}`, async () => {
          const result = await spec.call(await context(target));
          if (Array.isArray(expected)) expect(expected).toContain(result.status);
          else expect(result.status).toBe(expected);
        });
      }
    }
  }

  describe('across a move', () => {
    it('a task follows its case to another team: the old team 404, the new team sees and acts on it', async () => {
      const [tbilisiSupervisor, almatySupervisor, caseworker] = await Promise.all(
        ['supervisor@haven.local', 'supervisor.almaty@haven.local', 'caseworker@haven.local'].map(
          (email) => t.tokenFor(email),
        ),
      );
      const almaty = await t.teamId('Almaty office');
      const moved = await freshClient(t, 'caseworker@haven.local');
      const task = await t
        .http()
        .post('/api/tasks')
        .set('Authorization', admin)
        .send({
          caseId: moved.caseId,
          title: 'Prepare the hearing',
          assigneeId: await t.userId('caseworker@haven.local'),
        });
      expect(task.status).toBe(201);
      const { version } = await one<{ version: number }>(
        t,
        'SELECT version FROM legal_case WHERE id = $1',
        [moved.caseId],
      );
      expect(
        (
          await t
            .http()
            .patch(`/api/cases/${moved.caseId}`)
            .set('Authorization', admin)
            .send({ version, teamId: almaty })
        ).status,
      ).toBe(200);

      for (const token of [tbilisiSupervisor, caseworker]) {
        expect(
          (await t.http().get(`/api/tasks/${task.body.id}`).set('Authorization', token)).status,
        ).toBe(404);
        expect(
          (
            await t
              .http()
              .post(`/api/tasks/${task.body.id}/complete`)
              .set('Authorization', token)
              .send({})
          ).status,
        ).toBe(404);
        const listed = await t
          .http()
          .get(`/api/tasks?caseId=${moved.caseId}`)
          .set('Authorization', token);
        expect(listed.status).toBe(200);
        expect(listed.body.data).toEqual([]);
      }
      const seen = await t
        .http()
        .get(`/api/tasks/${task.body.id}`)
        .set('Authorization', almatySupervisor);
      expect(seen.status).toBe(200);
      expect(seen.body.teamId).toBe(almaty);
      const listed = await t
        .http()
        .get(`/api/tasks?caseId=${moved.caseId}`)
        .set('Authorization', almatySupervisor);
      expect(listed.body.data.map((row: { id: string }) => row.id)).toEqual([task.body.id]);
      const assigned = await t
        .http()
        .post(`/api/tasks/${task.body.id}/assign`)
        .set('Authorization', almatySupervisor)
        .send({ assigneeId: await t.userId('caseworker.almaty@haven.local') });
      expect(assigned.status).toBe(200);
    });

    it('a caseworker moved to another team loses the old team’s cases and tasks, which wait unassigned', async () => {
      const tbilisi = await t.teamId('Tbilisi office');
      const almaty = await t.teamId('Almaty office');
      const email = `mover${serial++}@haven.local`;
      const password = 'a long enough passphrase 42';
      const created = await t.http().post('/api/users').set('Authorization', admin).send({
        email,
        fullName: 'Moving Caseworker',
        role: 'caseworker',
        teamId: tbilisi,
        password,
      });
      expect(created.status).toBe(201);
      const moverId = created.body.id as string;
      const before = await t.login(email, password);
      const opened = await t
        .http()
        .post('/api/intake')
        .set('Authorization', before)
        .send(intakeBody());
      expect(opened.status).toBe(201);
      const held = {
        clientId: opened.body.client.id as string,
        caseId: opened.body.case.id as string,
      };
      const task = await t
        .http()
        .post('/api/tasks')
        .set('Authorization', admin)
        .send({ caseId: held.caseId, title: 'Call the client', assigneeId: moverId });
      expect(task.status).toBe(201);
      expect(
        (await t.http().get(`/api/cases/${held.caseId}`).set('Authorization', before)).status,
      ).toBe(200);

      const { version } = await one<{ version: number }>(
        t,
        'SELECT version FROM app_user WHERE id = $1',
        [moverId],
      );
      expect(
        (
          await t
            .http()
            .patch(`/api/users/${moverId}`)
            .set('Authorization', admin)
            .send({ version, teamId: almaty })
        ).status,
      ).toBe(200);

      const after = await t.login(email, password);
      expect(
        (await t.http().get(`/api/cases/${held.caseId}`).set('Authorization', after)).status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/clients/${held.clientId}`).set('Authorization', after)).status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/tasks/${task.body.id}`).set('Authorization', after)).status,
      ).toBe(404);
      const cases = await t.http().get('/api/cases?perPage=100').set('Authorization', after);
      expect(cases.status).toBe(200);
      expect(cases.body.data.map((c: { id: string }) => c.id)).not.toContain(held.caseId);

      const supervisor = await t.tokenFor('supervisor@haven.local');
      const seen = await t.http().get(`/api/cases/${held.caseId}`).set('Authorization', supervisor);
      expect(seen.status).toBe(200);
      expect(seen.body.assignedToId).toBeNull();
      const openTask = await t
        .http()
        .get(`/api/tasks/${task.body.id}`)
        .set('Authorization', supervisor);
      expect(openTask.status).toBe(200);
      expect(openTask.body.assigneeId).toBeNull();
      // The account itself now belongs to the other team's view.
      expect(
        (await t.http().get(`/api/users/${moverId}`).set('Authorization', supervisor)).status,
      ).toBe(404);
      expect(
        (
          await t
            .http()
            .get(`/api/users/${moverId}`)
            .set('Authorization', await t.tokenFor('supervisor.almaty@haven.local'))
        ).status,
      ).toBe(200);
    });

    it('a merge whose client holds a case of another team is an admin’s act, its undo and history too', async () => {
      const tbilisi = await t.teamId('Tbilisi office');
      const almaty = await t.teamId('Almaty office');
      const supervisor = await t.tokenFor('supervisor@haven.local');
      const spanning = await freshClient(t, 'caseworker@haven.local');
      const elsewhere = await t.http().post('/api/cases').set('Authorization', admin).send({
        clientId: spanning.clientId,
        caseType: 'stay_extension',
        jurisdiction: 'KZ',
        teamId: almaty,
      });
      expect(elsewhere.status).toBe(201);
      const duplicate = await freshClient(t, 'caseworker2@haven.local');

      // Both clients are visible to the supervisor, but one of them holds a case of Almaty.
      expect([403, 404]).toContain(
        (await mergeAs(t, supervisor, spanning.clientId, duplicate.clientId)).status,
      );
      expect([403, 404]).toContain(
        (await mergeAs(t, supervisor, duplicate.clientId, spanning.clientId)).status,
      );

      const merged = await mergeAs(t, admin, spanning.clientId, duplicate.clientId);
      expect(merged.status).toBe(200);
      const filed = await t.dataSource.query<{ team_id: string | null }[]>(
        `SELECT team_id FROM audit_event WHERE action = 'merge' AND details->>'mergeId' = $1`,
        [merged.body.id],
      );
      expect(new Set(filed.map((e) => e.team_id).filter(Boolean))).toEqual(
        new Set([tbilisi, almaty]),
      );

      const history = await t
        .http()
        .get(`/api/clients/${spanning.clientId}/merges`)
        .set('Authorization', supervisor);
      if (history.status === 200)
        expect(JSON.stringify(history.body)).not.toContain(merged.body.id);
      else expect([403, 404]).toContain(history.status);

      const undo = await t
        .http()
        .post(`/api/clients/merges/${merged.body.id}/undo`)
        .set('Authorization', supervisor)
        .send({});
      expect([403, 404]).toContain(undo.status);
      expect(
        await t.dataSource.query('SELECT undone_at FROM client_merge WHERE id = $1', [
          merged.body.id,
        ]),
      ).toEqual([{ undone_at: null }]);

      expect(
        (
          await t
            .http()
            .post(`/api/clients/merges/${merged.body.id}/undo`)
            .set('Authorization', admin)
            .send({})
        ).status,
      ).toBe(200);
      const unfiled = await t.dataSource.query<{ team_id: string | null }[]>(
        `SELECT team_id FROM audit_event WHERE action = 'unmerge' AND details->>'mergeId' = $1`,
        [merged.body.id],
      );
      expect(new Set(unfiled.map((e) => e.team_id).filter(Boolean))).toEqual(
        new Set([tbilisi, almaty]),
      );
    });
  });
});
