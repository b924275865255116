import { HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { LoginResponse } from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { badRequest, conflict, notFound } from '../../common/errors.js';
import { isUuid } from '../../common/validators.js';
import { HAVEN_CONFIG, type HavenConfig } from '../../config/config.js';
import { AuditService } from '../../audit/audit.service.js';
import { transaction } from '../../database/transaction.js';
import { AuthService } from '../auth.service.js';
import { endEnrolmentSessions } from '../mfa/factors.js';
import { MfaService } from '../mfa/mfa.service.js';
import { SessionCache } from '../session-cache.js';

/** How long a registration's or a sign-in's options may be answered. */
export const PENDING_SECONDS = 5 * 60;
/** Passkeys one account may hold: enough for every device a person owns, and a bound on the table. */
export const MAX_PASSKEYS = 20;
/** What WebAuthn asks of the authenticator, in milliseconds (the browser's prompt times out). */
const CEREMONY_TIMEOUT_MS = 2 * 60 * 1000;

/** A passkey as its owner sees it. */
export interface PasskeyResponse {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

interface CredentialRow {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

const toPasskeyResponse = (
  row: Pick<CredentialRow, 'id' | 'name' | 'created_at' | 'last_used_at'>,
): PasskeyResponse => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
});

/** The user's passkeys, oldest first, for `GET /api/auth/mfa` and the passkey list. */
export async function passkeysOf(
  manager: EntityManager,
  userId: string,
): Promise<PasskeyResponse[]> {
  const rows = await manager.query<CredentialRow[]>(
    'SELECT id, name, created_at, last_used_at FROM webauthn_credential WHERE user_id = $1 ORDER BY created_at, id',
    [userId],
  );
  return rows.map(toPasskeyResponse);
}

/** The rows an UPDATE or DELETE … RETURNING gave (TypeORM answers those with `[rows, count]`). */
async function returning<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const [rows] = await manager.query<[T[], number]>(sql, parameters);
  return rows;
}

/** A passkey's label: 1–100 characters once trimmed, no control characters. */
export function passkeyName(raw: unknown): string {
  if (typeof raw !== 'string') throw badRequest('name: a name for the passkey is required');
  const name = raw.trim();
  if (name.length < 1 || name.length > 100)
    throw badRequest('name must be 1 to 100 characters long');
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw badRequest('name must not contain control characters');
  return name;
}

/**
 * The challenge the browser says it answered (clientDataJSON.challenge), read before verification
 * only to find the pending row it belongs to; verification then checks it properly.
 */
function answeredChallenge(
  response: { response?: { clientDataJSON?: unknown } } | null | undefined,
): string | null {
  const encoded = response?.response?.clientDataJSON;
  if (typeof encoded !== 'string' || encoded.length > 4096) return null;
  try {
    const clientData = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as {
      challenge?: unknown;
    };
    return typeof clientData.challenge === 'string' && clientData.challenge.length <= 256
      ? clientData.challenge
      : null;
  } catch {
    return null;
  }
}

/** The shape every WebAuthn answer has; anything else is refused before it reaches the library. */
function isCredentialJson(value: unknown, field: 'attestationObject' | 'signature'): boolean {
  const candidate = value as {
    id?: unknown;
    rawId?: unknown;
    type?: unknown;
    response?: Record<string, unknown>;
  } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.id === 'string' &&
    candidate.id.length > 0 &&
    candidate.id.length <= 1366 &&
    typeof candidate.rawId === 'string' &&
    candidate.type === 'public-key' &&
    typeof candidate.response === 'object' &&
    candidate.response !== null &&
    typeof candidate.response.clientDataJSON === 'string' &&
    typeof candidate.response[field] === 'string'
  );
}

