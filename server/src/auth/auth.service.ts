import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  LoginResponse,
  LoginResult,
  MfaMethod,
  Role,
  SessionResponse,
  SessionRestriction,
} from '@haven/shared';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { accountColumns, toUserResponse, type Account } from '../users/user.mapper.js';
import { hashPassword, verifyPassword } from './password.js';
import { db, exec, first } from '../database/sql.js';
import { SessionCache } from './session-cache.js';
import { LoginThrottle } from './login-throttle.js';
import { transaction } from '../database/transaction.js';
import { endOwnSession, endSessions, listOpenSessions, openSession } from './sessions.js';
import { createChallenge, liftPasswordChange, secondFactorMethods } from './mfa/factors.js';
import { assertPasswordPolicy, passwordRejected } from './password-policy.js';
import { notFound, unauthorized } from '../common/errors.js';

export { THROTTLE } from './login-throttle.js';

export interface TokenPayload {
  sub: string;
  sid: string;
}

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly dummyHash: Promise<string>;
  private readonly throttle: LoginThrottle;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {
    this.dummyHash = hashPassword('not-a-real-password-' + Math.random());
    this.throttle = new LoginThrottle(dataSource, config.secret);
  }

  /** passport-local's check: the same 401 for an unknown email, a wrong password or a deactivated account. */
  async validateCredentials(email: string, password: string, ip: string): Promise<Account> {
    const keys = this.throttle.passwordKeys(email, ip);
    // Counted before the password is checked: of simultaneous guesses only those the count allows get here.
    await this.throttle.admit(keys);
    const user = await first(
      this.dataSource,
      db
        .selectFrom('app_user as u')
        .select([...accountColumns, 'u.password_hash as passwordHash'])
        .where('u.email', '=', email.trim().toLowerCase()),
    );
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok || !user.active) {
      await transaction(this.dataSource, async (manager) => {
        await this.throttle.failed(manager, keys);
        await this.audit.record(
          manager,
          { id: user?.id ?? null, ip },
          {
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user?.id ?? null,
            teamId: user?.teamId ?? null,
            summary: user ? 'failed login' : 'failed login for an unknown account',
          },
        );
      });
      throw unauthorized('Wrong email or password', 'auth.invalid_credentials');
    }
    await this.throttle.succeeded(keys);
    // The hash goes no further than this check.
    const { passwordHash: _checked, ...account } = user;
    return account;
  }

  /**
   * What a right password opens. An account with a confirmed second factor gets a challenge to answer
   * with it (`POST /api/auth/mfa/verify`, or a passkey), and no token yet. Otherwise a session, which
   * `startSession` restricts while something must be done first.
   */
  async login(user: Account, ip: string, userAgent: string | null = null): Promise<LoginResult> {
    const methods = await secondFactorMethods(this.dataSource.manager, user.id);
    if (methods.length === 0) return this.startSession(user, { ip, userAgent, secondFactor: null });
    const challenge = await transaction(this.dataSource, async (manager) => {
      const id = await createChallenge(manager, user.id, ip);
      await this.audit.record(
        manager,
        { id: user.id, ip },
        {
          action: 'auth.mfa_challenge',
          entityType: 'user',
          entityId: user.id,
          teamId: user.teamId,
          summary: 'password accepted; second factor asked',
        },
      );
      return id;
    });
    return { mfaRequired: true, challenge, methods };
  }

  /** Whether the role must have a second factor (`HAVEN_MFA_REQUIRED_ROLES`). */
  mfaRequiredFor(role: Role): boolean {
    return (this.config.mfaRequiredRoles ?? []).includes(role);
  }

  /**
   * What a new session may do at first: an admin-set password is changed before anything else; then a
   * role that must have a second factor, signed in without one, may only enrol one.
   */
  restrictionFor(
    user: Pick<Account, 'role' | 'passwordChangeRequired'>,
    secondFactor: MfaMethod | null,
  ): SessionRestriction | null {
    if (user.passwordChangeRequired) return 'password_change';
    if (secondFactor === null && this.mfaRequiredFor(user.role)) return 'mfa_enrollment';
    return null;
  }

  /**
   * Opens a server-side session and signs a token that names it; in the caller's transaction when
   * given one (a challenge answered in it). `secondFactor`: how the sign-in's second step was passed
   * (null: there was none, the user has no factor).
   */
  async startSession(
    user: Account,
    via: { ip: string | null; userAgent: string | null; secondFactor: MfaMethod | null },
    inTransaction?: EntityManager,
  ): Promise<LoginResponse> {
    const expiresAt = new Date(Date.now() + this.config.sessionMaxSeconds * 1000);
    const restriction = this.restrictionFor(user, via.secondFactor);
    const open = async (manager: EntityManager) => {
      const session = await openSession(manager, {
        userId: user.id,
        expiresAt,
        ip: via.ip,
        userAgent: via.userAgent,
        restriction,
      });
      await this.audit.record(
        manager,
        { id: user.id, ip: via.ip },
        {
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
          teamId: user.teamId,
          summary: restriction ? `login (restricted: ${restriction})` : 'login',
          details:
            via.secondFactor || restriction
              ? { secondFactor: via.secondFactor, restriction }
              : null,
        },
      );
      return session;
    };
    const sessionId = inTransaction
      ? await open(inTransaction)
      : await transaction(this.dataSource, open);
    const payload: TokenPayload = { sub: user.id, sid: sessionId };
    const accessToken = await this.jwt.signAsync(payload, {
      expiresIn: this.config.sessionMaxSeconds,
    });
    return {
      accessToken,
      expiresAt: expiresAt.toISOString(),
      idleTimeoutSeconds: this.config.sessionIdleSeconds,
      user: toUserResponse(user),
      ...(restriction === 'password_change' ? { passwordChangeRequired: true as const } : {}),
      ...(restriction === 'mfa_enrollment' ? { mfaEnrollmentRequired: true as const } : {}),
    };
  }

  /**
   * Checks the session named by a valid token, in one statement: it must be open, within its
   * absolute lifetime and idle timeout, and its user active. Touches `last_seen_at` at most every
   * 15 seconds, so reads stay cheap. The actor carries the session's restriction (guards.ts).
   */
  async resolveSession(payload: TokenPayload, ip: string | null): Promise<Actor> {
    // Remembered for a few seconds, and forgotten the moment the session or its user changes.
    const known = this.sessions.get(payload.sid, payload.sub);
    if (known)
      return {
        id: known.userId,
        role: known.role,
        teamId: known.teamId,
        sessionId: payload.sid,
        ip,
        restriction: known.restriction,
      };
    const ticket = this.sessions.ticket();
    const row = await first(
      this.dataSource,
      db
        .with('s', (q) =>
          q
            .selectFrom('user_session as s')
            .innerJoin('app_user as u', 'u.id', 's.user_id')
            .select((eb) => [
              's.id',
              's.last_seen_at',
              sql<number>`(extract(epoch FROM s.expires_at) * 1000)::float8`.as('expires_ms'),
              'u.id as user_id',
              'u.role',
              'u.team_id',
              eb.ref('s.restriction').$castTo<SessionRestriction | null>().as('restriction'),
            ])
            .where('s.id', '=', payload.sid)
            .where('s.user_id', '=', payload.sub)
            .where('s.ended_at', 'is', null)
            .where('s.expires_at', '>', sql<Date>`now()`)
            .where(
              's.last_seen_at',
              '>',
              sql<Date>`now() - make_interval(secs => ${this.config.sessionIdleSeconds})`,
            )
            .where((eb) => eb.ref('u.active')),
        )
        .with('touched', (q) =>
          q
            .updateTable('user_session')
            .set({ last_seen_at: sql<Date>`now()` })
            .where('id', 'in', (eb) =>
              eb
                .selectFrom('s')
                .select('s.id')
                .where('s.last_seen_at', '<', sql<Date>`now() - interval '15 seconds'`),
            ),
        )
        .selectFrom('s')
        .select(['user_id', 'role', 'team_id', 'expires_ms', 'restriction']),
      // Every request not answered from memory runs this: a fixed text, named from the reserved share.
      { core: true },
    );
    if (!row)
      throw unauthorized('Your session has ended; please sign in again', 'auth.session_ended');
    this.sessions.remember(
      payload.sid,
      {
        userId: row.user_id,
        role: row.role,
        teamId: row.team_id,
        expiresAt: row.expires_ms,
        restriction: row.restriction,
      },
      ticket,
    );
    return {
      id: row.user_id,
      role: row.role,
      teamId: row.team_id,
      sessionId: payload.sid,
      ip,
      restriction: row.restriction,
    };
  }

  async logout(actor: Actor): Promise<void> {
    await transaction(this.dataSource, async (manager) => {
      await exec(
        manager,
        db
          .updateTable('user_session')
          .set({ ended_at: sql<Date>`now()`, end_reason: 'logout' })
          .where('id', '=', actor.sessionId)
          .where('ended_at', 'is', null),
      );
      await this.audit.record(manager, actor, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: actor.id,
        teamId: actor.teamId,
        summary: 'logout',
      });
    });
    // Committed: no remembered check of this session survives (other instances hear it from the database).
    this.sessions.forget(actor.sessionId);
  }

  /**
   * The user's own password change. The current password is a throttled guess like a sign-in (a
   * stolen session must not become a faster way to guess it). Ends every other session of the user,
   * keeps this one and lifts its `password_change` restriction; clears "must change password".
   */
  async changePassword(
    actor: Actor,
    dto: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    const user = (await first(
      this.dataSource,
      db
        .selectFrom('app_user as u')
        .select([
          'u.email',
          'u.full_name as fullName',
          'u.team_id as teamId',
          'u.password_hash as passwordHash',
        ])
        .where('u.id', '=', actor.id),
    ))!;
    assertPasswordPolicy('newPassword', dto.newPassword, user.email, [user.fullName]);
    const keys = this.throttle.passwordKeys(user.email, actor.ip ?? 'unknown');
    await this.throttle.admit(keys);
    if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
      await transaction(this.dataSource, async (manager) => {
        await this.throttle.failed(manager, keys);
        await this.audit.record(manager, actor, {
          action: 'auth.password_change_failed',
          entityType: 'user',
          entityId: actor.id,
          teamId: user.teamId,
          summary: 'password change refused: wrong current password',
        });
      });
      throw passwordRejected('currentPassword', 'password.wrong_current');
    }
    await this.throttle.succeeded(keys);
    if (dto.newPassword === dto.currentPassword)
      throw passwordRejected('newPassword', 'password.unchanged');
    const passwordHash = await hashPassword(dto.newPassword);
    await transaction(this.dataSource, async (manager) => {
      await exec(
        manager,
        db
          .updateTable('app_user')
          .set((eb) => ({
            password_hash: passwordHash,
            password_change_required: false,
            updated_at: sql<Date>`now()`,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', actor.id),
      );
      await endSessions(manager, actor.id, 'password_changed', actor.sessionId);
      await liftPasswordChange(manager, actor.sessionId, actor.id, this.mfaRequiredFor(actor.role));
      await this.audit.record(manager, actor, {
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: actor.id,
        teamId: user.teamId,
        summary: 'changed own password; other sessions ended',
      });
    });
    // Committed: neither the ended sessions nor this one's old restriction is answered from memory.
    this.sessions.forgetUser(actor.id);
  }

  /** The caller's open sessions, this one marked. */
  async listSessions(actor: Actor): Promise<{ data: SessionResponse[] }> {
    return {
      data: await listOpenSessions(
        this.dataSource.manager,
        actor.id,
        actor.sessionId,
        this.config.sessionIdleSeconds,
      ),
    };
  }

  /** Ends one of the caller's own open sessions (this one too: then it is a logout); anyone else's is a 404. */
  async revokeSession(actor: Actor, sessionId: string): Promise<void> {
    const current = sessionId === actor.sessionId;
    await transaction(this.dataSource, async (manager) => {
      if (!(await endOwnSession(manager, actor.id, sessionId, current ? 'logout' : 'revoked')))
        throw notFound('session');
      await this.audit.record(manager, actor, {
        action: 'auth.session_revoked',
        entityType: 'user',
        entityId: actor.id,
        teamId: actor.teamId,
        summary: current ? 'ended own current session' : 'ended own session elsewhere',
        details: { sessionId },
      });
    });
    this.sessions.forget(sessionId);
  }
}
