import { HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  RECOVERY_CODE_COUNT,
  type LoginResponse,
  type MfaMethod,
  type MfaStatus,
  type RecoveryCodesResponse,
  type TotpEnrolmentResponse,
} from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/actor.js';
import { badRequest, conflict, TooManyRequestsException } from '../../common/errors.js';
import { HAVEN_CONFIG, type HavenConfig } from '../../config/config.js';
import { subkey } from '../../config/subkeys.js';
import { transaction } from '../../database/transaction.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../../encryption/field-encryption.js';
import { UserEntity } from '../../users/user.entity.js';
import { AuthService } from '../auth.service.js';
import { verifyPassword } from '../password.js';
import { SessionCache } from '../session-cache.js';
import { CHALLENGE_MAX_ATTEMPTS, endEnrolmentSessions } from './factors.js';
import { totpSecretContext } from './mfa.entities.js';
import { looksLikeRecoveryCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { newTotpSecret, totpStep, totpUrl } from './totp.js';

/** Wrong second-factor answers an account may give per window, over all its challenges and checks. */
export const MFA_THROTTLE = { windowSeconds: 15 * 60, perAccount: 10 } as const;

/** The 401 of a challenge that cannot be answered (unknown, expired, used, or dead of wrong codes). */
function challengeGone(): HttpException {
  return new UnauthorizedException({
    statusCode: 401,
    message: 'This sign-in has expired; enter your password again',
    error: 'Unauthorized',
    code: 'auth.challenge_expired',
  });
}

function wrongCode(): HttpException {
  return new UnauthorizedException({
    statusCode: 401,
    message: 'Wrong code',
    error: 'Unauthorized',
    code: 'auth.wrong_code',
  });
}

interface ChallengeRow {
  userId: string;
  attempts: number;
}

type Outcome = { ok: true; grant: LoginResponse } | { ok: false; error: HttpException };

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
    const [row] = await this.dataSource.query<{ userId: string }[]>(
      `SELECT user_id AS "userId" FROM mfa_challenge
        WHERE id = $1 AND used_at IS NULL AND expires_at > now() AND attempts < $2`,
      [challengeId, CHALLENGE_MAX_ATTEMPTS],
    );
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
  async failChallenge(challengeId: string, ip: string, method: 'webauthn'): Promise<HttpException> {
    return transaction(this.dataSource, async (manager) => {
      const challenge = await this.lockChallenge(manager, challengeId);
      await this.assertNotThrottled(manager, challenge.userId);
      return this.recordFailure(manager, challengeId, challenge.userId, ip, method);
    }).catch((error: unknown) => {
      if (error instanceof HttpException) return error;
      throw error;
    });
  }

  /** The live challenge, locked; its user's second-factor checks wait for this transaction. */
  private async lockChallenge(manager: EntityManager, challengeId: string): Promise<ChallengeRow> {
    const [owner] = await manager.query<{ userId: string }[]>(
      `SELECT user_id AS "userId" FROM mfa_challenge WHERE id = $1`,
      [challengeId],
    );
    if (!owner) throw challengeGone();
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('haven:mfa:' || $1, 0))`, [
      owner.userId,
    ]);
    const [row] = await manager.query<ChallengeRow[]>(
      `SELECT user_id AS "userId", attempts FROM mfa_challenge
        WHERE id = $1 AND used_at IS NULL AND expires_at > now() AND attempts < $2
        FOR UPDATE`,
      [challengeId, CHALLENGE_MAX_ATTEMPTS],
    );
    if (!row) throw challengeGone();
    return row;
  }

  /** 429 while the account has too many wrong second-factor answers in the window (under the account's lock). */
  private async assertNotThrottled(manager: EntityManager, userId: string): Promise<void> {
    const [row] = await manager.query<{ failures: number; oldest: Date | null }[]>(
      `SELECT count(*)::int AS failures, min(at) AS oldest FROM audit_event
        WHERE entity_type = 'user' AND entity_id = $1 AND action = 'auth.mfa_failed' AND at > now() - make_interval(secs => $2)`,
      [userId, MFA_THROTTLE.windowSeconds],
    );
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
      );
    }
  }

  private async recordFailure(
    manager: EntityManager,
    challengeId: string | null,
    userId: string,
    ip: string | null,
    method: MfaMethod | 'password',
  ): Promise<HttpException> {
    let attempts = 0;
    if (challengeId) {
      // An UPDATE answers [rows, count].
      [[{ attempts }]] = await manager.query<[{ attempts: number }[], number]>(
        `UPDATE mfa_challenge SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`,
        [challengeId],
      );
    }
    const [user] = await manager.query<{ teamId: string | null }[]>(
      `SELECT team_id AS "teamId" FROM app_user WHERE id = $1`,
      [userId],
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
      : badRequest(method === 'password' ? 'password: wrong password' : 'code: wrong code');
  }

  private async finish(
    manager: EntityManager,
    challengeId: string,
    userId: string,
    via: { ip: string; userAgent: string | null; secondFactor: MfaMethod },
  ): Promise<LoginResponse> {
    await manager.query(`UPDATE mfa_challenge SET used_at = now() WHERE id = $1`, [challengeId]);
    const user = await manager.getRepository(UserEntity).findOneBy({ id: userId, active: true });
    if (!user) throw challengeGone();
    return this.auth.startSession(user, via, manager);
  }

  /** A six-digit code of the user's confirmed secret, not used before; records its step. */
  private async useTotp(manager: EntityManager, userId: string, code: string): Promise<boolean> {
    const [row] = await manager.query<{ secret: string; lastUsedStep: string | null }[]>(
      `SELECT secret, last_used_step AS "lastUsedStep" FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL FOR UPDATE`,
      [userId],
    );
    if (!row) return false;
    const step = await totpStep(
      this.secretOf(row.secret, userId),
      code,
      row.lastUsedStep === null ? null : Number(row.lastUsedStep),
    );
    if (step === null) return false;
    await manager.query(`UPDATE mfa_totp SET last_used_step = $2 WHERE user_id = $1`, [
      userId,
      step,
    ]);
    return true;
  }

  /** An unused recovery code of the user's; used up by this. */
  private async useRecoveryCode(
    manager: EntityManager,
    userId: string,
    code: string,
  ): Promise<boolean> {
    if (!looksLikeRecoveryCode(code)) return false;
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE mfa_recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, recoveryCodeHash(this.key, userId, code)],
    );
    return rows.length === 1;
  }

  private secretOf(stored: string, userId: string): string {
    return this.crypto.decrypt(stored, totpSecretContext(userId))!;
  }

  // ---- the caller's own factors ----

  /** `GET /api/auth/mfa`. */
  async status(actor: Actor): Promise<MfaStatus> {
    const [row] = await this.dataSource.query<{ totp: boolean; recoveryCodesLeft: number }[]>(
      `SELECT EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS totp,
              (SELECT count(*)::int FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL) AS "recoveryCodesLeft"`,
      [actor.id],
    );
    const passkeys = await this.dataSource.query<{ id: string; name: string; createdAt: Date }[]>(
      `SELECT id, name, created_at AS "createdAt" FROM webauthn_credential WHERE user_id = $1 ORDER BY created_at, id`,
      [actor.id],
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
      const [user] = await manager.query<{ email: string }[]>(
        `SELECT email FROM app_user WHERE id = $1`,
        [actor.id],
      );
      const [existing] = await manager.query<{ confirmedAt: Date | null }[]>(
        `SELECT confirmed_at AS "confirmedAt" FROM mfa_totp WHERE user_id = $1 FOR UPDATE`,
        [actor.id],
      );
      if (existing?.confirmedAt)
        throw conflict('totp: an authenticator app is set up already; remove it first');
      const secret = newTotpSecret();
      await manager.query(
        `INSERT INTO mfa_totp (user_id, secret) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), last_used_step = NULL`,
        [actor.id, this.crypto.encrypt(secret, totpSecretContext(actor.id))],
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
      const [row] = await manager.query<{ secret: string; confirmedAt: Date | null }[]>(
        `SELECT secret, confirmed_at AS "confirmedAt" FROM mfa_totp WHERE user_id = $1 FOR UPDATE`,
        [actor.id],
      );
      if (!row) throw conflict('totp: no authenticator app is being set up; start again');
      if (row.confirmedAt) throw conflict('totp: the authenticator app is confirmed already');
      const step = await totpStep(this.secretOf(row.secret, actor.id), code.trim(), null);
      if (step === null)
        throw badRequest('code: wrong code; check the time on your phone and try the current code');
      await manager.query(
        `UPDATE mfa_totp SET confirmed_at = now(), last_used_step = $2 WHERE user_id = $1`,
        [actor.id, step],
      );
      const fresh = await this.replaceRecoveryCodes(manager, actor.id);
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
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
    const codes = newRecoveryCodes();
    await manager.query(
      `INSERT INTO mfa_recovery_code (user_id, code_hash) SELECT $1, unnest($2::text[])`,
      [userId, codes.map((code) => recoveryCodeHash(this.key, userId, code))],
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
      async (manager): Promise<HttpException | null> => {
        await manager.query(
          `SELECT pg_advisory_xact_lock(hashtextextended('haven:mfa:' || $1, 0))`,
          [actor.id],
        );
        const [factors] = await manager.query<{ totp: boolean; passkeys: number }[]>(
          `SELECT EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS totp,
                (SELECT count(*)::int FROM webauthn_credential WHERE user_id = $1) AS passkeys`,
          [actor.id],
        );
        if (!factors.totp) throw conflict('totp: no authenticator app is set up');
        if (factors.passkeys === 0 && this.auth.mfaRequiredFor(actor.role)) {
          throw conflict(
            'totp: your role must keep a second factor; add a passkey before removing the authenticator app',
          );
        }
        await this.assertNotThrottled(manager, actor.id);
        const method: MfaMethod = /^\s*\d{6}\s*$/.test(code) ? 'totp' : 'recovery';
        const codeOk =
          method === 'totp'
            ? await this.useTotp(manager, actor.id, code.trim())
            : await this.useRecoveryCode(manager, actor.id, code);
        if (!codeOk) return this.recordFailure(manager, null, actor.id, actor.ip, method);
        const [user] = await manager.query<{ passwordHash: string }[]>(
          `SELECT password_hash AS "passwordHash" FROM app_user WHERE id = $1`,
          [actor.id],
        );
        if (!(await verifyPassword(user.passwordHash, password)))
          return this.recordFailure(manager, null, actor.id, actor.ip, 'password');
        await manager.query(`DELETE FROM mfa_totp WHERE user_id = $1`, [actor.id]);
        if (factors.passkeys === 0)
          await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [actor.id]);
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
