import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
}

/** No Docker engine runs here: the compose file and Dockerfile are checked by reading them. */
describe('deployment files', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };

  it('runs PostgreSQL and Haven, Haven waiting for a healthy database', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['haven', 'postgres']);
    expect(compose.services.postgres.image).toMatch(/^postgres:\d+/);
    expect(compose.services.haven.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
    });
  });

  it('gives both services a health check, and Haven checks /api/health', () => {
    expect(compose.services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(compose.services.haven.healthcheck?.test.join(' ')).toContain('/api/health');
  });

  it('keeps the database in a named volume that is declared', () => {
    const volume = compose.services.postgres.volumes?.[0]?.split(':')[0];
    expect(volume).toBeTruthy();
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('requires the secrets and points Haven at the compose database', () => {
    const env = compose.services.haven.environment ?? {};
    expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(env.HAVEN_SECRET).toMatch(/:\?/);
    expect(env.HAVEN_ENCRYPTION_KEY).toMatch(/:\?/);
    expect(env.HAVEN_DEMO).toMatch(/:-0/);
  });

  it('runs the server as the runtime role and migrates as the owner, creating the role first', () => {
    const env = compose.services.haven.environment ?? {};
    const user = (url: string | undefined) =>
      url ? new URL(url.replace(/\$\{[^}]*\}/g, 'x')).username : null;
    expect(user(env.DATABASE_URL)).toBe('haven_app');
    expect(user(env.DATABASE_MIGRATION_URL)).toBe('haven');
    const command = (compose.services.haven as { command?: string[] }).command?.join(' ') ?? '';
    expect(command).toMatch(/db-roles --apply && exec node .*server\/dist\/server\/src\/main\.js/);
  });

  it('builds from a multi-stage Dockerfile that runs the compiled server as a non-root user', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('server/dist/server/src/main.js');
    expect(dockerfile).toMatch(/HEALTHCHECK/);
  });

  it('copies into the build stage every root script a workspace build runs', () => {
    const dockerfile = read('Dockerfile');
    const builds = ['shared', 'server', 'client'].map(
      (workspace) =>
        (JSON.parse(read(`${workspace}/package.json`)) as { scripts: { build: string } }).scripts
          .build,
    );
    const used = builds.flatMap((build) =>
      [...build.matchAll(/\.\.\/scripts\/([\w.-]+)/g)].map((m) => m[1]),
    );
    expect(used).toContain('compress-assets.mjs');
    for (const script of used) expect(dockerfile).toContain(`COPY scripts/${script} scripts/`);
  });
});
