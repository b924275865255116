import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SessionCache } from '../src/auth/session-cache.js';
import { startTestApp, type TestApp } from './harness.js';

/** The session id a token names. */
const sessionOf = (token: string) =>
  (
    JSON.parse(
      Buffer.from(token.replace(/^Bearer /, '').split('.')[1], 'base64url').toString(),
    ) as { sid: string }
  ).sid;

/** Polls until `check` holds, or fails after `ms`; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

describe('remembered session checks, forgotten at once', () => {
  let t: TestApp;
  let cache: SessionCache;
  // Ten minutes: anything forgotten in these tests is forgotten by a notification, not by age.
  beforeAll(async () => {
    t = await startTestApp({ sessionCacheSeconds: 600 });
    cache = t.app.get(SessionCache);
    await within(5_000, () => cache.healthy);
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/auth/me').set('Authorization', token);

  it('answers a repeated check from memory', async () => {
    const token = await t.login('caseworker@haven.local');
    expect((await me(token)).status).toBe(200);
    const hits = cache.hits;
    expect((await me(token)).status).toBe(200);
    expect((await me(token)).body.email).toBe('caseworker@haven.local');
    expect(cache.hits).toBe(hits + 2);
  });

  it('stops a token at once on logout, though its check was remembered', async () => {
    const token = await t.login('supervisor@haven.local');
    await me(token);
    await me(token);
    await t.http().post('/api/auth/logout').set('Authorization', token);
    expect((await me(token)).status).toBe(401);
  });

  it('forgets a session ended by another connection as soon as the database announces it', async () => {
    const token = await t.login('caseworker2@haven.local');
    await me(token);
    const hits = cache.hits;
    expect((await me(token)).status).toBe(200);
    expect(cache.hits).toBe(hits + 1);
    // As another instance or an administrator's tool would: straight in the database.
    await t.dataSource.query(
      `UPDATE user_session SET ended_at = now(), end_reason = 'test' WHERE id = $1`,
      [sessionOf(token)],
    );
    const took = await within(2_000, async () => (await me(token)).status === 401);
    expect(took).toBeLessThan(2_000);
  });

  it('forgets the sessions of a user deactivated straight in the database', async () => {
    const token = await t.login('caseworker.almaty@haven.local');
    await me(token);
    await me(token);
    await t.dataSource.query(
      `UPDATE app_user SET active = false WHERE email = 'caseworker.almaty@haven.local'`,
    );
    await within(2_000, async () => (await me(token)).status === 401);
    await t.dataSource.query(
      `UPDATE app_user SET active = true WHERE email = 'caseworker.almaty@haven.local'`,
    );
  });

  it('ends the sessions of a user deactivated through the API at once', async () => {
    const token = await t.login('caseworker2.almaty@haven.local');
    await me(token);
    await me(token);
    const admin = await t.login('admin@haven.local');
    const id = await t.userId('caseworker2.almaty@haven.local');
    const current = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
    const patch = await t
      .http()
      .patch(`/api/users/${id}`)
      .set('Authorization', admin)
      .send({ version: current.body.version, active: false });
    expect(patch.status).toBe(200);
    expect((await me(token)).status).toBe(401);
  });

  it('forgets at once in its own instance on logout and on deactivation, without waiting for the announcement', async () => {
    // The announcements of ended sessions and changed users go unheard (pings still count), so only
    // the instance's own forgetting can stop these tokens.
    const target = cache as unknown as { heard(payload: string | undefined): void };
    const heard = target.heard.bind(cache);
    const deaf = vi.spyOn(target, 'heard').mockImplementation((payload) => {
      if (payload?.startsWith('ping:')) heard(payload);
    });
    const admin = await t.login('admin@haven.local');
    const id = await t.userId('supervisor.berlin@haven.local');
    try {
      const leaving = await t.login('supervisor.almaty@haven.local');
      const deactivated = await t.login('supervisor.berlin@haven.local');
      for (const token of [leaving, deactivated]) {
        await me(token);
        const hits = cache.hits;
        expect((await me(token)).status).toBe(200);
        expect(cache.hits).toBe(hits + 1);
      }
      await t.http().post('/api/auth/logout').set('Authorization', leaving);
      expect((await me(leaving)).status).toBe(401);
      const current = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
      expect(
        (
          await t
            .http()
            .patch(`/api/users/${id}`)
            .set('Authorization', admin)
            .send({ version: current.body.version, active: false })
        ).status,
      ).toBe(200);
      expect((await me(deactivated)).status).toBe(401);
    } finally {
      deaf.mockRestore();
      await t.dataSource.query(`UPDATE app_user SET active = true WHERE id = $1`, [id]);
    }
  });

  it('does not remember a check that began before a change', () => {
    const ticket = cache.ticket();
    cache.forget('00000000-0000-4000-8000-000000000001');
    const before = cache.size;
    cache.remember(
      '00000000-0000-4000-8000-000000000002',
      {
        userId: 'u',
        role: 'caseworker',
        teamId: null,
        expiresAt: Date.now() + 60_000,
        restriction: null,
      },
      ticket,
    );
    expect(cache.size).toBe(before);
    expect(cache.get('00000000-0000-4000-8000-000000000002', 'u')).toBeNull();
  });

  it('checks every request in the database while it cannot listen, and remembers again once it can', async () => {
    const token = await t.login('analyst@haven.local');
    await me(token);
    // The listening connection is cut (a restart, a failover, a network fault).
    const [killed] = await t.dataSource.query<{ killed: boolean }[]>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN haven_session'`,
    );
    expect(killed?.killed).toBe(true);
    await within(2_000, () => !cache.healthy);
    expect(cache.size).toBe(0);
    const hits = cache.hits;
    expect((await me(token)).status).toBe(200);
    expect(cache.hits).toBe(hits);
    // Ended while nobody listens: the very next request sees it, as nothing was remembered.
    const gap = cache.ticket();
    await t.dataSource.query(
      `UPDATE user_session SET ended_at = now(), end_reason = 'test' WHERE id = $1`,
      [sessionOf(token)],
    );
    expect((await me(token)).status).toBe(401);
    // Back: it listens again, and remembers again — but not a check begun while nobody listened,
    // whose session may have ended unheard.
    await within(5_000, () => cache.healthy);
    cache.remember(
      '00000000-0000-4000-8000-000000000003',
      {
        userId: 'u',
        role: 'analyst',
        teamId: null,
        expiresAt: Date.now() + 60_000,
        restriction: null,
      },
      gap,
    );
    expect(cache.get('00000000-0000-4000-8000-000000000003', 'u')).toBeNull();
    const again = await t.login('analyst@haven.local');
    await me(again);
    const before = cache.hits;
    await me(again);
    expect(cache.hits).toBe(before + 1);
  });

  it('forgets everything when every session is removed at once (TRUNCATE, which fires no row trigger)', async () => {
    const token = await t.login('caseworker@haven.local');
    await me(token);
    await me(token);
    expect(cache.size).toBeGreaterThan(0);
    await t.ownerQuery(`TRUNCATE user_session CASCADE`);
    await within(2_000, () => cache.size === 0);
    expect((await me(token)).status).toBe(401);
  });
});

describe('HAVEN_SESSION_CACHE_SECONDS=0', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ sessionCacheSeconds: 0 });
  });
  afterAll(() => t.close());

  it('checks the session in the database on every request', async () => {
    const cache = t.app.get(SessionCache);
    const token = await t.login('caseworker@haven.local');
    for (let i = 0; i < 3; i++)
      expect((await t.http().get('/api/auth/me').set('Authorization', token)).status).toBe(200);
    expect(cache.hits).toBe(0);
    expect(cache.healthy).toBe(false);
    await t.dataSource.query(`UPDATE user_session SET ended_at = now() WHERE id = $1`, [
      sessionOf(token),
    ]);
    expect((await t.http().get('/api/auth/me').set('Authorization', token)).status).toBe(401);
  });
});
