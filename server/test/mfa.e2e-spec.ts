import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reencryptAll } from '../src/cli/rotate-key.js';
import { mfaRequiredRoles } from '../src/config/config.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { totpSecretContext } from '../src/auth/mfa/mfa.entities.js';
import { startTestApp, type TestApp } from './harness.js';

const PASSWORD = 'haven-demo';
const bearer = (token: string) => `Bearer ${token}`;

/** A code of `secret` for the step `offset` steps from now. */
const codeAt = (secret: string, offset = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

/** Waits out the last seconds of a 30-second step, so a code computed here is checked in the same step. */
async function awayFromStepEdge(): Promise<void> {
  const into = (Date.now() / 1000) % 30;
  if (into > 26) await new Promise((resolve) => setTimeout(resolve, (30 - into + 0.5) * 1000));
}

describe('second factors', () => {
  let t: TestApp;
  const login = (email: string, password = PASSWORD) =>
    t.http().post('/api/auth/login').send({ email, password });
  const verify = (challenge: string, code: string) =>
    t.http().post('/api/auth/mfa/verify').send({ challenge, code });
  const challengeFor = async (email: string) => {
    const response = await login(email);
    expect(response.status).toBe(200);
    expect(response.body.mfaRequired).toBe(true);
    return response.body.challenge as string;
  };
  /** Sets up TOTP for a user from a session of theirs; returns the secret and the recovery codes. */
  const enrol = async (token: string) => {
    const start = await t.http().post('/api/auth/mfa/totp').set('Authorization', bearer(token));
    expect(start.status).toBe(201);
    const secret = start.body.secret as string;
    await awayFromStepEdge();
    const confirm = await t
      .http()
      .post('/api/auth/mfa/totp/confirm')
      .set('Authorization', bearer(token))
      .send({ code: await codeAt(secret) });
    expect(confirm.status).toBe(200);
    return { secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
  };
  const passwordToken = async (email: string) => {
    const response = await login(email);
    expect(response.status).toBe(200);
    expect(response.body.accessToken).toEqual(expect.any(String));
    return response.body.accessToken as string;
  };
  /** Forgets which step was used last, so a test of the window is not a test of replay. */
  const forgetLastStep = (email: string) =>
    t.dataSource.query(
      `UPDATE mfa_totp SET last_used_step = NULL WHERE user_id = (SELECT id FROM app_user WHERE email = $1)`,
      [email],
    );

  beforeAll(async () => {
    t = await startTestApp({ mfaRequiredRoles: ['supervisor'] });
  });
  afterAll(() => t.close());

  describe('with an authenticator app', () => {
    const email = 'caseworker@haven.local';
    let secret: string;
    let recoveryCodes: string[];

    beforeAll(async () => {
      ({ secret, recoveryCodes } = await enrol(await passwordToken(email)));
    });

    it('hands out ten distinct recovery codes and reports the factors', async () => {
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      const token = await t.tokenFor('caseworker2@haven.local');
      const none = await t.http().get('/api/auth/mfa').set('Authorization', token);
      expect(none.body).toEqual({
        totp: false,
        passkeys: [],
        recoveryCodesLeft: 0,
        required: false,
        restriction: null,
        demo: false,
      });
    });

    it('answers the password with a challenge and no token', async () => {
      const response = await login(email);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        mfaRequired: true,
        challenge: expect.any(String),
        methods: ['totp', 'recovery'],
      });
      expect(response.body.accessToken).toBeUndefined();
    });

    it('opens a session for a valid code, and refuses the same code twice', async () => {
      await forgetLastStep(email);
      await awayFromStepEdge();
      const code = await codeAt(secret);
      const first = await verify(await challengeFor(email), code);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ accessToken: expect.any(String), user: { email } });
      expect(
        (await t.http().get('/api/cases').set('Authorization', bearer(first.body.accessToken)))
          .status,
      ).toBe(200);
      const again = await verify(await challengeFor(email), code);
      expect(again.status).toBe(401);
      expect(again.body.code).toBe('auth.wrong_code');
    });

    it('accepts a code one step either side of now and refuses two steps away', async () => {
      await forgetLastStep(email);
      await awayFromStepEdge();
      const challenge = await challengeFor(email);
      expect((await verify(challenge, await codeAt(secret, -2))).status).toBe(401);
      expect((await verify(challenge, await codeAt(secret, 2))).status).toBe(401);
      expect((await verify(challenge, await codeAt(secret, -1))).status).toBe(200);
      await forgetLastStep(email);
      expect((await verify(await challengeFor(email), await codeAt(secret, 1))).status).toBe(200);
    });

    it('takes a recovery code once, however it is typed', async () => {
      const code = recoveryCodes[0];
      const first = await verify(await challengeFor(email), ` ${code.toUpperCase()} `);
      expect(first.status).toBe(200);
      expect(first.body.accessToken).toEqual(expect.any(String));
      expect((await verify(await challengeFor(email), code)).status).toBe(401);
      const status = await t
        .http()
        .get('/api/auth/mfa')
        .set('Authorization', bearer(first.body.accessToken));
      expect(status.body).toMatchObject({ totp: true, recoveryCodesLeft: 9 });
    });

    it('refuses an expired challenge, even with a right code', async () => {
      await forgetLastStep(email);
      const challenge = await challengeFor(email);
      await t.dataSource.query(
        `UPDATE mfa_challenge SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [challenge],
      );
      await awayFromStepEdge();
      const response = await verify(challenge, await codeAt(secret));
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('auth.challenge_expired');
    });

    it('keeps the secret encrypted and bound to its user', async () => {
      const [row] = await t.dataSource.query<{ secret: string; userId: string }[]>(
        `SELECT secret, user_id AS "userId" FROM mfa_totp WHERE user_id = (SELECT id FROM app_user WHERE email = $1)`,
        [email],
      );
      expect(row.secret).not.toContain(secret);
      const crypto = FieldEncryption.fromConfig(t.config);
      expect(crypto.decrypt(row.secret, totpSecretContext(row.userId))).toBe(secret);
      const other = await t.userId('analyst@haven.local');
      expect(() => crypto.decrypt(row.secret, totpSecretContext(other))).toThrow();
      // Key rotation reaches it (its row is keyed by user_id) and it still reads back.
      const rotated = new FieldEncryption(
        new Map([...t.config.encryptionKeys, ['k9', randomBytes(32)]]),
        'k9',
      );
      await reencryptAll(t.dataSource, rotated, () => undefined);
      const [again] = await t.dataSource.query<{ secret: string }[]>(
        `SELECT secret FROM mfa_totp WHERE user_id = $1`,
        [row.userId],
      );
      expect(FieldEncryption.keyIdOf(again.secret)).toBe('k9');
      expect(rotated.decrypt(again.secret, totpSecretContext(row.userId))).toBe(secret);
      // And back under the app's key, so the app reads everything again.
      await reencryptAll(
        t.dataSource,
        new FieldEncryption(
          (rotated as unknown as { keys: Map<string, Buffer> }).keys,
          t.config.currentKeyId,
        ),
        () => undefined,
      );
    });
  });

  it('kills a challenge at its fifth wrong code, counting simultaneous guesses one by one, and holds the account after ten', async () => {
    const email = 'caseworker2@haven.local';
    const { secret } = await enrol(await passwordToken(email));
    const challenge = await challengeFor(email);
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => verify(challenge, String(100000 + i))),
    );
    expect(guesses.every((g) => g.status === 401)).toBe(true);
    expect(guesses.filter((g) => g.body.code === 'auth.wrong_code')).toHaveLength(4);
    const [{ failures }] = await t.dataSource.query<{ failures: number }[]>(
      `SELECT count(*)::int AS failures FROM audit_event WHERE action = 'auth.mfa_failed' AND entity_id = $1`,
      [await t.userId(email)],
    );
    expect(failures).toBe(5);
    await forgetLastStep(email);
    await awayFromStepEdge();
    const late = await verify(challenge, await codeAt(secret));
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('auth.challenge_expired');
    // A new challenge gives five more tries; past ten wrong codes in the window the account waits.
    const next = await challengeFor(email);
    for (let i = 0; i < 5; i++) expect((await verify(next, String(200000 + i))).status).toBe(401);
    const blocked = await verify(await challengeFor(email), await codeAt(secret));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses to start a second authenticator app while one is confirmed, and replaces an unconfirmed one', async () => {
    const token = await passwordToken('caseworker.berlin@haven.local');
    const first = await t.http().post('/api/auth/mfa/totp').set('Authorization', bearer(token));
    const second = await t.http().post('/api/auth/mfa/totp').set('Authorization', bearer(token));
    expect(second.body.secret).not.toBe(first.body.secret);
    expect(second.body.otpauthUrl).toMatch(
      /^otpauth:\/\/totp\/Haven:caseworker\.berlin%40haven\.local\?/,
    );
    await awayFromStepEdge();
    const stale = await t
      .http()
      .post('/api/auth/mfa/totp/confirm')
      .set('Authorization', bearer(token))
      .send({ code: await codeAt(first.body.secret) });
    expect(stale.status).toBe(400);
    expect(stale.body.message).toMatch(/^code/);
    const ok = await t
      .http()
      .post('/api/auth/mfa/totp/confirm')
      .set('Authorization', bearer(token))
      .send({ code: await codeAt(second.body.secret) });
    expect(ok.status).toBe(200);
    expect(
      (await t.http().post('/api/auth/mfa/totp').set('Authorization', bearer(token))).status,
    ).toBe(409);
  });

  it('removes the authenticator app with the password and a code, and the next sign-in needs the password only', async () => {
    const email = 'analyst@haven.local';
    const token = await passwordToken(email);
    const { secret } = await enrol(token);
    await forgetLastStep(email);
    await awayFromStepEdge();
    const wrongPassword = await t
      .http()
      .delete('/api/auth/mfa/totp')
      .set('Authorization', bearer(token))
      .send({ password: 'not-it', code: await codeAt(secret) });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.message).toMatch(/^password/);
    await forgetLastStep(email);
    const removed = await t
      .http()
      .delete('/api/auth/mfa/totp')
      .set('Authorization', bearer(token))
      .send({ password: PASSWORD, code: await codeAt(secret) });
    expect(removed.status).toBe(204);
    const next = await login(email);
    expect(next.body.accessToken).toEqual(expect.any(String));
    expect(next.body.mfaRequired).toBeUndefined();
    const [{ codes }] = await t.dataSource.query<{ codes: number }[]>(
      `SELECT count(*)::int AS codes FROM mfa_recovery_code WHERE user_id = $1`,
      [await t.userId(email)],
    );
    expect(codes).toBe(0);
  });

  describe('a role that must have a second factor', () => {
    const email = 'supervisor@haven.local';

    it('gets a token that opens only /api/auth/* until a factor is confirmed, then everything', async () => {
      const response = await login(email);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        accessToken: expect.any(String),
        mfaEnrollmentRequired: true,
      });
      const token = bearer(response.body.accessToken);
      const cases = await t.http().get('/api/cases').set('Authorization', token);
      expect(cases.status).toBe(403);
      expect(cases.body.code).toBe('auth.restricted');
      expect((await t.http().get('/api/users').set('Authorization', token)).body.code).toBe(
        'auth.restricted',
      );
      expect((await t.http().get('/api/auth/me').set('Authorization', token)).status).toBe(200);
      const status = await t.http().get('/api/auth/mfa').set('Authorization', token);
      expect(status.body).toMatchObject({ required: true, restriction: 'mfa_enrollment' });
      const start = await t.http().post('/api/auth/mfa/totp').set('Authorization', token);
      expect(start.status).toBe(201);
      await awayFromStepEdge();
      const confirm = await t
        .http()
        .post('/api/auth/mfa/totp/confirm')
        .set('Authorization', token)
        .send({ code: await codeAt(start.body.secret) });
      expect(confirm.status).toBe(200);
      // The same token, at once (the restricted check was remembered a moment ago).
      expect((await t.http().get('/api/cases').set('Authorization', token)).status).toBe(200);
      // Its last factor cannot go.
      await forgetLastStep(email);
      const remove = await t
        .http()
        .delete('/api/auth/mfa/totp')
        .set('Authorization', token)
        .send({ password: PASSWORD, code: await codeAt(start.body.secret) });
      expect(remove.status).toBe(409);
      expect((await login(email)).body.mfaRequired).toBe(true);
    });
  });

  describe('a password an admin set', () => {
    it('must be changed before anything but /api/auth/* opens', async () => {
      const email = 'caseworker2.almaty@haven.local';
      await t.dataSource.query(
        `UPDATE app_user SET password_change_required = true WHERE email = $1`,
        [email],
      );
      const response = await login(email);
      expect(response.body).toMatchObject({
        accessToken: expect.any(String),
        passwordChangeRequired: true,
      });
      expect(response.body.mfaEnrollmentRequired).toBeUndefined();
      const token = bearer(response.body.accessToken);
      const cases = await t.http().get('/api/cases').set('Authorization', token);
      expect(cases.status).toBe(403);
      expect(cases.body.code).toBe('auth.restricted');
      const changed = await t
        .http()
        .post('/api/auth/password')
        .set('Authorization', token)
        .send({ currentPassword: PASSWORD, newPassword: 'a long new passphrase for almaty' });
      expect(changed.status).toBe(204);
      expect((await t.http().get('/api/cases').set('Authorization', token)).status).toBe(200);
    });

    it('comes before the enrolment a role requires, which follows it', async () => {
      const email = 'supervisor.almaty@haven.local';
      await t.dataSource.query(
        `UPDATE app_user SET password_change_required = true WHERE email = $1`,
        [email],
      );
      const response = await login(email);
      expect(response.body).toMatchObject({ passwordChangeRequired: true });
      expect(response.body.mfaEnrollmentRequired).toBeUndefined();
      const token = bearer(response.body.accessToken);
      const changed = await t
        .http()
        .post('/api/auth/password')
        .set('Authorization', token)
        .send({ currentPassword: PASSWORD, newPassword: 'another long passphrase almaty' });
      expect(changed.status).toBe(204);
      const cases = await t.http().get('/api/cases').set('Authorization', token);
      expect(cases.status).toBe(403);
      expect(cases.body.code).toBe('auth.restricted');
      expect(
        (await t.http().get('/api/auth/mfa').set('Authorization', token)).body.restriction,
      ).toBe('mfa_enrollment');
    });
  });

  describe("an admin's reset", () => {
    it("removes the user's factors and recovery codes and ends their sessions", async () => {
      const email = 'caseworker.almaty@haven.local';
      const userId = await t.userId(email);
      const { secret } = await enrol(await passwordToken(email));
      await forgetLastStep(email);
      await awayFromStepEdge();
      const session = await verify(await challengeFor(email), await codeAt(secret));
      expect(session.status).toBe(200);
      const reset = await t
        .http()
        .post(`/api/users/${userId}/mfa/reset`)
        .set('Authorization', await t.tokenFor('admin@haven.local'));
      expect(reset.status).toBe(204);
      expect(
        (await t.http().get('/api/auth/me').set('Authorization', bearer(session.body.accessToken)))
          .status,
      ).toBe(401);
      const [left] = await t.dataSource.query<{ totp: number; codes: number }[]>(
        `SELECT (SELECT count(*)::int FROM mfa_totp WHERE user_id = $1) AS totp, (SELECT count(*)::int FROM mfa_recovery_code WHERE user_id = $1) AS codes`,
        [userId],
      );
      expect(left).toEqual({ totp: 0, codes: 0 });
      const next = await login(email);
      expect(next.body.accessToken).toEqual(expect.any(String));
      const [event] = await t.dataSource.query<{ details: Record<string, number> }[]>(
        `SELECT details FROM audit_event WHERE action = 'auth.mfa_reset' AND entity_id = $1`,
        [userId],
      );
      expect(event.details).toEqual({ totp: 1, passkeys: 0, recoveryCodes: 10 });
    });

    it('is 404 for an unknown user', async () => {
      const response = await t
        .http()
        .post('/api/users/00000000-0000-4000-8000-000000000000/mfa/reset')
        .set('Authorization', await t.tokenFor('admin@haven.local'));
      expect(response.status).toBe(404);
    });
  });

  it('names the bad field of a verify body', async () => {
    const response = await t
      .http()
      .post('/api/auth/mfa/verify')
      .send({ challenge: 'nope', code: '123456' });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/challenge/);
  });
});

describe('HAVEN_MFA_REQUIRED_ROLES', () => {
  it('defaults to admin and supervisor, none in demo mode, and refuses an unknown role', () => {
    expect(mfaRequiredRoles({}, false)).toEqual(['admin', 'supervisor']);
    expect(mfaRequiredRoles({}, true)).toEqual([]);
    expect(mfaRequiredRoles({ HAVEN_MFA_REQUIRED_ROLES: 'none' }, false)).toEqual([]);
    expect(mfaRequiredRoles({ HAVEN_MFA_REQUIRED_ROLES: 'Admin, caseworker' }, true)).toEqual([
      'admin',
      'caseworker',
    ]);
    expect(() => mfaRequiredRoles({ HAVEN_MFA_REQUIRED_ROLES: 'admin,root' }, false)).toThrow(
      /HAVEN_MFA_REQUIRED_ROLES/,
    );
  });
});
