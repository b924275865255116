import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle, THROTTLE } from '../src/auth/login-throttle.js';
import { startTestApp, type TestApp } from './harness.js';

const DEMO = 'haven-demo';
const STRONG = 'lantern orchard Kutaisi 1987 violet';

/** The app trusts one proxy hop, so each test can speak from an address of its own (X-Forwarded-For). */
describe('passwords, sessions and the login throttle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ trustProxy: 1 });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, from: string, userAgent = 'test-agent') =>
    t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', from)
      .set('User-Agent', userAgent)
      .send({ email, password });
  const signIn = async (email: string, from: string, userAgent?: string, password = DEMO) => {
    const response = await login(email, password, from, userAgent);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return `Bearer ${response.body.accessToken as string}`;
  };
  const failedChecks = async (email: string) => {
    const [row] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.login_failed' AND entity_id = (SELECT id FROM app_user WHERE email = $1)`,
      [email],
    );
    return row.n;
  };

  it('checks at most 10 of 40 simultaneous guesses for one account; the rest are 429 and the right password works after the delay', async () => {
    const email = 'caseworker2.almaty@haven.local';
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(email, `wrong-guess-${i}`, `198.51.100.${i + 1}`)),
    );
    const statuses = responses.map((r) => r.status);
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBe(40 - checked);
    // Every guess checked against the password left one failed-login event; no other guess was checked.
    expect(await failedChecks(email)).toBe(checked);
    const waits = responses
      .filter((r) => r.status === 429)
      .map((r) => Number(r.headers['retry-after']));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
    const wait = Math.max(...waits);
    expect(wait).toBeLessThanOrEqual(2 ** (checked - THROTTLE.freeAttempts));
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 200));
    expect((await login(email, DEMO, '198.51.100.99')).status).toBe(200);
  });

  it('counts an IPv6 address by its /64: two addresses of one /64 share a budget, another /64 has its own', async () => {
    const prefix = '2001:db8:7:8';
    // A different unknown account each time: only the address's budget is spent.
    const failures = await Promise.all(
      Array.from({ length: THROTTLE.perIp }, (_, i) =>
        login(
          `nobody${i}@haven.local`,
          'wrong-password',
          `${prefix}::${i % 2 === 0 ? 'a' : 'b:c'}`,
        ),
      ),
    );
    expect(failures.map((r) => r.status)).toEqual(Array(THROTTLE.perIp).fill(401));
    const same = await login(
      'caseworker.berlin@haven.local',
      DEMO,
      `${prefix}:ffff:ffff:ffff:ffff`,
    );
    expect(same.status).toBe(429);
    expect(Number(same.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('caseworker.berlin@haven.local', DEMO, '2001:db8:7:9::a')).status).toBe(
      200,
    );
  });

  describe("changing one's own password", () => {
    const email = 'caseworker@haven.local';

    it('refuses a wrong current password, naming currentPassword, audited, and counts it as a guess', async () => {
      const token = await signIn(email, '203.0.113.10');
      for (let i = 0; i < THROTTLE.freeAttempts; i++) {
        const wrong = await t
          .http()
          .post('/api/auth/password')
          .set('Authorization', token)
          .send({ currentPassword: `not-it-${i}`, newPassword: STRONG });
        expect(wrong.status).toBe(400);
        expect(wrong.body.message).toMatch(/^currentPassword/);
        expect(wrong.body.code).toBe('password.wrong_current');
      }
      // Counted on the account's sign-in budget: the next sign-in must wait as well.
      const key = new LoginThrottle(t.dataSource, t.config.secret).passwordKeys(email, '').account;
      const [counted] = await t.dataSource.query<{ attempts: number }[]>(
        `SELECT attempts FROM login_throttle WHERE key = $1`,
        [key],
      );
      expect(counted.attempts).toBe(THROTTLE.freeAttempts);
      await t.dataSource.query(`UPDATE login_throttle SET last_attempt_at = now() WHERE key = $1`, [
        key,
      ]);
      expect((await login(email, DEMO, '203.0.113.15')).status).toBe(429);
      // Four more failures (16 s to wait): the right current password is not even checked.
      await t.dataSource.query(
        `UPDATE login_throttle SET attempts = 9, last_attempt_at = now() WHERE key = $1`,
        [key],
      );
      const throttled = await t
        .http()
        .post('/api/auth/password')
        .set('Authorization', token)
        .send({ currentPassword: DEMO, newPassword: STRONG });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(1);
      const [row] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.password_change_failed'`,
      );
      expect(row.n).toBe(THROTTLE.freeAttempts);
      await t.dataSource.query(`DELETE FROM login_throttle`);
    });

    it('refuses a new password under 12 characters, equal to or containing the email, or common, each with its code', async () => {
      const token = await signIn(email, '203.0.113.11');
      const cases: [string, string][] = [
        ['short-pw-1!', 'password.too_short'],
        ['CaseWorker@Haven.local', 'password.is_email'],
        ['my caseworker pass 2026', 'password.contains_email'],
        ['password1234', 'password.common'],
        ['qwertyuiop123', 'password.common'],
        ['iloveyou2020!', 'password.common'],
      ];
      for (const [newPassword, code] of cases) {
        const response = await t
          .http()
          .post('/api/auth/password')
          .set('Authorization', token)
          .send({ currentPassword: DEMO, newPassword });
        expect(response.status, newPassword).toBe(400);
        expect(response.body.message).toMatch(/^newPassword/);
        expect(response.body.code, newPassword).toBe(code);
      }
      const missing = await t
        .http()
        .post('/api/auth/password')
        .set('Authorization', token)
        .send({ newPassword: STRONG });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toMatch(/currentPassword/);
    });

    it('changes it, ends every other session and keeps this one, clears "must change", audited without the password', async () => {
      const here = await signIn(email, '203.0.113.12', 'Browser here');
      const elsewhere = await signIn(email, '203.0.113.13', 'Browser elsewhere');
      const userId = await t.userId(email);
      // As after an admin set the password: the flag, and this session restricted until it is changed.
      await t.dataSource.query(
        `UPDATE app_user SET password_change_required = true WHERE id = $1`,
        [userId],
      );
      await t.dataSource.query(
        `UPDATE user_session SET restriction = 'password_change' WHERE user_id = $1 AND user_agent = 'Browser here' AND ended_at IS NULL`,
        [userId],
      );
      const changed = await t
        .http()
        .post('/api/auth/password')
        .set('Authorization', here)
        .send({ currentPassword: DEMO, newPassword: STRONG });
      expect(changed.status).toBe(204);
      expect((await t.http().get('/api/auth/me').set('Authorization', here)).status).toBe(200);
      expect((await t.http().get('/api/auth/me').set('Authorization', elsewhere)).status).toBe(401);
      const [user] = await t.dataSource.query<{ password_change_required: boolean }[]>(
        `SELECT password_change_required FROM app_user WHERE id = $1`,
        [userId],
      );
      expect(user.password_change_required).toBe(false);
      const sessions = await t.dataSource.query<
        { user_agent: string; restriction: string | null; end_reason: string | null }[]
      >(
        `SELECT user_agent, restriction, end_reason FROM user_session WHERE user_id = $1 AND user_agent LIKE 'Browser %'`,
        [userId],
      );
      expect(sessions.find((s) => s.user_agent === 'Browser here')).toMatchObject({
        restriction: null,
        end_reason: null,
      });
      expect(sessions.find((s) => s.user_agent === 'Browser elsewhere')).toMatchObject({
        end_reason: 'password_changed',
      });
      expect((await login(email, DEMO, '203.0.113.14')).status).toBe(401);
      expect((await login(email, STRONG, '203.0.113.14')).status).toBe(200);
      const events = await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT * FROM audit_event WHERE action = 'auth.password_changed'`,
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_id: userId, entity_id: userId });
      expect(JSON.stringify(events)).not.toMatch(/lantern|haven-demo|argon2/);
      // The same password again is refused.
      const same = await t
        .http()
        .post('/api/auth/password')
        .set('Authorization', here)
        .send({ currentPassword: STRONG, newPassword: STRONG });
      expect(same.body.code).toBe('password.unchanged');
    });
  });

  describe("where you're signed in", () => {
    const email = 'supervisor.berlin@haven.local';

    it("lists the caller's open sessions with address, browser and the current one marked", async () => {
      const longAgent = 'Mozilla/5.0 ' + 'x'.repeat(400);
      const first = await signIn(email, '203.0.113.20', 'Firefox on a laptop');
      await signIn(email, '2001:db8::20', longAgent);
      await signIn('caseworker.berlin@haven.local', '203.0.113.22', 'Someone else');
      const list = await t.http().get('/api/auth/sessions').set('Authorization', first);
      expect(list.status).toBe(200);
      const rows = list.body.data as {
        id: string;
        ip: string;
        userAgent: string;
        current: boolean;
        createdAt: string;
        lastSeenAt: string;
      }[];
      expect(rows).toHaveLength(2);
      const mine = rows.find((r) => r.current)!;
      expect(mine).toMatchObject({ ip: '203.0.113.20', userAgent: 'Firefox on a laptop' });
      expect(Date.parse(mine.createdAt)).toBeGreaterThan(0);
      expect(Date.parse(mine.lastSeenAt)).toBeGreaterThan(0);
      const other = rows.find((r) => !r.current)!;
      expect(other.ip).toBe('2001:db8::20');
      expect(other.userAgent).toHaveLength(300);
      expect(Object.keys(mine).sort()).toEqual([
        'createdAt',
        'current',
        'id',
        'ip',
        'lastSeenAt',
        'userAgent',
      ]);
    });

    it("ends one of one's own sessions, audited; another user's or an unknown id is a 404; ending this one is a logout", async () => {
      const here = await signIn(email, '203.0.113.30', 'Here');
      const there = await signIn(email, '203.0.113.31', 'There');
      const stranger = await signIn('caseworker.berlin@haven.local', '203.0.113.32', 'Stranger');
      const strangerSessions = await t
        .http()
        .get('/api/auth/sessions')
        .set('Authorization', stranger);
      const strangerCurrent = (
        strangerSessions.body.data as { id: string; current: boolean }[]
      ).find((s) => s.current)!.id;
      expect(
        (await t.http().delete(`/api/auth/sessions/${strangerCurrent}`).set('Authorization', here))
          .status,
      ).toBe(404);
      expect((await t.http().get('/api/auth/me').set('Authorization', stranger)).status).toBe(200);
      expect(
        (
          await t
            .http()
            .delete('/api/auth/sessions/00000000-0000-4000-8000-000000000000')
            .set('Authorization', here)
        ).status,
      ).toBe(404);
      expect(
        (await t.http().delete('/api/auth/sessions/not-a-uuid').set('Authorization', here)).status,
      ).toBe(404);

      const mine = (await t.http().get('/api/auth/sessions').set('Authorization', here)).body
        .data as { id: string; userAgent: string; current: boolean }[];
      const thereId = mine.find((s) => s.userAgent === 'There')!.id;
      // Warm the session check so that it would be answered from memory, then revoke it.
      expect((await t.http().get('/api/auth/me').set('Authorization', there)).status).toBe(200);
      expect(
        (await t.http().delete(`/api/auth/sessions/${thereId}`).set('Authorization', here)).status,
      ).toBe(204);
      expect((await t.http().get('/api/auth/me').set('Authorization', there)).status).toBe(401);
      expect(
        (await t.http().delete(`/api/auth/sessions/${thereId}`).set('Authorization', here)).status,
      ).toBe(404);
      const after = (await t.http().get('/api/auth/sessions').set('Authorization', here)).body
        .data as { id: string }[];
      expect(after.map((s) => s.id)).not.toContain(thereId);
      const [event] = await t.dataSource.query<
        { actor_id: string; details: { sessionId: string } }[]
      >(
        `SELECT actor_id, details FROM audit_event WHERE action = 'auth.session_revoked' ORDER BY seq DESC LIMIT 1`,
      );
      expect(event).toMatchObject({
        actor_id: await t.userId(email),
        details: { sessionId: thereId },
      });

      const hereId = mine.find((s) => s.current)!.id;
      expect(
        (await t.http().delete(`/api/auth/sessions/${hereId}`).set('Authorization', here)).status,
      ).toBe(204);
      expect((await t.http().get('/api/auth/me').set('Authorization', here)).status).toBe(401);
    });
  });

  describe('passwords an admin sets', () => {
    it('follow the same policy, naming password with a code', async () => {
      const admin = await signIn('admin@haven.local', '203.0.113.40');
      const teamId = await t.teamId('Berlin office');
      const body = {
        email: 'new.person@haven.local',
        fullName: 'New Person',
        role: 'caseworker',
        teamId,
      };
      // Too short is named with any other bad field of the request (the body's validation); the rest carry a code.
      const short = await t
        .http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ ...body, password: 'short-pw-1!' });
      expect(short.status).toBe(400);
      expect(short.body.message).toMatch(/^password: must be at least 12 characters/);
      for (const [password, code] of [
        ['new.person@haven.local', 'password.is_email'],
        ['my new.person password', 'password.contains_email'],
        ['password1234', 'password.common'],
      ]) {
        const response = await t
          .http()
          .post('/api/users')
          .set('Authorization', admin)
          .send({ ...body, password });
        expect(response.status, password).toBe(400);
        expect(response.body.message).toMatch(/^password:/);
        expect(response.body.code).toBe(code);
      }
      const id = await t.userId('caseworker.berlin@haven.local');
      const current = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
      const patch = await t
        .http()
        .patch(`/api/users/${id}`)
        .set('Authorization', admin)
        .send({ version: current.body.version, password: 'caseworker.berlin@haven.local' });
      expect(patch.status).toBe(400);
      expect(patch.body.code).toBe('password.is_email');
    });

    it("must be changed at first sign-in: the flag is set on create and on reset, ending the user's sessions", async () => {
      const admin = await signIn('admin@haven.local', '203.0.113.41');
      const teamId = await t.teamId('Berlin office');
      const created = await t.http().post('/api/users').set('Authorization', admin).send({
        email: 'first.timer@haven.local',
        fullName: 'First Timer',
        role: 'caseworker',
        teamId,
        password: STRONG,
      });
      expect(created.status).toBe(201);
      const flag = async (id: string) =>
        (
          await t.dataSource.query<{ f: boolean }[]>(
            `SELECT password_change_required AS f FROM app_user WHERE id = $1`,
            [id],
          )
        )[0].f;
      expect(await flag(created.body.id as string)).toBe(true);

      const email = 'caseworker.almaty@haven.local';
      const victim = await signIn(email, '203.0.113.42');
      const id = await t.userId(email);
      expect(await flag(id)).toBe(false);
      const current = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
      const patch = await t
        .http()
        .patch(`/api/users/${id}`)
        .set('Authorization', admin)
        .send({ version: current.body.version, password: STRONG });
      expect(patch.status).toBe(200);
      expect(await flag(id)).toBe(true);
      expect((await t.http().get('/api/auth/me').set('Authorization', victim)).status).toBe(401);
    });

    it("the admin's own new password ends their other sessions, keeps this one, and needs no change at sign-in", async () => {
      const email = 'admin@haven.local';
      const here = await signIn(email, '203.0.113.50', 'Admin here');
      const elsewhere = await signIn(email, '203.0.113.51', 'Admin elsewhere');
      const id = await t.userId(email);
      const current = await t.http().get(`/api/users/${id}`).set('Authorization', here);
      const patch = await t
        .http()
        .patch(`/api/users/${id}`)
        .set('Authorization', here)
        .send({ version: current.body.version, password: STRONG });
      expect(patch.status).toBe(200);
      expect((await t.http().get('/api/auth/me').set('Authorization', here)).status).toBe(200);
      expect((await t.http().get('/api/auth/me').set('Authorization', elsewhere)).status).toBe(401);
      const [row] = await t.dataSource.query<{ f: boolean }[]>(
        `SELECT password_change_required AS f FROM app_user WHERE id = $1`,
        [id],
      );
      expect(row.f).toBe(false);
    });
  });

  it('warns once, when trust is unset, that requests carry X-Forwarded-For', async () => {
    const { setLogger, logger } = await import('../src/common/logger.js');
    const plain = await startTestApp();
    const previous = logger();
    const warnings: string[] = [];
    setLogger(
      Object.assign(Object.create(previous) as typeof previous, {
        warn: (message: string) => void warnings.push(message),
      }),
    );
    try {
      await plain.http().get('/api/health');
      expect(warnings).toHaveLength(0);
      await plain.http().get('/api/health').set('X-Forwarded-For', '203.0.113.60');
      await plain.http().get('/api/health').set('X-Forwarded-For', '203.0.113.61');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/HAVEN_TRUST_PROXY/);
    } finally {
      setLogger(previous);
      await plain.close();
    }
    // The app that trusts its proxy says nothing.
    const quiet: string[] = [];
    setLogger(
      Object.assign(Object.create(previous) as typeof previous, {
        warn: (message: string) => void quiet.push(message),
      }),
    );
    try {
      await t.http().get('/api/health').set('X-Forwarded-For', '203.0.113.62');
      expect(quiet).toHaveLength(0);
    } finally {
      setLogger(previous);
    }
  });
});
