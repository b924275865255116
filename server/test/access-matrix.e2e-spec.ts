import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake, intakeBody } from './factories.js';
import { appRoutes } from './app-routes.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The access matrix: every case-scoped route × every role × the case's relation to the caller
 * (own case, a colleague's case in the same team, another team's case). Expected statuses come
 * from the contract's one rule — admin all, supervisor their team, caseworker their own cases,
 * analyst none (403) — and an invisible record is a 404, never a 403.
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

function visible(role: Role, target: Target): boolean {
  if (role === 'admin') return true;
  if (role === 'supervisor') return target !== 'otherTeam';
  if (role === 'caseworker') return target === 'own';
  return false;
}

interface Fixture {
  caseId: string;
  deadlineId: string;
  noteId: string;
  clientId: string;
  version: () => Promise<number>;
  clientVersion: () => Promise<number>;
}

interface Route {
  /** Roles the role map refuses outright (403 whatever the record). */
  forbidden: Role[];
  /** Success status when allowed and visible. */
  ok: number;
  /** Lists: instead of a status per record, which records appear. */
  list?: boolean;
  call: (t: TestApp, token: string, fixture: Fixture, fixtures: Record<Target, Fixture>) => Promise<{ status: number; ids?: string[] }>;
}

const MATRIX: Record<string, Route> = {
  'GET /api/cases': {
    forbidden: ['analyst'],
    ok: 200,
    list: true,
    call: async (t, token) => {
      const r = await t.http().get('/api/cases?perPage=100').set('Authorization', token);
      return { status: r.status, ids: r.body.data?.map((c: { id: string }) => c.id) };
    },
  },
  'GET /api/cases/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/cases/${f.caseId}`).set('Authorization', token)).status }),
  },
  'GET /api/cases/:id/history': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/cases/${f.caseId}/history`).set('Authorization', token)).status }),
  },
  'PATCH /api/cases/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({
      status: (await t.http().patch(`/api/cases/${f.caseId}`).set('Authorization', token).send({ version: await f.version(), priority: 'urgent' })).status,
    }),
  },
  'POST /api/cases': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (t, token, f) => {
      const team = (await t.dataSource.query<{ team_id: string }[]>('SELECT team_id FROM legal_case WHERE id = $1', [f.caseId]))[0].team_id;
      const body = { clientId: f.clientId, caseType: 'stay_extension', jurisdiction: 'GE', teamId: team };
      // Only an admin names the team; for others it is implied.
      const role = (await t.http().get('/api/auth/me').set('Authorization', token)).body.role as Role;
      if (role !== 'admin') delete (body as Partial<typeof body>).teamId;
      return { status: (await t.http().post('/api/cases').set('Authorization', token).send(body)).status };
    },
  },
  'POST /api/cases/reassign': {
    forbidden: ['analyst', 'caseworker'],
    ok: 200,
    call: async (t, token, f) => {
      const [row] = await t.dataSource.query<{ assigned_to_id: string }[]>('SELECT assigned_to_id FROM legal_case WHERE id = $1', [f.caseId]);
      // Reassigning to the current assignee: a no-op that still needs access.
      return { status: (await t.http().post('/api/cases/reassign').set('Authorization', token).send({ caseIds: [f.caseId], assignedToId: row.assigned_to_id })).status };
    },
  },
  'GET /api/deadlines': {
    forbidden: ['analyst'],
    ok: 200,
    list: true,
    call: async (t, token) => {
      const r = await t.http().get('/api/deadlines?perPage=100').set('Authorization', token);
      return { status: r.status, ids: r.body.data?.map((d: { caseId: string }) => d.caseId) };
    },
  },
  'GET /api/deadlines/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/deadlines/${f.deadlineId}`).set('Authorization', token)).status }),
  },
  'PATCH /api/deadlines/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => {
      const [row] = await t.dataSource.query<{ version: number }[]>('SELECT version FROM deadline WHERE id = $1', [f.deadlineId]);
      return { status: (await t.http().patch(`/api/deadlines/${f.deadlineId}`).set('Authorization', token).send({ version: row.version, title: `Hearing ${Math.random()}` })).status };
    },
  },
  'POST /api/deadlines': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (t, token, f) => ({
      status: (await t.http().post('/api/deadlines').set('Authorization', token).send({ caseId: f.caseId, ruleId: 'DE.appeal', triggerDate: '2026-03-21' })).status,
    }),
  },
  'GET /api/cases/:id/suggested-deadlines': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/cases/${f.caseId}/suggested-deadlines`).set('Authorization', token)).status }),
  },
  'POST /api/cases/:id/suggested-deadlines': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (t, token, f) => ({ status: (await t.http().post(`/api/cases/${f.caseId}/suggested-deadlines`).set('Authorization', token).send({ ruleIds: ['DE.appeal_grounds'] })).status }),
  },
  'GET /api/cases/:id/stay-limit': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/cases/${f.caseId}/stay-limit`).set('Authorization', token)).status }),
  },
  'GET /api/notes': {
    forbidden: ['analyst'],
    ok: 200,
    list: true,
    call: async (t, token) => {
      const r = await t.http().get('/api/notes?perPage=100').set('Authorization', token);
      return { status: r.status, ids: r.body.data?.map((n: { caseId: string }) => n.caseId) };
    },
  },
  'GET /api/notes/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/notes/${f.noteId}`).set('Authorization', token)).status }),
  },
  'PATCH /api/notes/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => {
      const [row] = await t.dataSource.query<{ version: number }[]>('SELECT version FROM note WHERE id = $1', [f.noteId]);
      return { status: (await t.http().patch(`/api/notes/${f.noteId}`).set('Authorization', token).send({ version: row.version, title: `Objection ${Math.random()}` })).status };
    },
  },
  'POST /api/notes': {
    forbidden: ['analyst'],
    ok: 201,
    call: async (t, token, f) => ({ status: (await t.http().post('/api/notes').set('Authorization', token).send({ caseId: f.caseId, ground: 'political_opinion', title: 'Protest', body: 'Arrested at a picket.' })).status }),
  },
  'GET /api/notes/:id/revisions': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/notes/${f.noteId}/revisions`).set('Authorization', token)).status }),
  },
  'GET /api/notes/:id/comments': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/notes/${f.noteId}/comments`).set('Authorization', token)).status }),
  },
  'POST /api/notes/:id/comments': {
    forbidden: ['analyst', 'caseworker'],
    ok: 201,
    call: async (t, token, f) => ({ status: (await t.http().post(`/api/notes/${f.noteId}/comments`).set('Authorization', token).send({ body: 'Add the summons.' })).status }),
  },
  'GET /api/cases/:id/claim-summary': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/cases/${f.caseId}/claim-summary`).set('Authorization', token)).status }),
  },
  'GET /api/clients': {
    forbidden: ['analyst'],
    ok: 200,
    list: true,
    call: async (t, token) => {
      const r = await t.http().get('/api/clients?perPage=100').set('Authorization', token);
      return { status: r.status, ids: r.body.data?.map((c: { id: string }) => c.id) };
    },
  },
  'GET /api/clients/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({ status: (await t.http().get(`/api/clients/${f.clientId}`).set('Authorization', token)).status }),
  },
  'PATCH /api/clients/:id': {
    forbidden: ['analyst'],
    ok: 200,
    call: async (t, token, f) => ({
      status: (await t.http().patch(`/api/clients/${f.clientId}`).set('Authorization', token).send({ version: await f.clientVersion(), currentCity: `City ${Math.random()}` })).status,
    }),
  },
};

/** Routes outside record-level access (checked by their own tests). */
const NOT_CASE_SCOPED = [
  // The duplicate check and merges have their own access tests (duplicates.e2e-spec.ts), the
  // team caseload its own (dashboard.e2e-spec.ts).
  /^\w+ \/api\/clients\/(possible-duplicates|merges|:id\/merge)/,/^\w+ \/api\/(auth|health|users|teams|audit-events|deadline-rules|calendar|tasks|dashboard|caseload|stats)(\/|$)/, /^POST \/api\/intake$/];

describe('the access matrix', () => {
  let t: TestApp;
  const fixtures = {} as Record<Target, Fixture>;

  beforeAll(async () => {
    t = await startTestApp();
    const make = async (email: string): Promise<Fixture> => {
      const created = await intake(t, email, { case: { decisionServedOn: '2026-03-21', jurisdiction: 'DE' } });
      const [deadline] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO deadline (case_id, kind, title, due_on) VALUES ($1, 'hearing', 'Hearing', '2030-01-15') RETURNING id`,
        [created.case.id],
      );
      const note = await t.http().post('/api/notes').set('Authorization', await t.tokenFor('admin@haven.local')).send({ caseId: created.case.id, ground: 'conscientious_objection', title: 'Objection', body: 'Refuses to bear arms.' });
      return {
        caseId: created.case.id,
        deadlineId: deadline.id,
        noteId: note.body.id as string,
        clientId: created.client.id,
        version: async () => (await t.dataSource.query<{ version: number }[]>('SELECT version FROM legal_case WHERE id = $1', [created.case.id]))[0].version,
        clientVersion: async () => (await t.dataSource.query<{ version: number }[]>('SELECT version FROM client WHERE id = $1', [created.client.id]))[0].version,
      };
    };
    fixtures.own = await make('caseworker@haven.local');
    fixtures.colleague = await make('caseworker2@haven.local');
    fixtures.otherTeam = await make('caseworker.almaty@haven.local');
  });
  afterAll(() => t.close());

  it('covers every case-scoped route', () => {
    const scoped = appRoutes(t).map((r) => r.route).filter((route) => !NOT_CASE_SCOPED.some((pattern) => pattern.test(route)));
    expect(scoped.sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [route, spec] of Object.entries(MATRIX)) {
    for (const role of ROLES) {
      if (spec.list) {
        it(`${route} as ${role}: lists exactly the visible records`, async () => {
          const result = await spec.call(t, await t.tokenFor(EMAIL[role]), fixtures.own, fixtures);
          if (spec.forbidden.includes(role)) {
            expect(result.status).toBe(403);
            return;
          }
          expect(result.status).toBe(spec.ok);
          const key = route.includes('clients') ? 'clientId' : 'caseId';
          // Deadlines are listed by their case.
          for (const target of TARGETS) {
            expect(result.ids?.includes(fixtures[target][key]), `${target} listed?`).toBe(visible(role, target));
          }
        });
        continue;
      }
      for (const target of TARGETS) {
        const expected = spec.forbidden.includes(role) ? 403 : visible(role, target) ? spec.ok : 404;
        it(`${route} as ${role} on ${target} → ${expected}`, async () => {
          const result = await spec.call(t, await t.tokenFor(EMAIL[role]), fixtures[target], fixtures);
          expect(result.status).toBe(expected);
        });
      }
    }
  }

  it('answers intake by role: analysts 403, everyone else 201', async () => {
    const tbilisi = await t.teamId('Tbilisi office');
    for (const role of ROLES) {
      const body = intakeBody(role === 'admin' ? { case: { teamId: tbilisi } } : {});
      const response = await t.http().post('/api/intake').set('Authorization', await t.tokenFor(EMAIL[role])).send(body);
      expect(response.status, role).toBe(role === 'analyst' ? 403 : 201);
    }
  });
});
