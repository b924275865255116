import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_KEY, PUBLIC_KEY } from '../src/common/decorators.js';
import { appRoutes } from './app-routes.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Every route and what it requires. A route added without a declaration — or missing here —
 * fails this test, so nothing ships open by accident.
 */
const EXPECTED: Record<string, string> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'GET /api/auth/me': 'auth.self',
  'PATCH /api/auth/me': 'auth.self',
  'POST /api/auth/logout': 'auth.self',
  'POST /api/auth/password': 'auth.self',
  'GET /api/auth/sessions': 'auth.self',
  'DELETE /api/auth/sessions/:id': 'auth.self',
  'POST /api/auth/mfa/verify': 'public',
  'GET /api/auth/mfa': 'auth.self',
  'POST /api/auth/mfa/totp': 'auth.self',
  'POST /api/auth/mfa/totp/confirm': 'auth.self',
  'DELETE /api/auth/mfa/totp': 'auth.self',
  'POST /api/auth/webauthn/register/options': 'auth.self',
  'POST /api/auth/webauthn/register/verify': 'auth.self',
  'GET /api/auth/webauthn/credentials': 'auth.self',
  'PATCH /api/auth/webauthn/credentials/:id': 'auth.self',
  'DELETE /api/auth/webauthn/credentials/:id': 'auth.self',
  'POST /api/auth/webauthn/login/options': 'public',
  'POST /api/auth/webauthn/login/verify': 'public',
  'GET /api/health': 'public',
  'GET /api/users': 'users.read',
  'GET /api/users/:id': 'users.read',
  'GET /api/users/:id/open-work': 'users.write',
  'POST /api/users/:id/mfa/reset': 'users.write',
  'POST /api/users': 'users.write',
  'PATCH /api/users/:id': 'users.write',
  'GET /api/teams': 'teams.read',
  'GET /api/teams/:id': 'teams.read',
  'POST /api/teams': 'teams.write',
  'PATCH /api/teams/:id': 'teams.write',
  'GET /api/audit-events': 'audit.read',
  'GET /api/audit-events/verify': 'audit.verify',
  'POST /api/audit-events/verify': 'audit.verify',
  'GET /api/audit-events/checkpoint': 'audit.verify',
  'GET /api/audit-events/:id': 'audit.read',
  'GET /api/clients': 'clients.read',
  'GET /api/clients/:id': 'clients.read',
  'PATCH /api/clients/:id': 'clients.write',
  'GET /api/cases': 'cases.read',
  'GET /api/cases/:id': 'cases.read',
  'GET /api/cases/:id/history': 'cases.read',
  'POST /api/cases': 'cases.write',
  'PATCH /api/cases/:id': 'cases.write',
  'POST /api/cases/reassign': 'cases.reassign',
  'POST /api/intake': 'intake.create',
  'GET /api/deadlines': 'deadlines.read',
  'GET /api/deadlines/:id': 'deadlines.read',
  'POST /api/deadlines': 'deadlines.write',
  'PATCH /api/deadlines/:id': 'deadlines.write',
  'GET /api/deadline-rules': 'deadlines.read',
  'GET /api/deadline-rules/:id': 'deadlines.read',
  'GET /api/deadline-rules/:id/compute': 'deadlines.read',
  'GET /api/cases/:id/suggested-deadlines': 'deadlines.read',
  'POST /api/cases/:id/suggested-deadlines': 'deadlines.write',
  'GET /api/cases/:id/stay-limit': 'deadlines.read',
  'GET /api/calendar/token': 'deadlines.read',
  'POST /api/calendar/token': 'deadlines.read',
  'DELETE /api/calendar/token': 'deadlines.read',
  'GET /api/calendar/feed.ics': 'public',
  'GET /api/notes': 'notes.read',
  'GET /api/notes/:id': 'notes.read',
  'POST /api/notes': 'notes.write',
  'PATCH /api/notes/:id': 'notes.write',
  'GET /api/notes/:id/revisions': 'notes.read',
  'GET /api/notes/:id/comments': 'notes.read',
  'POST /api/notes/:id/comments': 'notes.review',
  'GET /api/cases/:id/claim-summary': 'notes.read',
  'GET /api/tasks': 'tasks.read',
  'GET /api/tasks/:id': 'tasks.read',
  'POST /api/tasks': 'tasks.write',
  'PATCH /api/tasks/:id': 'tasks.write',
  'POST /api/tasks/:id/claim': 'tasks.write',
  'POST /api/tasks/:id/assign': 'tasks.review',
  'POST /api/tasks/:id/start': 'tasks.write',
  'POST /api/tasks/:id/submit-review': 'tasks.write',
  'POST /api/tasks/:id/approve': 'tasks.review',
  'POST /api/tasks/:id/return': 'tasks.review',
  'POST /api/tasks/:id/complete': 'tasks.write',
  'POST /api/tasks/:id/reopen': 'tasks.write',
  'GET /api/dashboard': 'dashboard.read',
  'GET /api/caseload': 'cases.reassign',
  'GET /api/stats/aggregate': 'statistics.read',
  'GET /api/stats/microdata': 'statistics.read',
  'GET /api/clients/possible-duplicates': 'clients.read',
  'POST /api/clients/:id/merge': 'clients.merge',
  'GET /api/clients/:id/merges': 'clients.merge',
  'POST /api/clients/merges/:mergeId/undo': 'clients.merge',
};

function routesOf(t: TestApp): Record<string, string> {
  const routes: Record<string, string> = {};
  for (const { route, controller, handler } of appRoutes(t)) {
    const isPublic =
      Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller);
    const permission =
      Reflect.getMetadata(PERMISSION_KEY, handler) ??
      Reflect.getMetadata(PERMISSION_KEY, controller);
    routes[route] = isPublic ? 'public' : (permission ?? 'UNDECLARED');
  }
  return routes;
}

describe('routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('declares a permission (or public) on every route, exactly as listed', () => {
    expect(routesOf(t)).toEqual(EXPECTED);
  });

  it('documents every route in the OpenAPI document', async () => {
    const response = await t.http().get('/api/docs-json');
    expect(response.status).toBe(200);
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(
      response.body.paths as Record<string, object>,
    )) {
      for (const method of Object.keys(operations)) {
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    expect([...documented].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('serves the OpenAPI UI without a login', async () => {
    const response = await t.http().get('/api/docs/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });

  it('refuses each role the routes its role map does not grant, with 403', async () => {
    const analyst = await t.tokenFor('analyst@haven.local');
    const caseworker = await t.tokenFor('caseworker@haven.local');
    expect((await t.http().get('/api/audit-events').set('Authorization', analyst)).status).toBe(
      403,
    );
    expect((await t.http().get('/api/audit-events').set('Authorization', caseworker)).status).toBe(
      403,
    );
    expect(
      (
        await t
          .http()
          .post('/api/teams')
          .set('Authorization', caseworker)
          .send({ name: 'x', country: 'GE' })
      ).status,
    ).toBe(403);
    const supervisor = await t.tokenFor('supervisor@haven.local');
    expect(
      (await t.http().get('/api/audit-events/verify').set('Authorization', supervisor)).status,
    ).toBe(403);
  });

  it('answers an unknown API path with a 404 in the contract shape, even without a token', async () => {
    const response = await t.http().get('/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
