import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { Role } from '@haven/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { startTestApp, type TestApp } from './harness.js';
import { SoftAuthenticator } from './webauthn-authenticator.js';

/** Passkeys: registration, naming and removal, and the second step of a sign-in answered with one. */
describe('passkeys (WebAuthn)', () => {
  let t: TestApp;
  const origin = 'http://haven.test';
  const PASSWORD = 'a passphrase for the passkey tests';
  const rpId = 'haven.test';

  let passwordHash: string;
  let made = 0;

  beforeAll(async () => {
    // Admins must have a second factor here; everyone else may sign in with the password alone.
    t = await startTestApp({ publicUrl: origin, mfaRequiredRoles: ['admin'] });
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh account of its own for each test, so no test depends on another's passkeys. */
  const makeUser = async (role: Role = 'caseworker') => {
    const email = `passkeys-${++made}@haven.test`;
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO app_user (email, full_name, password_hash, role) VALUES ($1, 'Passkey Tester', $2, $3) RETURNING id`,
      [email, passwordHash, role],
    );
    return { email, id, token: await t.login(email, PASSWORD) };
  };

  const registrationOptions = async (token: string) => {
    const answer = await t
      .http()
      .post('/api/auth/webauthn/register/options')
      .set('Authorization', token);
    expect(answer.status).toBe(200);
    return answer.body as PublicKeyCredentialCreationOptionsJSON;
  };

  /** Registers a new passkey of `authenticator` for the token's user; returns the API's answer. */
  const register = async (token: string, authenticator: SoftAuthenticator, name: string) => {
    const options = await registrationOptions(token);
    return t
      .http()
      .post('/api/auth/webauthn/register/verify')
      .set('Authorization', token)
      .send({ response: authenticator.register(options), name });
  };

  const auditOf = (entityId: string) =>
    t.dataSource.query<{ action: string; summary: string; details: unknown; actor_id: string }[]>(
      'SELECT action, summary, details, actor_id FROM audit_event WHERE entity_id = $1 ORDER BY seq',
      [entityId],
    );

  describe('registration', () => {
    it('offers options for this site, excluding the passkeys the user already has', async () => {
      const { email, token } = await makeUser();
      const authenticator = new SoftAuthenticator(origin, rpId);
      const first = await registrationOptions(token);
      expect(first.rp).toEqual({ name: 'Haven', id: rpId });
      expect(first.user.name).toBe(email);
      expect(first.excludeCredentials).toEqual([]);
      expect(first.authenticatorSelection).toMatchObject({
        residentKey: 'preferred',
        userVerification: 'preferred',
      });
      expect(first.attestation).toBe('none');

      const created = await t
        .http()
        .post('/api/auth/webauthn/register/verify')
        .set('Authorization', token)
        .send({ response: authenticator.register(first), name: 'Laptop' });
      expect(created.status).toBe(201);
      const second = await registrationOptions(token);
      expect(second.excludeCredentials?.map((c) => c.id)).toEqual([...authenticator.keys.keys()]);
      expect(second.challenge).not.toBe(first.challenge);
    });

    it('registers two passkeys, lists them with their names, renames one and removes the other, auditing each step', async () => {
      const { token, id: userId } = await makeUser();
      const laptop = new SoftAuthenticator(origin, rpId);
      const phone = new SoftAuthenticator(origin, rpId);

      const a = await register(token, laptop, '  Work laptop  ');
      expect(a.status).toBe(201);
      expect(a.body).toEqual({
        id: expect.any(String),
        name: 'Work laptop',
        createdAt: expect.any(String),
      });
      const b = await register(token, phone, 'Phone');
      expect(b.status).toBe(201);

      const listed = await t
        .http()
        .get('/api/auth/webauthn/credentials')
        .set('Authorization', token);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([
        { id: a.body.id, name: 'Work laptop', createdAt: a.body.createdAt, lastUsedAt: null },
        { id: b.body.id, name: 'Phone', createdAt: b.body.createdAt, lastUsedAt: null },
      ]);
      // Only the public key is kept, under the authenticator's own credential id.
      const [stored] = await t.dataSource.query<
        { credential_id: string; counter: string; transports: string[]; user_id: string }[]
      >(
        'SELECT credential_id, counter, transports, user_id FROM webauthn_credential WHERE id = $1',
        [a.body.id],
      );
      expect(stored).toEqual({
        credential_id: [...laptop.keys.keys()][0],
        counter: '0',
        transports: ['internal'],
        user_id: userId,
      });

      const renamed = await t
        .http()
        .patch(`/api/auth/webauthn/credentials/${b.body.id}`)
        .set('Authorization', token)
        .send({ name: 'Personal phone' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: b.body.id, name: 'Personal phone' });

      const removed = await t
        .http()
        .delete(`/api/auth/webauthn/credentials/${a.body.id}`)
        .set('Authorization', token);
      expect(removed.status).toBe(204);
      const after = await t
        .http()
        .get('/api/auth/webauthn/credentials')
        .set('Authorization', token);
      expect(after.body.map((p: { name: string }) => p.name)).toEqual(['Personal phone']);

      // Registration and removal are second-factor events of the account; a rename is one of the passkey.
      const factorEvents = await t.dataSource.query<
        { action: string; summary: string; details: unknown; actor_id: string }[]
      >(
        `SELECT action, summary, details, actor_id FROM audit_event WHERE entity_id = $1 AND action LIKE 'auth.mfa_%' ORDER BY seq`,
        [userId],
      );
      expect(factorEvents).toEqual([
        {
          action: 'auth.mfa_enrolled',
          summary: 'registered a passkey',
          details: { method: 'webauthn', passkeyId: a.body.id },
          actor_id: userId,
        },
        {
          action: 'auth.mfa_enrolled',
          summary: 'registered a passkey',
          details: { method: 'webauthn', passkeyId: b.body.id },
          actor_id: userId,
        },
        {
          action: 'auth.mfa_removed',
          summary: 'removed a passkey',
          details: { method: 'webauthn', passkeyId: a.body.id },
          actor_id: userId,
        },
      ]);
      // The name is the user's free text: it never reaches the audit trail.
      expect(await auditOf(b.body.id)).toEqual([
        {
          action: 'update',
          summary: 'passkey renamed',
          details: { fields: ['name'] },
          actor_id: userId,
        },
      ]);
      const [{ leaks }] = await t.dataSource.query<{ leaks: number }[]>(
        `SELECT count(*)::int AS leaks FROM audit_event WHERE summary ILIKE '%phone%' OR summary ILIKE '%laptop%' OR details::text ILIKE '%phone%' OR details::text ILIKE '%laptop%'`,
      );
      expect(leaks).toBe(0);
    });

    it('requires a name of 1 to 100 characters, naming the field, and keeps nothing', async () => {
      const { token } = await makeUser();
      const authenticator = new SoftAuthenticator(origin, rpId);
      for (const name of [undefined, '', '   ', 'x'.repeat(101), 42]) {
        const options = await registrationOptions(token);
        const answer = await t
          .http()
          .post('/api/auth/webauthn/register/verify')
          .set('Authorization', token)
          .send({ response: authenticator.register(options), name });
        expect(answer.status, String(name)).toBe(400);
        expect(answer.body.message).toMatch(/^name/);
      }
      const ok = await register(token, authenticator, 'x'.repeat(100));
      expect(ok.status).toBe(201);
      const listed = await t
        .http()
        .get('/api/auth/webauthn/credentials')
        .set('Authorization', token);
      expect(listed.body).toHaveLength(1);
      const rename = await t
        .http()
        .patch(`/api/auth/webauthn/credentials/${ok.body.id}`)
        .set('Authorization', token)
        .send({ name: 'y'.repeat(101) });
      expect(rename.status).toBe(400);
      expect(rename.body.message).toMatch(/^name/);
    });

    it('refuses an answer for another site, to another challenge, a replayed one or a stale one, with a 400 naming the response', async () => {
      const { token } = await makeUser('supervisor');
      const authenticator = new SoftAuthenticator(origin, rpId);
      const refused = async (spoil: Parameters<SoftAuthenticator['register']>[1]) => {
        const options = await registrationOptions(token);
        const answer = await t
          .http()
          .post('/api/auth/webauthn/register/verify')
          .set('Authorization', token)
          .send({ response: authenticator.register(options, spoil), name: 'Key' });
        expect(answer.status).toBe(400);
        expect(answer.body.message).toMatch(/^response/);
      };
      await refused({ origin: 'https://haven.test.evil.example' });
      await refused({ rpId: 'evil.example' });
      await refused({ challenge: Buffer.from('not the challenge').toString('base64url') });

      // An answer is taken once: replayed, it answers nothing.
      const options = await registrationOptions(token);
      const response = authenticator.register(options);
      expect(
        (
          await t
            .http()
            .post('/api/auth/webauthn/register/verify')
            .set('Authorization', token)
            .send({ response, name: 'Key' })
        ).status,
      ).toBe(201);
      const replay = await t
        .http()
        .post('/api/auth/webauthn/register/verify')
        .set('Authorization', token)
        .send({ response, name: 'Key again' });
      expect(replay.status).toBe(400);

      // Options five minutes old are dead.
      const late = await registrationOptions(token);
      await t.dataSource.query(
        `UPDATE webauthn_pending SET expires_at = now() - interval '1 second' WHERE challenge = $1`,
        [late.challenge],
      );
      const stale = await t
        .http()
        .post('/api/auth/webauthn/register/verify')
        .set('Authorization', token)
        .send({ response: authenticator.register(late), name: 'Late' });
      expect(stale.status).toBe(400);

      // Not a WebAuthn answer at all: a 400, never a 500.
      for (const response of [
        'text',
        { id: 'x' },
        {
          id: 'x',
          rawId: 'x',
          type: 'public-key',
          response: { clientDataJSON: 'e30', attestationObject: 'AAAA' },
        },
      ]) {
        const junk = await t
          .http()
          .post('/api/auth/webauthn/register/verify')
          .set('Authorization', token)
          .send({ response, name: 'Junk' });
        expect(junk.status).toBe(400);
        expect(junk.body.message).toMatch(/^response/);
      }
      const listed = await t
        .http()
        .get('/api/auth/webauthn/credentials')
        .set('Authorization', token);
      expect(listed.body).toHaveLength(1);
    });

    it("answers another user's passkey with a 404, as if it did not exist, and leaves it alone", async () => {
      const { token: owner } = await makeUser();
      const { token: other } = await makeUser();
      const created = await register(owner, new SoftAuthenticator(origin, rpId), 'Mine');
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(
        (await t.http().delete(`/api/auth/webauthn/credentials/${id}`).set('Authorization', other))
          .status,
      ).toBe(404);
      expect(
        (
          await t
            .http()
            .patch(`/api/auth/webauthn/credentials/${id}`)
            .set('Authorization', other)
            .send({ name: 'Stolen' })
        ).status,
      ).toBe(404);
      expect(
        (
          await t
            .http()
            .delete('/api/auth/webauthn/credentials/00000000-0000-4000-8000-000000000000')
            .set('Authorization', other)
        ).status,
      ).toBe(404);
      expect(
        (
          await t
            .http()
            .delete('/api/auth/webauthn/credentials/not-a-uuid')
            .set('Authorization', other)
        ).status,
      ).toBe(404);
      expect(
        (await t.http().get('/api/auth/webauthn/credentials').set('Authorization', other)).body,
      ).toEqual([]);
      const mine = await t.http().get('/api/auth/webauthn/credentials').set('Authorization', owner);
      expect(mine.body).toEqual([expect.objectContaining({ id, name: 'Mine' })]);
    });

    it('needs a signed-in user', async () => {
      expect((await t.http().post('/api/auth/webauthn/register/options')).status).toBe(401);
      expect((await t.http().get('/api/auth/webauthn/credentials')).status).toBe(401);
    });
  });

  describe('signing in with a passkey', () => {
    /** The password step: the challenge to answer with a second factor. */
    const passwordStep = async (email: string) => {
      const answer = await t.http().post('/api/auth/login').send({ email, password: PASSWORD });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        mfaRequired: true,
        methods: expect.arrayContaining(['webauthn']),
      });
      expect(answer.body.accessToken).toBeUndefined();
      return answer.body.challenge as string;
    };
    const loginOptions = async (challenge: string) => {
      const answer = await t.http().post('/api/auth/webauthn/login/options').send({ challenge });
      expect(answer.status).toBe(200);
      return answer.body as PublicKeyCredentialRequestOptionsJSON;
    };
    const verify = (challenge: string, response: unknown) =>
      t.http().post('/api/auth/webauthn/login/verify').send({ challenge, response });

    /** A new account with two passkeys on one authenticator. */
    const enrolled = async (role: Role = 'caseworker') => {
      const user = await makeUser(role);
      const authenticator = new SoftAuthenticator(origin, rpId);
      const first = await register(user.token, authenticator, 'First');
      const second = await register(user.token, authenticator, 'Second');
      expect([first.status, second.status]).toEqual([201, 201]);
      return {
        ...user,
        authenticator,
        passkeyIds: [first.body.id as string, second.body.id as string],
      };
    };
    const failures = async (userId: string) =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.mfa_failed' AND entity_id = $1`,
          [userId],
        )
      )[0].n;

    it('signs in with the password and then a passkey instead of a code, and records the use', async () => {
      const { email, id: userId, authenticator, passkeyIds } = await enrolled('supervisor');
      const challenge = await passwordStep(email);
      const options = await loginOptions(challenge);
      expect(options.rpId).toBe(rpId);
      expect(options.userVerification).toBe('preferred');
      expect(options.allowCredentials?.map((c) => c.id).sort()).toEqual(
        [...authenticator.keys.keys()].sort(),
      );

      const signedIn = await verify(
        challenge,
        authenticator.assert(options, { credentialId: [...authenticator.keys.keys()][1] }),
      );
      expect(signedIn.status).toBe(200);
      expect(signedIn.body).toMatchObject({
        accessToken: expect.any(String),
        user: { id: userId, email },
      });
      const me = await t
        .http()
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${signedIn.body.accessToken as string}`);
      expect(me.status).toBe(200);

      const used = await t.dataSource.query<{ id: string; counter: string; used: boolean }[]>(
        'SELECT id, counter, last_used_at IS NOT NULL AS used FROM webauthn_credential WHERE user_id = $1 ORDER BY created_at',
        [userId],
      );
      expect(used).toEqual([
        { id: passkeyIds[0], counter: '0', used: false },
        { id: passkeyIds[1], counter: '1', used: true },
      ]);

      // The sign-in is spent: no new options for it, and its answer opens nothing more.
      expect(
        (await t.http().post('/api/auth/webauthn/login/options').send({ challenge })).status,
      ).toBe(401);
      const [login] = await t.dataSource.query<{ details: unknown }[]>(
        `SELECT details FROM audit_event WHERE action = 'auth.login' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
        [userId],
      );
      expect(JSON.stringify(login.details)).toContain('webauthn');
      expect(await failures(userId)).toBe(0);
    });

    type Forge = (
      authenticator: SoftAuthenticator,
      options: PublicKeyCredentialRequestOptionsJSON,
    ) => unknown;
    const forgeries: [string, Forge][] = [
      ['a wrong signature', (a, o) => a.assert(o, { badSignature: true })],
      ['a signature by another key', (a, o) => a.assert(o, { wrongKey: true })],
      ['another origin', (a, o) => a.assert(o, { origin: 'https://haven-login.example' })],
      [
        'another challenge',
        (a, o) =>
          a.assert(o, { challenge: Buffer.from('some other challenge').toString('base64url') }),
      ],
      ['a counter that did not grow', (a, o) => a.assert(o, { counter: 1 })],
      [
        'a credential id the account does not have',
        (a, o) =>
          a.assert(o, { presentAs: Buffer.from('unknown credential').toString('base64url') }),
      ],
      [
        'no assertion at all',
        () => ({
          id: 'x',
          rawId: 'x',
          type: 'public-key',
          response: { clientDataJSON: 'e30', signature: '' },
        }),
      ],
    ];
    for (const [label, forge] of forgeries) {
      it(`refuses ${label} with a 401, audited and counted against the sign-in, and spends the options`, async () => {
        const { email, id: userId, authenticator } = await enrolled();
        // A first good sign-in moves the counter to 1, so "did not grow" means something.
        const warm = await passwordStep(email);
        expect((await verify(warm, authenticator.assert(await loginOptions(warm)))).status).toBe(
          200,
        );

        const challenge = await passwordStep(email);
        const options = await loginOptions(challenge);
        const refused = await verify(challenge, forge(authenticator, options));
        expect(refused.status).toBe(401);
        expect(refused.body.accessToken).toBeUndefined();
        expect(await failures(userId)).toBe(1);
        const [{ attempts }] = await t.dataSource.query<{ attempts: number }[]>(
          'SELECT attempts FROM mfa_challenge WHERE id = $1',
          [challenge],
        );
        expect(attempts).toBe(1);
        // The options were spent by the failed answer: a good assertion of them is refused now too.
        expect((await verify(challenge, authenticator.assert(options))).status).toBe(401);
        // Fresh options for the same sign-in still work (a wrong answer is not the end of it).
        expect(
          (await verify(challenge, authenticator.assert(await loginOptions(challenge)))).status,
        ).toBe(200);
      });
    }

    it('refuses a replayed assertion, in its own sign-in or carried to another', async () => {
      const { email, authenticator } = await enrolled();
      const challenge = await passwordStep(email);
      const good = authenticator.assert(await loginOptions(challenge));
      expect((await verify(challenge, good)).status).toBe(200);
      expect((await verify(challenge, good)).status).toBe(401);
      const next = await passwordStep(email);
      await loginOptions(next);
      expect((await verify(next, good)).status).toBe(401);

      // Nothing of the credential or the assertion reaches the audit trail.
      const [{ leaks }] = await t.dataSource.query<{ leaks: number }[]>(
        `SELECT count(*)::int AS leaks FROM audit_event WHERE strpos(coalesce(details::text, '') || summary, $1) > 0 OR strpos(coalesce(details::text, '') || summary, $2) > 0`,
        [[...authenticator.keys.keys()][0], good.response.signature],
      );
      expect(leaks).toBe(0);
    });

    it('lets only one of two simultaneous sign-ins carrying the same signature counter through (a cloned key)', async () => {
      const { email, id: userId, authenticator } = await enrolled();
      const [first, second] = [await passwordStep(email), await passwordStep(email)];
      const [optionsA, optionsB] = [await loginOptions(first), await loginOptions(second)];
      // Hold the account's second-factor lock, so both answers are verified against the same stored
      // counter and then wait, together, to record it.
      const holder = t.dataSource.createQueryRunner();
      await holder.startTransaction();
      await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('haven:mfa:' || $1, 0))`, [
        userId,
      ]);
      const answers = Promise.all([
        verify(first, authenticator.assert(optionsA, { counter: 7 })),
        verify(second, authenticator.assert(optionsB, { counter: 7 })),
      ]);
      await expect
        .poll(
          async () =>
            (
              await t.dataSource.query<{ n: number }[]>(
                `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
              )
            )[0].n,
          { timeout: 10_000 },
        )
        .toBe(2);
      await holder.commitTransaction();
      await holder.release();
      expect((await answers).map((answer) => answer.status).sort()).toEqual([200, 401]);
      const [{ counter }] = await t.dataSource.query<{ counter: string }[]>(
        'SELECT counter FROM webauthn_credential WHERE credential_id = $1',
        [[...authenticator.keys.keys()][0]],
      );
      expect(counter).toBe('7');
    });

    it("refuses another account's passkey, even one that signs correctly", async () => {
      const victim = await enrolled();
      const attacker = await enrolled();
      const challenge = await passwordStep(victim.email);
      const options = await loginOptions(challenge);
      const forged = attacker.authenticator.assert(options, {
        credentialId: [...attacker.authenticator.keys.keys()][0],
      });
      expect((await verify(challenge, forged)).status).toBe(401);
      expect(await failures(victim.id)).toBe(1);
    });

    it('refuses expired options, and an unknown, malformed or expired sign-in, with a 401', async () => {
      const { email, authenticator } = await enrolled();
      expect(
        (
          await t
            .http()
            .post('/api/auth/webauthn/login/options')
            .send({ challenge: 'not-a-challenge' })
        ).status,
      ).toBe(401);
      expect(
        (
          await t
            .http()
            .post('/api/auth/webauthn/login/options')
            .send({ challenge: '00000000-0000-4000-8000-000000000000' })
        ).status,
      ).toBe(401);
      expect(
        (
          await t
            .http()
            .post('/api/auth/webauthn/login/verify')
            .send({ challenge: 'not-a-challenge', response: {} })
        ).status,
      ).toBe(401);
      expect((await t.http().post('/api/auth/webauthn/login/options').send({})).status).toBe(400);
      expect(
        (await t.http().post('/api/auth/webauthn/login/verify').send({ challenge: 'x' })).status,
      ).toBe(400);

      const challenge = await passwordStep(email);
      const options = await loginOptions(challenge);
      await t.dataSource.query(
        `UPDATE webauthn_pending SET expires_at = now() - interval '1 second' WHERE challenge = $1`,
        [options.challenge],
      );
      expect((await verify(challenge, authenticator.assert(options))).status).toBe(401);

      // The sign-in's own five minutes are over: no options, and options taken before are dead.
      const late = await passwordStep(email);
      const lateOptions = await loginOptions(late);
      await t.dataSource.query(
        `UPDATE mfa_challenge SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [late],
      );
      expect(
        (await t.http().post('/api/auth/webauthn/login/options').send({ challenge: late })).status,
      ).toBe(401);
      expect((await verify(late, authenticator.assert(lateOptions))).status).toBe(401);
    });
  });

  describe('a role that must have a second factor', () => {
    it('enrols with a passkey from a restricted session, and may not remove its last factor (409)', async () => {
      const admin = await makeUser('admin');
      // Signed in without a factor: only /api/auth/* until one is registered.
      expect((await t.http().get('/api/users').set('Authorization', admin.token)).status).toBe(403);
      const authenticator = new SoftAuthenticator(origin, rpId);
      const first = await register(admin.token, authenticator, 'Only key');
      expect(first.status).toBe(201);
      expect((await t.http().get('/api/users').set('Authorization', admin.token)).status).toBe(200);

      const last = await t
        .http()
        .delete(`/api/auth/webauthn/credentials/${first.body.id as string}`)
        .set('Authorization', admin.token);
      expect(last.status).toBe(409);
      expect(last.body.message).toMatch(/^passkey: /);

      const second = await register(admin.token, authenticator, 'Spare key');
      expect(
        (
          await t
            .http()
            .delete(`/api/auth/webauthn/credentials/${first.body.id as string}`)
            .set('Authorization', admin.token)
        ).status,
      ).toBe(204);
      expect(
        (
          await t
            .http()
            .delete(`/api/auth/webauthn/credentials/${second.body.id as string}`)
            .set('Authorization', admin.token)
        ).status,
      ).toBe(409);
      const listed = await t
        .http()
        .get('/api/auth/webauthn/credentials')
        .set('Authorization', admin.token);
      expect(listed.body.map((p: { name: string }) => p.name)).toEqual(['Spare key']);
    });

    it('lets a role without the requirement remove its last passkey, and its recovery codes go with it', async () => {
      const { token, id } = await makeUser('caseworker');
      const created = await register(token, new SoftAuthenticator(origin, rpId), 'Only key');
      await t.dataSource.query(
        `INSERT INTO mfa_recovery_code (user_id, code_hash) VALUES ($1, repeat('a', 64))`,
        [id],
      );
      expect(
        (
          await t
            .http()
            .delete(`/api/auth/webauthn/credentials/${created.body.id as string}`)
            .set('Authorization', token)
        ).status,
      ).toBe(204);
      const [{ left }] = await t.dataSource.query<{ left: number }[]>(
        'SELECT count(*)::int AS left FROM mfa_recovery_code WHERE user_id = $1',
        [id],
      );
      expect(left).toBe(0);
      // The password alone opens the account again.
      const login = await t
        .http()
        .post('/api/auth/login')
        .send({
          email: (
            await t.dataSource.query<{ email: string }[]>(
              'SELECT email FROM app_user WHERE id = $1',
              [id],
            )
          )[0].email,
          password: PASSWORD,
        });
      expect(login.body.accessToken).toEqual(expect.any(String));
    });
  });
});