@Injectable()
export class WebauthnService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly sessions: SessionCache,
  ) {}

  /**
   * The relying party is the address users reach Haven at (`HAVEN_PUBLIC_URL`): its host name is
   * the RP ID and its origin the only origin accepted, so a passkey never answers a look-alike site.
   */
  private get relyingParty(): { id: string; origin: string } {
    const url = new URL(this.config.publicUrl);
    return { id: url.hostname, origin: url.origin };
  }

  /** Registration options for the caller; the challenge is kept for one answer, five minutes. */
  async registrationOptions(actor: Actor): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return transaction(this.dataSource, async (manager) => {
      const [user] = await manager.query<{ id: string; email: string }[]>(
        'SELECT id, email FROM app_user WHERE id = $1',
        [actor.id],
      );
      const existing = await manager.query<Pick<CredentialRow, 'credential_id' | 'transports'>[]>(
        'SELECT credential_id, transports FROM webauthn_credential WHERE user_id = $1',
        [actor.id],
      );
      if (existing.length >= MAX_PASSKEYS)
        throw conflict(`passkeys: an account may hold at most ${MAX_PASSKEYS}; remove one first`);
      const options = await generateRegistrationOptions({
        rpName: 'Haven',
        rpID: this.relyingParty.id,
        userName: user.email,
        userDisplayName: user.email,
        // The user handle the authenticator keeps: the account's id, which names no one.
        userID: Buffer.from(user.id.replace(/-/g, ''), 'hex'),
        timeout: CEREMONY_TIMEOUT_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((row) => ({
          id: row.credential_id,
          transports: row.transports as AuthenticatorTransport[],
        })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      // One registration at a time per account: newer options replace older ones.
      await manager.query(
        `DELETE FROM webauthn_pending WHERE (user_id = $1 AND kind = 'register') OR expires_at < now()`,
        [actor.id],
      );
      await manager.query(
        `INSERT INTO webauthn_pending (user_id, kind, challenge, expires_at) VALUES ($1, 'register', $2, now() + make_interval(secs => $3))`,
        [actor.id, options.challenge, PENDING_SECONDS],
      );
      return options;
    });
  }

  /** Verifies the browser's answer to the registration options and keeps the new passkey under `name`. */
  async register(
    actor: Actor,
    response: unknown,
    rawName: unknown,
  ): Promise<Omit<PasskeyResponse, 'lastUsedAt'>> {
    const name = passkeyName(rawName);
    const credential = response as RegistrationResponseJSON;
    const wellFormed = isCredentialJson(response, 'attestationObject');
    const challenge = wellFormed ? answeredChallenge(credential) : null;
    // The account's pending options are taken before the answer is verified, and committed at once:
    // whatever the outcome, options are answered once (a wrong answer spends them too).
    const pending = await returning<{ challenge: string; live: boolean }>(
      this.dataSource.manager,
      `DELETE FROM webauthn_pending WHERE user_id = $1 AND kind = 'register' RETURNING challenge, expires_at > now() AS live`,
      [actor.id],
    );
    if (!wellFormed)
      throw badRequest(
        'response: a WebAuthn registration response (navigator.credentials.create) is required',
      );
    if (!challenge || !pending.some((row) => row.live && row.challenge === challenge)) {
      throw badRequest(
        'response: answers no current registration options (expired or already used); start again',
      );
    }
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: credential,
        expectedChallenge: challenge,
        expectedOrigin: this.relyingParty.origin,
        expectedRPID: this.relyingParty.id,
        requireUserVerification: false,
      });
    } catch {
      verified = { verified: false };
    }
    if (!verified.verified) throw badRequest('response: the passkey could not be verified');
    const { credential: key } = verified.registrationInfo;

    const created = await transaction(this.dataSource, async (manager) => {
      await lockFactors(manager, actor.id);
      const [{ count }] = await manager.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM webauthn_credential WHERE user_id = $1',
        [actor.id],
      );
      if (count >= MAX_PASSKEYS)
        throw conflict(`passkeys: an account may hold at most ${MAX_PASSKEYS}; remove one first`);
      const [taken] = await manager.query<{ id: string }[]>(
        'SELECT id FROM webauthn_credential WHERE credential_id = $1',
        [key.id],
      );
      if (taken) throw conflict('response: this passkey is already registered');
      const [row] = await manager.query<CredentialRow[]>(
        `INSERT INTO webauthn_credential (user_id, credential_id, public_key, counter, transports, name)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, created_at, last_used_at`,
        [actor.id, key.id, Buffer.from(key.publicKey), key.counter, key.transports ?? [], name],
      );
      // A passkey is a second factor: a session that was waiting for one may now do everything.
      await manager.query(
        `UPDATE user_session SET restriction = NULL WHERE id = $1 AND restriction = 'mfa_enrollment'`,
        [actor.sessionId],
      );
      await endEnrolmentSessions(manager, actor.id, actor.sessionId);
      await this.audit.record(manager, actor, {
        action: 'auth.mfa_enrolled',
        entityType: 'user',
        entityId: actor.id,
        teamId: actor.teamId,
        summary: 'registered a passkey',
        details: { method: 'webauthn', passkeyId: row.id },
      });
      const { id, createdAt } = toPasskeyResponse(row);
      return { id, name: row.name, createdAt };
    });
    // Committed: neither this session's old restriction nor the ended ones are answered from memory (other instances hear it from the database).
    this.sessions.forgetUser(actor.id);
    return created;
  }

  list(actor: Actor): Promise<PasskeyResponse[]> {
    return passkeysOf(this.dataSource.manager, actor.id);
  }

  /** Renames one of the caller's passkeys; another's is a 404 like a missing one. */
  async rename(actor: Actor, id: string, rawName: unknown): Promise<PasskeyResponse> {
    const name = passkeyName(rawName);
    if (!isUuid(id)) throw notFound('passkey');
    return transaction(this.dataSource, async (manager) => {
      const [row] = await returning<CredentialRow>(
        manager,
        'UPDATE webauthn_credential SET name = $3 WHERE id = $1 AND user_id = $2 RETURNING id, name, created_at, last_used_at',
        [id, actor.id, name],
      );
      if (!row) throw notFound('passkey');
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'webauthn_credential',
        entityId: id,
        teamId: actor.teamId,
        summary: 'passkey renamed',
        details: { fields: ['name'] },
      });
      return toPasskeyResponse(row);
    });
  }

  /**
   * Removes one of the caller's passkeys, unless it is the last second factor of a role that must
   * have one (409). With no factor left, the recovery codes go too: they are no factor on their own.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('passkey');
    await transaction(this.dataSource, async (manager) => {
      await lockFactors(manager, actor.id);
      const [row] = await manager.query<{ id: string }[]>(
        'SELECT id FROM webauthn_credential WHERE id = $1 AND user_id = $2',
        [id, actor.id],
      );
      if (!row) throw notFound('passkey');
      const [{ others }] = await manager.query<{ others: number }[]>(
        `SELECT (SELECT count(*) FROM webauthn_credential WHERE user_id = $1 AND id <> $2)
              + (SELECT count(*) FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS others`,
        [actor.id, id],
      );
      const last = Number(others) === 0;
      if (last && this.auth.mfaRequiredFor(actor.role)) {
        throw conflict(
          'passkey: your role must keep a second factor; add another passkey or an authenticator app before removing this one',
        );
      }
      await manager.query('DELETE FROM webauthn_credential WHERE id = $1', [id]);
      if (last) await manager.query('DELETE FROM mfa_recovery_code WHERE user_id = $1', [actor.id]);
      await this.audit.record(manager, actor, {
        action: 'auth.mfa_removed',
        entityType: 'user',
        entityId: actor.id,
        teamId: actor.teamId,
        summary: 'removed a passkey',
        details: { method: 'webauthn', passkeyId: id },
      });
    });
  }

  /**
   * Sign-in options for the second step of a sign-in: the passkeys of the account whose password
   * opened `challengeToken`. One set of options per challenge at a time (newer ones replace older).
   */
  async loginOptions(challengeToken: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const challengeId = this.liveChallenge(challengeToken);
    const { userId } = await this.mfa.openChallenge(challengeId);
    return transaction(this.dataSource, async (manager) => {
      const credentials = await manager.query<
        Pick<CredentialRow, 'credential_id' | 'transports'>[]
      >(
        'SELECT credential_id, transports FROM webauthn_credential WHERE user_id = $1 ORDER BY created_at',
        [userId],
      );
      if (credentials.length === 0)
        throw new UnauthorizedException('This account has no passkey; use a code');
      const options = await generateAuthenticationOptions({
        rpID: this.relyingParty.id,
        allowCredentials: credentials.map((row) => ({
          id: row.credential_id,
          transports: row.transports as AuthenticatorTransport[],
        })),
        userVerification: 'preferred',
        timeout: CEREMONY_TIMEOUT_MS,
      });
      await manager.query(
        `DELETE FROM webauthn_pending WHERE (mfa_challenge_id = $1 AND kind = 'login') OR expires_at < now()`,
        [challengeId],
      );
      // It lives no longer than the sign-in it belongs to (and dies with it: ON DELETE CASCADE).
      await manager.query(
        `INSERT INTO webauthn_pending (user_id, mfa_challenge_id, kind, challenge, expires_at)
         SELECT $1, id, 'login', $3, least(expires_at, now() + make_interval(secs => $4)) FROM mfa_challenge WHERE id = $2`,
        [userId, challengeId, options.challenge, PENDING_SECONDS],
      );
      return options;
    });
  }

  /**
   * Completes a sign-in with a passkey instead of a code. Everything that can be wrong — an answer to
   * other or stale options, a replayed one, a passkey of another account, a bad signature, another
   * site's origin, a signature counter that did not grow — is one 401, counted against the challenge
   * and the account like a wrong code (and audited); the options' challenge is spent either way.
   */
  async login(
    challengeToken: string,
    response: unknown,
    ip: string,
    userAgent: string | null,
  ): Promise<LoginResponse> {
    const challengeId = this.liveChallenge(challengeToken);
    const { userId } = await this.mfa.openChallenge(challengeId);
    const refuse = async (): Promise<never> => {
      throw await this.mfa.failChallenge(challengeId, ip, 'webauthn');
    };
    const assertion = response as AuthenticationResponseJSON;
    const answered = isCredentialJson(response, 'signature') ? answeredChallenge(assertion) : null;
    // The sign-in's pending options are taken before the answer is verified, and committed at once:
    // whatever the outcome, options are answered once (a wrong answer spends them too).
    const pending = await returning<{ challenge: string; live: boolean }>(
      this.dataSource.manager,
      `DELETE FROM webauthn_pending WHERE mfa_challenge_id = $1 AND kind = 'login' RETURNING challenge, expires_at > now() AS live`,
      [challengeId],
    );
    if (!answered || !pending.some((row) => row.live && row.challenge === answered))
      return refuse();
    const [credential] = await this.dataSource.query<CredentialRow[]>(
      'SELECT id, credential_id, public_key, counter, transports FROM webauthn_credential WHERE credential_id = $1 AND user_id = $2',
      [assertion.id, userId],
    );
    if (!credential) return refuse();
    let newCounter: number;
    try {
      const verified = await verifyAuthenticationResponse({
        response: assertion,
        expectedChallenge: answered,
        expectedOrigin: this.relyingParty.origin,
        expectedRPID: this.relyingParty.id,
        requireUserVerification: false,
        credential: {
          id: credential.credential_id,
          publicKey: new Uint8Array(credential.public_key),
          counter: Number(credential.counter),
          transports: credential.transports,
        },
      });
      if (!verified.verified) return refuse();
      newCounter = verified.authenticationInfo.newCounter;
    } catch (error) {
      if (error instanceof HttpException) throw error;
      return refuse();
    }
    const grant = await transaction(this.dataSource, async (manager) => {
      // First the account's lock, as every change of its factors takes it (a removal of this passkey waits).
      await lockFactors(manager, userId);
      // Stored only if it still grows: of two uses racing with the same counter, one wins. An
      // authenticator without a counter (always 0) stays at 0.
      const [stored] = await returning<{ id: string }>(
        manager,
        `UPDATE webauthn_credential SET counter = $2, last_used_at = now()
          WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0)) RETURNING id`,
        [credential.id, newCounter],
      );
      if (!stored) return null;
      return this.mfa.completeChallenge(challengeId, ip, 'webauthn', userAgent, manager);
    });
    return grant ?? refuse();
  }

  /** The sign-in challenge's id, or the 401 of one that cannot be answered. */
  private liveChallenge(token: string): string {
    const id = token.trim().toLowerCase();
    if (isUuid(id)) return id;
    throw new UnauthorizedException({
      statusCode: 401,
      message: 'This sign-in has expired; enter your password again',
      error: 'Unauthorized',
      code: 'auth.challenge_expired',
    });
  }
}

/** Changes to a user's second factors take turns (the lock `MfaService` takes for the same account). */
async function lockFactors(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('haven:mfa:' || $1, 0))`, [
    userId,
  ]);
}
