import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

type Operations = Record<string, unknown>;

/** Whether a route with parameters (`/api/clients/{id}`) also matches a static path. */
const shadows = (pattern: string, path: string) => {
  const a = pattern.split('/');
  const b = path.split('/');
  return (
    a.length === b.length && a.every((segment, i) => /^\{.+\}$/.test(segment) || segment === b[i])
  );
};

describe('routes: a static path is never taken by a parameter route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers every static path that a parameter route of the same method would also match', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Operations>;
    };
    const paths = Object.entries(document.paths);
    const conflicts: { method: string; path: string; pattern: string }[] = [];
    for (const [path, operations] of paths) {
      if (path.includes('{')) continue;
      for (const method of Object.keys(operations)) {
        for (const [pattern, others] of paths) {
          if (pattern.includes('{') && method in others && shadows(pattern, path))
            conflicts.push({ method, path, pattern });
        }
      }
    }
    // Haven has such paths (GET /api/clients/possible-duplicates beside GET /api/clients/{id}):
    // the check below must have something to check.
    expect(conflicts.length).toBeGreaterThan(0);
    const admin = await t.tokenFor('admin@haven.local');
    for (const { method, path, pattern } of conflicts) {
      const verb = method as 'get' | 'post' | 'patch' | 'delete';
      const call = t.http()[verb](path).set('Authorization', admin);
      const response = await (verb === 'get' || verb === 'delete' ? call : call.send({}));
      // The parameter route would answer a non-UUID id as a missing record: 404.
      expect(
        response.status,
        `${method.toUpperCase()} ${path} was answered by ${pattern}`,
      ).not.toBe(404);
    }
  });
});
