import { createHash } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { generate } from 'otplib';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { startTestApp, type TestApp } from './harness.js';
import { SoftAuthenticator } from './webauthn-authenticator.js';

const PASSWORD = 'haven-demo';
const bearer = (token: string) => `Bearer ${token}`;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const sidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;

/** The `haven_session` Set-Cookie line of an answer, split into its value and attributes (lower-cased names). */
function refreshCookie(
  response: Response,
): { value: string; attributes: Record<string, string | true> } | null {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  const line = (header ?? []).find((candidate) => candidate.startsWith('haven_session='));
  if (!line) return null;
  const [pair, ...rest] = line.split(';').map((part) => part.trim());
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) attributes[part.toLowerCase()] = true;
    else attributes[part.slice(0, eq).toLowerCase()] = part.slice(eq + 1);
  }
  return { value: decodeURIComponent(pair.slice('haven_session='.length)), attributes };
}

/** The readable `haven_signed_in` hint of an answer: its Set-Cookie line, or undefined. */
function hintCookie(response: Response): string | undefined {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  return (header ?? []).find((candidate) => candidate.startsWith('haven_signed_in='));
}

/** Cleared: an empty value that has expired already — the refresh cookie and its hint alike. */
function expectCleared(response: Response): void {
  const cookie = refreshCookie(response);
  expect(cookie?.value).toBe('');
  expect(Date.parse(String(cookie?.attributes.expires))).toBeLessThan(Date.now());
  expect(cookie?.attributes.path).toBe('/api/auth/refresh');
  const hint = hintCookie(response);
  expect(hint).toMatch(/^haven_signed_in=;/);
  expect(Date.parse(/Expires=([^;]+)/i.exec(hint!)![1])).toBeLessThan(Date.now());
}

