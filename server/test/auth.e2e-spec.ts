import { JwtService } from '@nestjs/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subkey } from '../src/config/subkeys.js';
import { LoginThrottle, THROTTLE, throttleDelaySeconds } from '../src/auth/login-throttle.js';
import { startTestApp, type TestApp } from './harness.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs in with the right password and returns the user without any password', async () => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'Caseworker@Haven.local', password: 'haven-demo' });
    expect(response.status).toBe(200);
    expect(response.body.accessToken).toEqual(expect.any(String));
    expect(response.body.user).toMatchObject({
      email: 'caseworker@haven.local',
      role: 'caseworker',
    });
    expect(JSON.stringify(response.body)).not.toMatch(/password|argon2/i);
    const me = await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${response.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('caseworker@haven.local');
  });

  it('answers an unknown email and a wrong password with the same 401', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'analyst@haven.local', password: 'not-the-password' });
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@haven.local', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('answers a login body that is not an object with a 400, never a 500', async () => {
    // Arrays pass the JSON parser and reach the login's own validation, which names the body.
    for (const body of [[{ email: 'caseworker@haven.local', password: 'x' }], []]) {
      const response = await t.http().post('/api/auth/login').send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation.object', field: 'body' });
    }
    // Scalars are refused by the strict JSON parser.
    for (const text of ['"text"', '42', 'null']) {
      const response = await t
        .http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(text);
      expect(response.status, text).toBe(400);
    }
  });

  it('rejects a login body with a missing or malformed field, naming it', async () => {
    const response = await t.http().post('/api/auth/login').send({ password: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/email/);
    const extra = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'a@b.cd', password: 'x', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toMatch(/admin/);
  });

  it('delays an account after 5 failed attempts with 429 and Retry-After, and a success starts again', async () => {
    const email = 'caseworker2@haven.local';
    for (let i = 0; i < THROTTLE.freeAttempts; i++) {
      const response = await t
        .http()
        .post('/api/auth/login')
        .send({ email, password: 'wrong-password' });
      expect(response.status).toBe(401);
    }
    // Even the right password waits: the sixth try comes too soon (as if at once, however slow this machine).
    await t.dataSource.query(`UPDATE login_throttle SET last_attempt_at = now()`);
    const blocked = await t.http().post('/api/auth/login').send({ email, password: 'haven-demo' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBe(1);
    // Another account from the same address is not held back by this account's failures.
    const other = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'supervisor@haven.local', password: 'haven-demo' });
    expect(other.status).toBe(200);
    // Once the delay has passed, the account can log in again, and its count starts from zero.
    await t.dataSource.query(
      `UPDATE login_throttle SET last_attempt_at = last_attempt_at - interval '2 seconds'`,
    );
    const again = await t.http().post('/api/auth/login').send({ email, password: 'haven-demo' });
    expect(again.status).toBe(200);
    for (let i = 0; i < THROTTLE.freeAttempts; i++) {
      expect(
        (await t.http().post('/api/auth/login').send({ email, password: 'wrong-password' })).status,
      ).toBe(401);
    }
    await t.dataSource.query(`DELETE FROM login_throttle`);
  });

  it('doubles the delay with every further attempt, up to 15 minutes, and forgets after a quiet day', async () => {
    expect(Array.from({ length: 17 }, (_, n) => throttleDelaySeconds(n))).toEqual([
      0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900,
    ]);
    const email = 'analyst@haven.local';
    const throttle = new LoginThrottle(t.dataSource, t.config.secret);
    const key = throttle.passwordKeys(email, '127.0.0.1').account;
    const attempt = () =>
      t.http().post('/api/auth/login').send({ email, password: 'wrong-password' });
    await t.dataSource.query(`DELETE FROM login_throttle`);
    await t.dataSource.query(
      `INSERT INTO login_throttle (key, attempts, last_attempt_at) VALUES ($1, 9, now())`,
      [key],
    );
    const first = await attempt();
    expect(first.status).toBe(429);
    expect(Number(first.headers['retry-after'])).toBe(16);
    await t.dataSource.query(
      `UPDATE login_throttle SET last_attempt_at = now() - interval '15 seconds' WHERE key = $1`,
      [key],
    );
    const early = await attempt();
    expect(early.status).toBe(429);
    expect(Number(early.headers['retry-after'])).toBe(1);
    await t.dataSource.query(
      `UPDATE login_throttle SET last_attempt_at = now() - interval '17 seconds' WHERE key = $1`,
      [key],
    );
    expect((await attempt()).status).toBe(401);
    await t.dataSource.query(`UPDATE login_throttle SET last_attempt_at = now() WHERE key = $1`, [
      key,
    ]);
    const next = await attempt();
    expect(next.status).toBe(429);
    expect(Number(next.headers['retry-after'])).toBe(32);
    await t.dataSource.query(`UPDATE login_throttle SET attempts = 40 WHERE key = $1`, [key]);
    expect(Number((await attempt()).headers['retry-after'])).toBe(THROTTLE.maxDelaySeconds);
    // A day without attempts: the count starts again.
    await t.dataSource.query(
      `UPDATE login_throttle SET last_attempt_at = now() - interval '25 hours' WHERE key = $1`,
      [key],
    );
    expect((await attempt()).status).toBe(401);
    const [row] = await t.dataSource.query<{ attempts: number }[]>(
      `SELECT attempts FROM login_throttle WHERE key = $1`,
      [key],
    );
    expect(row.attempts).toBe(1);
    await t.dataSource.query(`DELETE FROM login_throttle`);
  });

  it('throttles per address across accounts', async () => {
    await t.dataSource.query(`DELETE FROM login_failure`);
    const address = new LoginThrottle(t.dataSource, t.config.secret).passwordKeys(
      '',
      '127.0.0.1',
    ).address;
    await t.dataSource.query(
      `INSERT INTO login_failure (email_hash, ip) SELECT md5(g::text), $2 FROM generate_series(1, $1) g`,
      [THROTTLE.perIp, address],
    );
    const response = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'admin@haven.local', password: 'haven-demo' });
    expect(response.status).toBe(429);
    await t.dataSource.query(`DELETE FROM login_failure`);
  });

  it('keys the throttle tables by keyed hashes only, never the email or the address', async () => {
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'keyed@haven.local', password: 'wrong-password' });
    const rows = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT f.*, t.* FROM login_failure f, login_throttle t`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/keyed|127\.0\.0\.1/);
    await t.dataSource.query(`DELETE FROM login_failure; DELETE FROM login_throttle`);
  });

  it('records login, failed login and logout in the audit trail, without the typed email', async () => {
    await t.dataSource.query(`DELETE FROM login_failure`);
    const token = await t.login('analyst@haven.local');
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'ghost@haven.local', password: 'whatever-123' });
    const logout = await t.http().post('/api/auth/logout').set('Authorization', token);
    expect(logout.status).toBe(204);
    const analyst = await t.userId('analyst@haven.local');
    const events = await t.dataSource.query<
      { action: string; actor_id: string | null; summary: string; details: unknown }[]
    >(`SELECT action, actor_id, summary, details FROM audit_event ORDER BY seq`);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'auth.login', actor_id: analyst }),
        expect.objectContaining({ action: 'auth.logout', actor_id: analyst }),
        expect.objectContaining({ action: 'auth.login_failed', actor_id: null }),
      ]),
    );
    expect(JSON.stringify(events)).not.toContain('ghost');
  });

  it('stops a token at once on logout', async () => {
    const token = await t.login('supervisor@haven.local');
    expect((await t.http().get('/api/auth/me').set('Authorization', token)).status).toBe(200);
    await t.http().post('/api/auth/logout').set('Authorization', token);
    const after = await t.http().get('/api/auth/me').set('Authorization', token);
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/session has ended/);
  });

  it('ends a session after the idle timeout and after its absolute lifetime', async () => {
    const idle = await t.login('caseworker@haven.local');
    await t.dataSource.query(
      `UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE ended_at IS NULL`,
    );
    expect((await t.http().get('/api/auth/me').set('Authorization', idle)).status).toBe(401);

    const old = await t.login('caseworker@haven.local');
    await t.dataSource.query(
      `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE ended_at IS NULL`,
    );
    expect((await t.http().get('/api/auth/me').set('Authorization', old)).status).toBe(401);
  });

  it('ends the sessions of a deactivated user at once', async () => {
    const victim = await t.login('caseworker.almaty@haven.local');
    const admin = await t.login('admin@haven.local');
    const id = await t.userId('caseworker.almaty@haven.local');
    const current = await t.http().get(`/api/users/${id}`).set('Authorization', admin);
    const patch = await t
      .http()
      .patch(`/api/users/${id}`)
      .set('Authorization', admin)
      .send({ version: current.body.version, active: false });
    expect(patch.status).toBe(200);
    expect(patch.body.active).toBe(false);
    expect((await t.http().get('/api/auth/me').set('Authorization', victim)).status).toBe(401);
    const relogin = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'caseworker.almaty@haven.local', password: 'haven-demo' });
    expect(relogin.status).toBe(401);
  });

  it('refuses forged, malformed and missing tokens', async () => {
    expect((await t.http().get('/api/auth/me')).status).toBe(401);
    expect(
      (await t.http().get('/api/auth/me').set('Authorization', 'Bearer nonsense')).status,
    ).toBe(401);
    const token = (await t.login('admin@haven.local')).slice('Bearer '.length);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged-signature').toString('base64url')}`;
    expect(
      (await t.http().get('/api/auth/me').set('Authorization', `Bearer ${forged}`)).status,
    ).toBe(401);
  });

  it('lets a user change their own language and nothing else through /auth/me', async () => {
    const token = await t.login('caseworker@haven.local');
    const ok = await t
      .http()
      .patch('/api/auth/me')
      .set('Authorization', token)
      .send({ locale: 'ru' });
    expect(ok.status).toBe(200);
    expect(ok.body.locale).toBe('ru');
    const role = await t
      .http()
      .patch('/api/auth/me')
      .set('Authorization', token)
      .send({ role: 'admin' });
    expect(role.status).toBe(400);
    expect(role.body.message).toMatch(/role/);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'caseworker@haven.local', password: 'haven-demo' });
    expect(login.body.user.locale).toBe('ru');
  });

  it('signs tokens with a subkey of their own: a token signed with the secret itself opens nothing', async () => {
    const token = await t.login('supervisor@haven.local');
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
      sub: string;
      sid: string;
    };
    const bySecret = await new JwtService({ secret: t.config.secret }).signAsync(
      { sub: payload.sub, sid: payload.sid },
      { algorithm: 'HS256' },
    );
    expect(
      (await t.http().get('/api/auth/me').set('Authorization', `Bearer ${bySecret}`)).status,
    ).toBe(401);
    const bySubkey = await new JwtService({
      secret: subkey(t.config.secret, 'token-signing'),
    }).signAsync({ sub: payload.sub, sid: payload.sid }, { algorithm: 'HS256' });
    expect(
      (await t.http().get('/api/auth/me').set('Authorization', `Bearer ${bySubkey}`)).status,
    ).toBe(200);
  });
});
