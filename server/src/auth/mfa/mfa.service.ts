import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  RECOVERY_CODE_COUNT,
  type LoginResponse,
  type MfaMethod,
  type MfaStatus,
  type RecoveryCodesResponse,
  type TotpEnrolmentResponse,
} from '@haven/shared';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/actor.js';
import {
  badRequest,
  conflict,
  DomainError,
  TooManyRequestsException,
  unauthorized,
} from '../../common/errors.js';
import { HAVEN_CONFIG, type HavenConfig } from '../../config/config.js';
import { subkey } from '../../config/subkeys.js';
import { db, exec, first, rows } from '../../database/sql.js';
import { transaction } from '../../database/transaction.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../../encryption/field-encryption.js';
import { accountColumns } from '../../users/user.mapper.js';
import { AuthService } from '../auth.service.js';
import { verifyPassword } from '../password.js';
import { SessionCache } from '../session-cache.js';
import { CHALLENGE_MAX_ATTEMPTS, factorEnrolled, lockFactors } from './factors.js';
import { totpSecretContext } from './mfa.entities.js';
import { looksLikeRecoveryCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { newTotpSecret, totpStep, totpUrl } from './totp.js';

/** Wrong second-factor answers an account may give per window, over all its challenges and checks. */
export const MFA_THROTTLE = { windowSeconds: 15 * 60, perAccount: 10 } as const;

/** The 401 of a challenge that cannot be answered (unknown, expired, used, or dead of wrong codes). */
function challengeGone(): DomainError {
  return unauthorized(
    'This sign-in has expired; enter your password again',
    'auth.challenge_expired',
  );
}

function wrongCode(): DomainError {
  return unauthorized('Wrong code', 'auth.wrong_code');
}

/** A challenge that can still be answered: not used, not expired, not dead of wrong codes. */
const liveChallenge = (challengeId: string) =>
  db
    .selectFrom('mfa_challenge')
    .select(['user_id as userId', 'attempts'])
    .where('id', '=', challengeId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('attempts', '<', CHALLENGE_MAX_ATTEMPTS);

type Outcome = { ok: true; grant: LoginResponse } | { ok: false; error: DomainError };

@Injectable()
export class MfaService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly sessions: SessionCache,
  ) {
    this.key = subkey(config.secret, 'mfa');
  }

  // ---- the second step of a sign-in ----

  /**
   * `POST /api/auth/mfa/verify`: a TOTP code (six digits) or a recovery code answers the challenge
   * and opens the session. Serialised per account (an advisory lock held across check, verify and
   * record), so simultaneous guesses are each counted before the next is checked. A wrong code is
   * recorded (the challenge's count, the audit trail) and answered 401; the fifth kills the challenge;
   * past `MFA_THROTTLE` wrong answers in the window the account waits (429).
   */
  async verify(
    challengeId: string,
    code: string,
    ip: string,
    userAgent: string | null,
  ): Promise<LoginResponse> {
    const outcome = await transaction(this.dataSource, async (manager): Promise<Outcome> => {
      const challenge = await this.lockChallenge(manager, challengeId);
      await this.assertNotThrottled(manager, challenge.userId);
      const method: MfaMethod = /^\s*\d{6}\s*$/.test(code) ? 'totp' : 'recovery';
      const passed =
        method === 'totp'
          ? await this.useTotp(manager, challenge.userId, code.trim())
          : await this.useRecoveryCode(manager, challenge.userId, code);
      if (!passed)
        return {
          ok: false,
          error: await this.recordFailure(manager, challengeId, challenge.userId, ip, method),
        };
      return {
        ok: true,
        grant: await this.finish(manager, challengeId, challenge.userId, {
          ip,
          userAgent,
          secondFactor: method,
        }),
      };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.grant;
  }

  /**
   * For passkey sign-in (webauthn): the user a live challenge belongs to, before their assertion is
   * checked. 401 (`auth.challenge_expired`) when the challenge is unknown, expired, used or dead of
   * wrong codes, exactly like `verify`.
   */
  async openChallenge(challengeId: string): Promise<{ userId: string }> {
    const row = await first(this.dataSource, liveChallenge(challengeId));
    if (!row) throw challengeGone();
    return { userId: row.userId };
  }

  /**
   * For passkey sign-in (webauthn): finishes a challenge once the caller has verified the user's
   * assertion — marks it used and opens the session (restricted when an admin-set password must
   * still be changed), audited as a login by `method`; 401 (`auth.challenge_expired`) if it died
   * meanwhile. Give `manager` to do it inside the transaction that recorded the assertion.
   */
  async completeChallenge(
    challengeId: string,
    ip: string,
    method: 'webauthn',
    userAgent: string | null = null,
    manager?: EntityManager,
  ): Promise<LoginResponse> {
    const run = async (m: EntityManager) => {
      const challenge = await this.lockChallenge(m, challengeId);
      return this.finish(m, challengeId, challenge.userId, { ip, userAgent, secondFactor: method });
    };
    return manager ? run(manager) : transaction(this.dataSource, run);
  }

  /**
   * For passkey sign-in (webauthn): counts a failed assertion against the challenge and the account
   * like a wrong code, and returns the 401 to throw (or the 429 when the account must wait).
   * Commits on its own, so the count holds even when the caller's work is rolled back.
   */
  async failChallenge(challengeId: string, ip: string, method: 'webauthn'): Promise<DomainError> {
    return transaction(this.dataSource, async (manager) => {
      const challenge = await this.lockChallenge(manager, challengeId);
      await this.assertNotThrottled(manager, challenge.userId);
      return this.recordFailure(manager, challengeId, challenge.userId, ip, method);
    }).catch((error: unknown) => {
      if (error instanceof DomainError) return error;
      throw error;
    });
  }

  /** The live challenge, locked; its user's second-factor checks wait for this transaction. */
  private async lockChallenge(manager: EntityManager, challengeId: string) {
    const owner = await first(
      manager,
      db.selectFrom('mfa_challenge').select('user_id as userId').where('id', '=', challengeId),
    );
    if (!owner) throw challengeGone();
    await lockFactors(manager, owner.userId);
    const row = await first(manager, liveChallenge(challengeId).forUpdate());
    if (!row) throw challengeGone();
    return row;
  }

  /** 429 while the account has too many wrong second-factor answers in the window (under the account's lock). */
  private async assertNotThrottled(manager: EntityManager, userId: string): Promise<void> {
    const row = (await first(
      manager,
      db
        .selectFrom('audit_event')
        .select((eb) => [
          eb.cast<number>(eb.fn.countAll(), 'integer').as('failures'),
          eb.fn.min('at').as('oldest'),
        ])
        .where('entity_type', '=', sql.lit('user'))
        .where('entity_id', '=', userId)
        .where('action', '=', sql.lit('auth.mfa_failed'))
        .where('at', '>', sql<Date>`now() - make_interval(secs => ${MFA_THROTTLE.windowSeconds})`),
    ))!;
    if (row.failures >= MFA_THROTTLE.perAccount) {
      const wait = Math.max(
        1,
        Math.ceil(
          ((row.oldest?.getTime() ?? Date.now()) + MFA_THROTTLE.windowSeconds * 1000 - Date.now()) /
            1000,
        ),
      );
      throw new TooManyRequestsException(
        'Too many wrong codes for this account; try again later',
        wait,
        'mfa.too_many_codes',
      );
    }
  }

  private async recordFailure(
    manager: EntityManager,
    challengeId: string | null,
    userId: string,
    ip: string | null,
    method: MfaMethod | 'password',
  ): Promise<DomainError> {
    let attempts = 0;
    if (challengeId) {
      const counted = await first(
        manager,
        db
          .updateTable('mfa_challenge')
          .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('id', '=', challengeId)
          .returning('attempts'),
      );
      attempts = counted?.attempts ?? 0;
    }
    const user = await first(
      manager,
      db.selectFrom('app_user').select('team_id as teamId').where('id', '=', userId),
    );
    await this.audit.record(
      manager,
      { id: userId, ip },
      {
        action: 'auth.mfa_failed',
        entityType: 'user',
        entityId: userId,
        teamId: user?.teamId ?? null,
        summary: challengeId
          ? 'wrong second-factor code at sign-in'
          : 'wrong confirmation for removing a second factor',
        details: { method, ...(challengeId ? { attempt: attempts } : {}) },
      },
    );
    if (challengeId && attempts >= CHALLENGE_MAX_ATTEMPTS) return challengeGone();
    return challengeId
      ? wrongCode()
      : method === 'password'
        ? badRequest('password: wrong password', 'mfa.password_wrong')
        : badRequest('code: wrong code', 'mfa.code_invalid');
  }

  private async finish(
    manager: EntityManager,
    challengeId: string,
    userId: string,
    via: { ip: string; userAgent: string | null; secondFactor: MfaMethod },
  ): Promise<LoginResponse> {
    await exec(
      manager,
      db
        .updateTable('mfa_challenge')
        .set({ used_at: sql<Date>`now()` })
        .where('id', '=', challengeId),
    );
    const user = await first(
      manager,
      db
        .selectFrom('app_user as u')
        .select(accountColumns)
        .where('u.id', '=', userId)
        .where('u.active', '=', true),
    );
    if (!user) throw challengeGone();
    return this.auth.startSession(user, via, manager);
  }

  /** A six-digit code of the user's confirmed secret, not used before; records its step. */
  private async useTotp(manager: EntityManager, userId: string, code: string): Promise<boolean> {
    const row = await first(
      manager,
      db
        .selectFrom('mfa_totp')
        .select(['secret', 'last_used_step as lastUsedStep'])
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .forUpdate(),
    );
    if (!row) return false;
    const step = await totpStep(
      this.secretOf(row.secret, userId),
      code,
      row.lastUsedStep === null ? null : Number(row.lastUsedStep),
    );
    if (step === null) return false;
    await exec(
      manager,
      db.updateTable('mfa_totp').set({ last_used_step: step }).where('user_id', '=', userId),
    );
    return true;
  }

  /** An unused recovery code of the user's; used up by this. */
  private async useRecoveryCode(
    manager: EntityManager,
    userId: string,
    code: string,
  ): Promise<boolean> {
    if (!looksLikeRecoveryCode(code)) return false;
    const used = await rows(
      manager,
      db
        .updateTable('mfa_recovery_code')
        .set({ used_at: sql<Date>`now()` })
        .where('user_id', '=', userId)
        .where('code_hash', '=', recoveryCodeHash(this.key, userId, code))
        .where('used_at', 'is', null)
        .returning('id'),
    );
    return used.length === 1;
  }

  private secretOf(stored: string, userId: string): string {
    return this.crypto.decrypt(stored, totpSecretContext(userId))!;
  }

  // ---- the caller's own factors ----

  /** `GET /api/auth/mfa`. */
  async status(actor: Actor): Promise<MfaStatus> {
    const row = (await first(
      this.dataSource,
      db.selectNoFrom((eb) => [
        eb
          .exists(
            eb
              .selectFrom('mfa_totp')
              .select(sql.lit(1).as('one'))
              .where('user_id', '=', actor.id)
              .where('confirmed_at', 'is not', null),
          )
          .$castTo<boolean>()
          .as('totp'),
        eb
          .selectFrom('mfa_recovery_code')
          .select((sub) => sub.cast<number>(sub.fn.countAll(), 'integer').as('n'))
          .where('user_id', '=', actor.id)
          .where('used_at', 'is', null)
          .$asScalar()
          .as('recoveryCodesLeft'),
      ]),
    ))!;
    const passkeys = await rows(
      this.dataSource,
      db
        .selectFrom('webauthn_credential')
        .select(['id', 'name', 'created_at as createdAt'])
        .where('user_id', '=', actor.id)
        .orderBy('created_at')
        .orderBy('id'),
    );
    return {
      totp: row.totp,
      passkeys: passkeys.map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: p.createdAt.toISOString(),
      })),
      recoveryCodesLeft: row.recoveryCodesLeft,
      required: this.auth.mfaRequiredFor(actor.role),
      restriction: actor.restriction ?? null,
      demo: this.config.demo && (this.config.mfaRequiredRoles ?? []).length === 0,
    };
  }

  /**
   * `POST /api/auth/mfa/totp`: a new secret, unconfirmed (it opens nothing until confirmed with a
   * code); replaces an unconfirmed one. 409 when one is confirmed already (remove it first).
   */
  async startTotp(actor: Actor): Promise<TotpEnrolmentResponse> {
    return transaction(this.dataSource, async (manager) => {
      const user = (await first(
        manager,
        db.selectFrom('app_user').select('email').where('id', '=', actor.id),
      ))!;
      const existing = await first(
        manager,
        db
          .selectFrom('mfa_totp')
          .select('confirmed_at as confirmedAt')
          .where('user_id', '=', actor.id)
          .forUpdate(),
      );
      if (existing?.confirmedAt)
        throw conflict(
          'totp: an authenticator app is set up already; remove it first',
          'mfa.totp_exists',
        );
      const secret = newTotpSecret();
      await exec(
        manager,
        db
          .insertInto('mfa_totp')
          .values({
            user_id: actor.id,
            secret: this.crypto.encrypt(secret, totpSecretContext(actor.id))!,
          })
          .onConflict((oc) =>
            oc.column('user_id').doUpdateSet((eb) => ({
              secret: eb.ref('excluded.secret'),
              created_at: sql<Date>`now()`,
              last_used_step: null,
            })),
          ),
      );
      return { secret, otpauthUrl: totpUrl(secret, user.email) };
    });
  }

  /**
   * `POST /api/auth/mfa/totp/confirm`: a code of the new secret confirms it; hands out a fresh set of
   * recovery codes (shown this once, stored hashed; any earlier set is void) and lifts this session's
   * `mfa_enrollment` restriction.
   */
  async confirmTotp(actor: Actor, code: string): Promise<RecoveryCodesResponse> {
    const codes = await transaction(this.dataSource, async (manager) => {
      const row = await first(
        manager,
        db
          .selectFrom('mfa_totp')
          .select(['secret', 'confirmed_at as confirmedAt'])
          .where('user_id', '=', actor.id)
          .forUpdate(),
      );
      if (!row)
        throw conflict(
          'totp: no authenticator app is being set up; start again',
          'mfa.totp_not_pending',
        );
      if (row.confirmedAt)
        throw conflict('totp: the authenticator app is confirmed already', 'mfa.totp_confirmed');
      const step = await totpStep(this.secretOf(row.secret, actor.id), code.trim(), null);
      if (step === null)
        throw badRequest(
          'code: wrong code; check the time on your phone and try the current code',
          'mfa.code_invalid',
        );
      await exec(
        manager,
        db
          .updateTable('mfa_totp')
          .set({ confirmed_at: sql<Date>`now()`, last_used_step: step })
          .where('user_id', '=', actor.id),
      );
      const fresh = await this.replaceRecoveryCodes(manager, actor.id);
      await factorEnrolled(manager, actor.id, actor.sessionId);
      await this.audit.record(manager, actor, {
        action: 'auth.mfa_enrolled',
        entityType: 'user',
        entityId: actor.id,
        teamId: actor.teamId,
        summary: 'set up an authenticator app',
        details: { method: 'totp', recoveryCodes: RECOVERY_CODE_COUNT },
      });
      return fresh;
    });
    // Committed: neither this session's old restriction nor the ended ones are answered from memory (other instances hear it from the database).
    this.sessions.forgetUser(actor.id);
    return { recoveryCodes: codes };
  }

  private async replaceRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    await exec(manager, db.deleteFrom('mfa_recovery_code').where('user_id', '=', userId));
    const codes = newRecoveryCodes();
    // One text for any number of codes: the hashes go as one array.
    await exec(
      manager,
      db
        .insertInto('mfa_recovery_code')
        .columns(['user_id', 'code_hash'])
        .expression(
          db.selectNoFrom([
            sql<string>`${userId}::uuid`.as('user_id'),
            sql<string>`unnest(${codes.map((code) => recoveryCodeHash(this.key, userId, code))}::text[])`.as(
              'code_hash',
            ),
          ]),
        ),
    );
    return codes;
  }

  /**
   * `DELETE /api/auth/mfa/totp {password, code}`: the password and a current code (or a recovery
   * code, for a lost phone) remove the secret. 409 when the role must have a second factor and this
   * is the last. Wrong answers count against the account like wrong codes at sign-in (a stolen
   * session cannot guess the password here faster than at the door). With no factor left, the
   * recovery codes go too.
   */
  async removeTotp(actor: Actor, password: string, code: string): Promise<void> {
    const outcome = await transaction(
      this.dataSource,
      async (manager): Promise<DomainError | null> => {
        await lockFactors(manager, actor.id);
        const factors = (await first(
          manager,
          db.selectNoFrom((eb) => [
            eb
              .exists(
                eb
                  .selectFrom('mfa_totp')
                  .select(sql.lit(1).as('one'))
                  .where('user_id', '=', actor.id)
                  .where('confirmed_at', 'is not', null),
              )
              .$castTo<boolean>()
              .as('totp'),
            eb
              .selectFrom('webauthn_credential')
              .select((sub) => sub.cast<number>(sub.fn.countAll(), 'integer').as('n'))
              .where('user_id', '=', actor.id)
              .$asScalar()
              .as('passkeys'),
          ]),
        ))!;
        if (!factors.totp)
          throw conflict('totp: no authenticator app is set up', 'mfa.totp_missing');
        if (factors.passkeys === 0 && this.auth.mfaRequiredFor(actor.role)) {
          throw conflict(
            'totp: your role must keep a second factor; add a passkey before removing the authenticator app',
            'mfa.last_factor',
          );
        }
        await this.assertNotThrottled(manager, actor.id);
        const method: MfaMethod = /^\s*\d{6}\s*$/.test(code) ? 'totp' : 'recovery';
        const codeOk =
          method === 'totp'
            ? await this.useTotp(manager, actor.id, code.trim())
            : await this.useRecoveryCode(manager, actor.id, code);
        if (!codeOk) return this.recordFailure(manager, null, actor.id, actor.ip, method);
        const user = (await first(
          manager,
          db
            .selectFrom('app_user')
            .select('password_hash as passwordHash')
            .where('id', '=', actor.id),
        ))!;
        if (!(await verifyPassword(user.passwordHash, password)))
          return this.recordFailure(manager, null, actor.id, actor.ip, 'password');
        await exec(manager, db.deleteFrom('mfa_totp').where('user_id', '=', actor.id));
        if (factors.passkeys === 0)
          await exec(manager, db.deleteFrom('mfa_recovery_code').where('user_id', '=', actor.id));
        await this.audit.record(manager, actor, {
          action: 'auth.mfa_removed',
          entityType: 'user',
          entityId: actor.id,
          teamId: actor.teamId,
          summary: 'removed the authenticator app',
          details: { method: 'totp', confirmedWith: method },
        });
        return null;
      },
    );
    if (outcome) throw outcome;
  }
}