describe('staying signed in across reloads: the refresh cookie', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ mfaRequiredRoles: ['supervisor'] });
  });
  afterAll(() => t.close());

  const login = (email: string, password = PASSWORD) =>
    t.http().post('/api/auth/login').send({ email, password });
  const refresh = (cookie?: string, header = true) => {
    let request = t.http().post('/api/auth/refresh');
    if (header) request = request.set('X-Haven-Refresh', '1');
    if (cookie !== undefined) request = request.set('Cookie', `haven_session=${cookie}`);
    return request;
  };
  /** Signs in with the password alone; returns the token and the cookie's value. */
  const signIn = async (email: string) => {
    const answer = await login(email);
    expect(answer.status).toBe(200);
    const cookie = refreshCookie(answer);
    expect(cookie).not.toBeNull();
    return { token: answer.body.accessToken as string, cookie: cookie!.value };
  };
  const sessionRow = async (id: string) =>
    (
      await t.dataSource.query<
        { ended_at: Date | null; end_reason: string | null; refresh_hash: string | null }[]
      >(`SELECT ended_at, end_reason, refresh_hash FROM user_session WHERE id = $1`, [id])
    )[0];

  it('sets an HttpOnly, SameSite=Strict cookie scoped to the refresh route, living as long as the session, and keeps only its hash', async () => {
    const answer = await login('caseworker@haven.local');
    expect(answer.status).toBe(200);
    const cookie = refreshCookie(answer)!;
    expect(cookie.attributes).toMatchObject({
      httponly: true,
      samesite: 'Strict',
      path: '/api/auth/refresh',
    });
    expect(cookie.attributes.secure).toBeUndefined();
    const maxAge = Number(cookie.attributes['max-age']);
    expect(maxAge).toBeGreaterThan(12 * 3600 - 10);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    // Not the access token, and not stored as it is.
    expect(cookie.value).not.toContain(answer.body.accessToken);
    const sid = sidOf(answer.body.accessToken);
    expect(cookie.value.startsWith(`${sid}.`)).toBe(true);
    expect((await sessionRow(sid)).refresh_hash).toBe(sha256(cookie.value));
    const [dump] = await t.dataSource.query<{ row: string }[]>(
      `SELECT row_to_json(s)::text AS row FROM user_session s WHERE id = $1`,
      [sid],
    );
    expect(dump.row).not.toContain(cookie.value.split('.')[2]);
    expect(cookie.value.split('.')[2]).toMatch(/^[\w-]{43}$/);
  });

  it('sets beside it a readable hint holding nothing secret, so a signed-out page need not ask', async () => {
    const answer = await login('caseworker@haven.local');
    const hint = hintCookie(answer)!;
    expect(hint).toMatch(/^haven_signed_in=1;/);
    expect(hint).not.toMatch(/HttpOnly/i);
    expect(hint).toMatch(/Path=\/;/);
    // Lax, unlike the refresh cookie: a link followed from another site must still get the app
    // rather than the sign-in page (sign-in-page.ts); the hint holds nothing.
    expect(hint).toMatch(/SameSite=Lax/);
    expect(refreshCookie(answer)!.attributes['samesite']).toMatch(/strict/i);
    expect(Number(/Max-Age=(\d+)/.exec(hint)![1])).toBe(
      Number(refreshCookie(answer)!.attributes['max-age']),
    );
    // A failed sign-in sets neither.
    const failed = await login('caseworker@haven.local', 'wrong-password');
    expect(hintCookie(failed)).toBeUndefined();
  });

  it('answers like a login with a working token for the same session, and rotates the cookie', async () => {
    const { token, cookie } = await signIn('caseworker2@haven.local');
    const answer = await refresh(cookie);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accessToken: expect.any(String),
      expiresAt: expect.any(String),
      idleTimeoutSeconds: 30 * 60,
      user: expect.objectContaining({ email: 'caseworker2@haven.local', role: 'caseworker' }),
    });
    expect(sidOf(answer.body.accessToken)).toBe(sidOf(token));
    const me = await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', bearer(answer.body.accessToken));
    expect(me.status).toBe(200);
    const sessions = await t
      .http()
      .get('/api/auth/sessions')
      .set('Authorization', bearer(answer.body.accessToken));
    expect(sessions.body.data.find((s: { current: boolean }) => s.current).id).toBe(sidOf(token));
    // The session's absolute end stays where the sign-in put it.
    const [row] = await t.dataSource.query<{ expires_at: Date }[]>(
      `SELECT expires_at FROM user_session WHERE id = $1`,
      [sidOf(token)],
    );
    expect(answer.body.expiresAt).toBe(row.expires_at.toISOString());
    const next = refreshCookie(answer)!;
    expect(next.value).not.toBe(cookie);
    expect(next.attributes).toMatchObject({
      httponly: true,
      samesite: 'Strict',
      path: '/api/auth/refresh',
    });
    expect((await sessionRow(sidOf(token))).refresh_hash).toBe(sha256(next.value));
    // And the rotated one refreshes in turn.
    expect((await refresh(next.value)).status).toBe(200);
  });

  it('refuses a refresh without the X-Haven-Refresh header, which a cross-site form cannot send', async () => {
    const { cookie } = await signIn('caseworker.almaty@haven.local');
    const answer = await refresh(cookie, false);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/X-Haven-Refresh/);
    expect(refreshCookie(answer)).toBeNull();
    const wrongValue = await t
      .http()
      .post('/api/auth/refresh')
      .set('X-Haven-Refresh', 'yes')
      .set('Cookie', `haven_session=${cookie}`);
    expect(wrongValue.status).toBe(400);
    // Nothing was used up.
    expect((await refresh(cookie)).status).toBe(200);
  });

  it('answers 401 without a cookie, or with a forged or altered one, and ends nothing', async () => {
    const { token, cookie } = await signIn('caseworker2.almaty@haven.local');
    expect((await refresh()).status).toBe(401);
    expect((await refresh('garbage')).status).toBe(401);
    const [sid, generation, mac] = cookie.split('.');
    const forged = await refresh(`${sid}.${Number(generation) + 5}.${mac}`);
    expect(forged.status).toBe(401);
    expectCleared(forged);
    // A forged secret for a real session id is no proof of theft: the session goes on.
    expect((await sessionRow(sid)).ended_at).toBeNull();
    expect((await t.http().get('/api/auth/me').set('Authorization', bearer(token))).status).toBe(
      200,
    );
  });

  it('accepts the previous secret for a few seconds (tabs reloading together), then takes its reuse for theft and ends the session', async () => {
    const { token, cookie: first } = await signIn('supervisor.berlin@haven.local');
    const sid = sidOf(token);
    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    const second = refreshCookie(rotated)!.value;

    // Another tab sent the same cookie at the same moment (or the first answer was lost to a reload):
    // answered, with the current secret again, so whichever answer the browser stores last agrees.
    const sameMoment = await refresh(first);
    expect(sameMoment.status).toBe(200);
    expect(sidOf(sameMoment.body.accessToken)).toBe(sid);
    expect(refreshCookie(sameMoment)?.value).toBe(second);

    // Later, the replaced secret again: someone else holds a copy.
    await t.dataSource.query(
      `UPDATE user_session SET refresh_rotated_at = now() - interval '1 minute' WHERE id = $1`,
      [sid],
    );
    const reused = await refresh(first);
    expect(reused.status).toBe(401);
    expectCleared(reused);
    expect(await sessionRow(sid)).toMatchObject({
      ended_at: expect.any(Date),
      end_reason: 'refresh_reused',
    });
    // The whole session ends: its tokens, and the current secret too.
    expect((await t.http().get('/api/auth/me').set('Authorization', bearer(token))).status).toBe(
      401,
    );
    expect((await refresh(second)).status).toBe(401);
    const [event] = await t.dataSource.query<
      { action: string; summary: string; details: unknown }[]
    >(
      `SELECT action, summary, details FROM audit_event WHERE action = 'auth.session_revoked' AND details->>'sessionId' = $1`,
      [sid],
    );
    expect(event).toMatchObject({
      action: 'auth.session_revoked',
      summary: expect.stringMatching(/refresh secret/),
    });
  });

  it('answers two tabs refreshing with the same cookie at once alike, one rotation between them', async () => {
    const { cookie } = await signIn('caseworker.berlin@haven.local');
    const answers = await Promise.all([refresh(cookie), refresh(cookie), refresh(cookie)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const cookies = new Set(answers.map((a) => refreshCookie(a)!.value));
    expect(cookies.size).toBe(1);
    expect((await refresh([...cookies][0])).status).toBe(200);
  });

  it('does not audit a refresh as a login', async () => {
    const { cookie } = await signIn('analyst@haven.local');
    const count = async () =>
      (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_event`))[0]
        .n;
    const before = await count();
    expect((await refresh(cookie)).status).toBe(200);
    expect(await count()).toBe(before);
  });

  describe('fails with 401 and clears the cookie once the session has ended', () => {
    it('after logout', async () => {
      const { token, cookie } = await signIn('caseworker@haven.local');
      expect(
        (await t.http().post('/api/auth/logout').set('Authorization', bearer(token))).status,
      ).toBe(204);
      const answer = await refresh(cookie);
      expect(answer.status).toBe(401);
      expectCleared(answer);
    });

    it('after the session was ended from another one', async () => {
      const { token, cookie } = await signIn('caseworker@haven.local');
      const other = await signIn('caseworker@haven.local');
      expect(
        (
          await t
            .http()
            .delete(`/api/auth/sessions/${sidOf(token)}`)
            .set('Authorization', bearer(other.token))
        ).status,
      ).toBe(204);
      expectCleared(await refresh(cookie).expect(401));
      expect((await refresh(other.cookie)).status).toBe(200);
    });

    it('after a password change elsewhere', async () => {
      const email = 'refresh.password@haven.test';
      await t.dataSource.query(
        `INSERT INTO app_user (email, full_name, password_hash, role) VALUES ($1, 'Refresh Tester', $2, 'caseworker')`,
        [email, await hashPassword(PASSWORD)],
      );
      const { cookie } = await signIn(email);
      const other = await signIn(email);
      const changed = await t
        .http()
        .post('/api/auth/password')
        .set('Authorization', bearer(other.token))
        .send({ currentPassword: PASSWORD, newPassword: 'a much longer new passphrase 2024' });
      expect(changed.status).toBe(204);
      expectCleared(await refresh(cookie).expect(401));
      // The session the change was made from goes on.
      expect((await refresh(other.cookie)).status).toBe(200);
    });

    it('after deactivation', async () => {
      const email = 'refresh.deactivated@haven.test';
      const [{ id }] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO app_user (email, full_name, password_hash, role) VALUES ($1, 'Refresh Tester', $2, 'caseworker') RETURNING id`,
        [email, await hashPassword(PASSWORD)],
      );
      const { cookie } = await signIn(email);
      const admin = await t.tokenFor('admin@haven.local');
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
      expectCleared(await refresh(cookie).expect(401));
    });

    it('after the idle timeout', async () => {
      const { token, cookie } = await signIn('caseworker2@haven.local');
      await t.dataSource.query(
        `UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`,
        [sidOf(token)],
      );
      expectCleared(await refresh(cookie).expect(401));
    });

    it('after the absolute lifetime', async () => {
      const { token, cookie } = await signIn('caseworker2@haven.local');
      await t.dataSource.query(
        `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [sidOf(token)],
      );
      expectCleared(await refresh(cookie).expect(401));
    });
  });

  it('keeps a restricted session restricted', async () => {
    const { token, cookie } = await signIn('supervisor@haven.local');
    expect((await t.http().get('/api/clients').set('Authorization', bearer(token))).status).toBe(
      403,
    );
    const answer = await refresh(cookie);
    expect(answer.status).toBe(200);
    expect(answer.body.mfaEnrollmentRequired).toBe(true);
    expect(sidOf(answer.body.accessToken)).toBe(sidOf(token));
    expect(
      (await t.http().get('/api/clients').set('Authorization', bearer(answer.body.accessToken)))
        .status,
    ).toBe(403);
    expect(
      (await t.http().get('/api/auth/mfa').set('Authorization', bearer(answer.body.accessToken)))
        .status,
    ).toBe(200);
  });

  it('sets the cookie when the second step is a TOTP code, and not on the password step before it', async () => {
    const email = 'caseworker.berlin@haven.local';
    const { token } = await signIn(email);
    const start = await t.http().post('/api/auth/mfa/totp').set('Authorization', bearer(token));
    const secret = start.body.secret as string;
    const into = (Date.now() / 1000) % 30;
    if (into > 26) await new Promise((resolve) => setTimeout(resolve, (30 - into + 0.5) * 1000));
    expect(
      (
        await t
          .http()
          .post('/api/auth/mfa/totp/confirm')
          .set('Authorization', bearer(token))
          .send({ code: await generate({ secret }) })
      ).status,
    ).toBe(200);
    await t.dataSource.query(`UPDATE mfa_totp SET last_used_step = NULL WHERE user_id = $1`, [
      await t.userId(email),
    ]);

    const password = await login(email);
    expect(password.body.mfaRequired).toBe(true);
    expect(refreshCookie(password)).toBeNull();
    const verified = await t
      .http()
      .post('/api/auth/mfa/verify')
      .send({ challenge: password.body.challenge, code: await generate({ secret }) });
    expect(verified.status).toBe(200);
    const cookie = refreshCookie(verified)!;
    expect(cookie.attributes).toMatchObject({
      httponly: true,
      samesite: 'Strict',
      path: '/api/auth/refresh',
    });
    const answer = await refresh(cookie.value);
    expect(answer.status).toBe(200);
    expect(sidOf(answer.body.accessToken)).toBe(sidOf(verified.body.accessToken));
  });

  it('sets the cookie when the second step is a passkey', async () => {
    const email = 'refresh.passkey@haven.test';
    const password = 'a passphrase for the passkey test';
    await t.dataSource.query(
      `INSERT INTO app_user (email, full_name, password_hash, role) VALUES ($1, 'Passkey Tester', $2, 'caseworker')`,
      [email, await hashPassword(password)],
    );
    const token = bearer((await login(email, password)).body.accessToken as string);
    const authenticator = new SoftAuthenticator('http://haven.test', 'haven.test');
    const options = (
      await t.http().post('/api/auth/webauthn/register/options').set('Authorization', token)
    ).body as PublicKeyCredentialCreationOptionsJSON;
    expect(
      (
        await t
          .http()
          .post('/api/auth/webauthn/register/verify')
          .set('Authorization', token)
          .send({ response: authenticator.register(options), name: 'Key' })
      ).status,
    ).toBe(201);

    const challenge = (await login(email, password)).body.challenge as string;
    const requestOptions = (
      await t.http().post('/api/auth/webauthn/login/options').send({ challenge })
    ).body as PublicKeyCredentialRequestOptionsJSON;
    const verified = await t
      .http()
      .post('/api/auth/webauthn/login/verify')
      .send({ challenge, response: authenticator.assert(requestOptions) });
    expect(verified.status).toBe(200);
    const cookie = refreshCookie(verified)!;
    expect(cookie.attributes).toMatchObject({
      httponly: true,
      samesite: 'Strict',
      path: '/api/auth/refresh',
    });
    expect((await refresh(cookie.value)).status).toBe(200);
  });
});

// Its own app, started after the other has closed (two apps at once share TypeORM's default data source name).
describe('the refresh cookie over https', () => {
  it('is marked Secure when Haven is served over https', async () => {
    const secure = await startTestApp({ publicUrl: 'https://haven.example.org' });
    try {
      const answer = await secure
        .http()
        .post('/api/auth/login')
        .send({ email: 'analyst@haven.local', password: PASSWORD });
      expect(answer.status).toBe(200);
      expect(refreshCookie(answer)?.attributes.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });
});
