import { Inject, Injectable } from '@nestjs/common';
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
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor.js';
import { badRequest, conflict, DomainError, notFound, unauthorized } from '../../common/errors.js';
import { isUuid } from '../../common/validators.js';
import { HAVEN_CONFIG, type HavenConfig } from '../../config/config.js';
import { AuditService } from '../../audit/audit.service.js';
import { db, exec, first, rows } from '../../database/sql.js';
import { transaction } from '../../database/transaction.js';
import { AuthService } from '../auth.service.js';
import { factorEnrolled, lockFactors } from '../mfa/factors.js';
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

/** The columns of a passkey its owner sees. */
const passkeyColumns = ['id', 'name', 'created_at', 'last_used_at'] as const;

const toPasskeyResponse = (row: {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}): PasskeyResponse => ({
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
  const passkeys = await rows(
    manager,
    db
      .selectFrom('webauthn_credential')
      .select(passkeyColumns)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id'),
  );
  return passkeys.map(toPasskeyResponse);
}

/** A passkey's label: 1–100 characters once trimmed, no control characters. */
export function passkeyName(raw: unknown): string {
  if (typeof raw !== 'string')
    throw badRequest('name: a name for the passkey is required', 'passkey.name_required');
  const name = raw.trim();
  if (name.length < 1 || name.length > 100)
    throw badRequest('name must be 1 to 100 characters long', 'passkey.name_length', {
      field: 'name',
      args: { min: 1, max: 100 },
    });
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw badRequest(
      'name must not contain control characters',
      'passkey.name_control_characters',
      {
        field: 'name',
      },
    );
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
      const user = (await first(
        manager,
        db.selectFrom('app_user').select(['id', 'email']).where('id', '=', actor.id),
      ))!;
      const existing = await rows(
        manager,
        db
          .selectFrom('webauthn_credential')
          .select(['credential_id', 'transports'])
          .where('user_id', '=', actor.id),
      );
      if (existing.length >= MAX_PASSKEYS)
        throw conflict(
          `passkeys: an account may hold at most ${MAX_PASSKEYS}; remove one first`,
          'passkey.limit',
          { args: { max: MAX_PASSKEYS } },
        );
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
      await exec(
        manager,
        db
          .deleteFrom('webauthn_pending')
          .where((eb) =>
            eb.or([
              eb.and([eb('user_id', '=', actor.id), eb('kind', '=', 'register')]),
              eb('expires_at', '<', sql<Date>`now()`),
            ]),
          ),
      );
      await exec(
        manager,
        db.insertInto('webauthn_pending').values({
          user_id: actor.id,
          kind: 'register',
          challenge: options.challenge,
          expires_at: sql<Date>`now() + make_interval(secs => ${PENDING_SECONDS})`,
        }),
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
    const pending = await rows(
      this.dataSource,
      db
        .deleteFrom('webauthn_pending')
        .where('user_id', '=', actor.id)
        .where('kind', '=', 'register')
        .returning(['challenge', sql<boolean>`expires_at > now()`.as('live')]),
    );
    if (!wellFormed)
      throw badRequest(
        'response: a WebAuthn registration response (navigator.credentials.create) is required',
        'passkey.response_required',
      );
    if (!challenge || !pending.some((row) => row.live && row.challenge === challenge)) {
      throw badRequest(
        'response: answers no current registration options (expired or already used); start again',
        'passkey.registration_expired',
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
    if (!verified.verified)
      throw badRequest('response: the passkey could not be verified', 'passkey.not_verified');
    const { credential: key } = verified.registrationInfo;

    const created = await transaction(this.dataSource, async (manager) => {
      await lockFactors(manager, actor.id);
      const { count } = (await first(
        manager,
        db
          .selectFrom('webauthn_credential')
          .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('count'))
          .where('user_id', '=', actor.id),
      ))!;
      if (count >= MAX_PASSKEYS)
        throw conflict(
          `passkeys: an account may hold at most ${MAX_PASSKEYS}; remove one first`,
          'passkey.limit',
          { args: { max: MAX_PASSKEYS } },
        );
      const taken = await first(
        manager,
        db.selectFrom('webauthn_credential').select('id').where('credential_id', '=', key.id),
      );
      if (taken)
        throw conflict(
          'response: this passkey is already registered',
          'passkey.already_registered',
        );
      const row = (await first(
        manager,
        db
          .insertInto('webauthn_credential')
          .values({
            user_id: actor.id,
            credential_id: key.id,
            public_key: Buffer.from(key.publicKey),
            counter: key.counter,
            transports: key.transports ?? [],
            name,
          })
          .returning(passkeyColumns),
      ))!;
      await factorEnrolled(manager, actor.id, actor.sessionId);
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
      const row = await first(
        manager,
        db
          .updateTable('webauthn_credential')
          .set({ name })
          .where('id', '=', id)
          .where('user_id', '=', actor.id)
          .returning(passkeyColumns),
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
      const row = await first(
        manager,
        db
          .selectFrom('webauthn_credential')
          .select('id')
          .where('id', '=', id)
          .where('user_id', '=', actor.id),
      );
      if (!row) throw notFound('passkey');
      const { others } = (await first(
        manager,
        db.selectNoFrom((eb) =>
          eb(
            eb
              .selectFrom('webauthn_credential')
              .select((sub) => sub.fn.countAll<string>().as('n'))
              .where('user_id', '=', actor.id)
              .where('id', '<>', id)
              .$asScalar(),
            '+',
            eb
              .selectFrom('mfa_totp')
              .select((sub) => sub.fn.countAll<string>().as('n'))
              .where('user_id', '=', actor.id)
              .where('confirmed_at', 'is not', null)
              .$asScalar(),
          ).as('others'),
        ),
      ))!;
      const last = Number(others) === 0;
      if (last && this.auth.mfaRequiredFor(actor.role)) {
        throw conflict(
          'passkey: your role must keep a second factor; add another passkey or an authenticator app before removing this one',
          'passkey.last_factor',
        );
      }
      await exec(manager, db.deleteFrom('webauthn_credential').where('id', '=', id));
      if (last)
        await exec(manager, db.deleteFrom('mfa_recovery_code').where('user_id', '=', actor.id));
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
      const credentials = await rows(
        manager,
        db
          .selectFrom('webauthn_credential')
          .select(['credential_id', 'transports'])
          .where('user_id', '=', userId)
          .orderBy('created_at'),
      );
      if (credentials.length === 0)
        throw unauthorized('This account has no passkey; use a code', 'auth.no_passkey');
      const options = await generateAuthenticationOptions({
        rpID: this.relyingParty.id,
        allowCredentials: credentials.map((row) => ({
          id: row.credential_id,
          transports: row.transports as AuthenticatorTransport[],
        })),
        userVerification: 'preferred',
        timeout: CEREMONY_TIMEOUT_MS,
      });
      await exec(
        manager,
        db
          .deleteFrom('webauthn_pending')
          .where((eb) =>
            eb.or([
              eb.and([eb('mfa_challenge_id', '=', challengeId), eb('kind', '=', 'login')]),
              eb('expires_at', '<', sql<Date>`now()`),
            ]),
          ),
      );
      // It lives no longer than the sign-in it belongs to (and dies with it: ON DELETE CASCADE).
      await exec(
        manager,
        db
          .insertInto('webauthn_pending')
          .columns(['user_id', 'mfa_challenge_id', 'kind', 'challenge', 'expires_at'])
          .expression(
            db
              .selectFrom('mfa_challenge')
              .select((eb) => [
                eb.val(userId).as('user_id'),
                'id',
                eb.val('login').as('kind'),
                eb.val(options.challenge).as('challenge'),
                sql<Date>`least(expires_at, now() + make_interval(secs => ${PENDING_SECONDS}))`.as(
                  'expires_at',
                ),
              ])
              .where('id', '=', challengeId),
          ),
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
    const pending = await rows(
      this.dataSource,
      db
        .deleteFrom('webauthn_pending')
        .where('mfa_challenge_id', '=', challengeId)
        .where('kind', '=', 'login')
        .returning(['challenge', sql<boolean>`expires_at > now()`.as('live')]),
    );
    if (!answered || !pending.some((row) => row.live && row.challenge === answered))
      return refuse();
    const credential = await first(
      this.dataSource,
      db
        .selectFrom('webauthn_credential')
        .select(['id', 'credential_id', 'public_key', 'counter', 'transports'])
        .where('credential_id', '=', assertion.id)
        .where('user_id', '=', userId),
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
      if (error instanceof DomainError) throw error;
      return refuse();
    }
    const grant = await transaction(this.dataSource, async (manager) => {
      // First the account's lock, as every change of its factors takes it (a removal of this passkey waits).
      await lockFactors(manager, userId);
      // Stored only if it still grows: of two uses racing with the same counter, one wins. An
      // authenticator without a counter (always 0) stays at 0 (counters are never negative).
      const stored = await first(
        manager,
        db
          .updateTable('webauthn_credential')
          .set({ counter: newCounter, last_used_at: sql<Date>`now()` })
          .where('id', '=', credential.id)
          .where('counter', newCounter === 0 ? '=' : '<', String(newCounter))
          .returning('id'),
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
    throw unauthorized(
      'This sign-in has expired; enter your password again',
      'auth.challenge_expired',
    );
  }
}
