import { createHmac } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResponse, Role } from '@haven/shared';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { TooManyRequestsException } from '../common/errors.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { AuditService } from '../audit/audit.service.js';
import { UserEntity } from '../users/user.entity.js';
import { toUserResponse } from '../users/user.mapper.js';
import { hashPassword, verifyPassword } from './password.js';
import { queryPrepared } from '../database/prepared.js';
import { SessionCache } from './session-cache.js';
import { transaction } from '../database/transaction.js';

/** Failed logins tolerated per window before the account or address must wait. */
export const THROTTLE = { windowSeconds: 15 * 60, perAccount: 5, perIp: 30 } as const;

export interface TokenPayload {
  sub: string;
  sid: string;
}

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly dummyHash: Promise<string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {
    this.dummyHash = hashPassword('not-a-real-password-' + Math.random());
  }

  private emailKey(email: string): string {
    return createHmac('sha256', this.config.secret).update(email.trim().toLowerCase()).digest('hex');
  }

  /** Refuses with 429 while the account or the address has too many recent failures. */
  private async checkThrottle(emailHash: string, ip: string): Promise<void> {
    const [row] = await this.dataSource.query<{ account_failures: number; account_oldest: Date | null; ip_failures: number; ip_oldest: Date | null }[]>(
      `SELECT
         count(*) FILTER (WHERE email_hash = $1)::int AS account_failures,
         min(at) FILTER (WHERE email_hash = $1) AS account_oldest,
         count(*) FILTER (WHERE ip = $2)::int AS ip_failures,
         min(at) FILTER (WHERE ip = $2) AS ip_oldest
       FROM login_failure
       WHERE (email_hash = $1 OR ip = $2) AND at > now() - make_interval(secs => $3)`,
      [emailHash, ip, THROTTLE.windowSeconds],
    );
    const waitFrom = (oldest: Date | null) =>
      Math.max(1, Math.ceil(((oldest?.getTime() ?? Date.now()) + THROTTLE.windowSeconds * 1000 - Date.now()) / 1000));
    if (row.account_failures >= THROTTLE.perAccount) {
      throw new TooManyRequestsException(
        'Too many failed logins for this account; try again later',
        waitFrom(row.account_oldest),
      );
    }
    if (row.ip_failures >= THROTTLE.perIp) {
      throw new TooManyRequestsException('Too many failed logins from this address; try again later', waitFrom(row.ip_oldest));
    }
  }

  /** passport-local's check: the same 401 for an unknown email, a wrong password or a deactivated account. */
  async validateCredentials(email: string, password: string, ip: string): Promise<UserEntity> {
    const emailHash = this.emailKey(email);
    await this.checkThrottle(emailHash, ip);
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok || !user.active) {
      await transaction(this.dataSource, async (manager) => {
        await manager.query('INSERT INTO login_failure (email_hash, ip) VALUES ($1, $2)', [emailHash, ip]);
        // Keep the table small: failures older than a day no longer matter.
        await manager.query(`DELETE FROM login_failure WHERE at < now() - interval '1 day'`);
        await this.audit.record(manager, { id: user?.id ?? null, ip }, {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          teamId: user?.teamId ?? null,
          summary: user ? 'failed login' : 'failed login for an unknown account',
        });
      });
      throw new UnauthorizedException('Wrong email or password');
    }
    return user;
  }

  /** Opens a server-side session and signs a token that names it. */
  async login(user: UserEntity, ip: string): Promise<LoginResponse> {
    const expiresAt = new Date(Date.now() + this.config.sessionMaxSeconds * 1000);
    const sessionId = await transaction(this.dataSource, async (manager) => {
      const [session] = await manager.query<{ id: string }[]>(
        `INSERT INTO user_session (user_id, last_seen_at, expires_at) VALUES ($1, now(), $2) RETURNING id`,
        [user.id, expiresAt],
      );
      await manager.query('DELETE FROM login_failure WHERE email_hash = $1', [this.emailKey(user.email)]);
      await this.audit.record(manager, { id: user.id, ip }, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        teamId: user.teamId,
        summary: 'login',
      });
      return session.id;
    });
    const payload: TokenPayload = { sub: user.id, sid: sessionId };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.sessionMaxSeconds });
    return {
      accessToken,
      expiresAt: expiresAt.toISOString(),
      idleTimeoutSeconds: this.config.sessionIdleSeconds,
      user: toUserResponse(user),
    };
  }

  /**
   * Checks the session named by a valid token, in one statement: it must be open, within its
   * absolute lifetime and idle timeout, and its user active. Touches `last_seen_at` at most every
   * 15 seconds, so reads stay cheap.
   */
  async resolveSession(payload: TokenPayload, ip: string | null): Promise<Actor> {
    // Remembered for a few seconds, and forgotten the moment the session or its user changes.
    const known = this.sessions.get(payload.sid, payload.sub);
    if (known) return { id: known.userId, role: known.role, teamId: known.teamId, sessionId: payload.sid, ip };
    const ticket = this.sessions.ticket();
    // Every request not answered from memory runs this: prepared once per connection.
    const rows = await queryPrepared<{ user_id: string; role: Role; team_id: string | null; expires_ms: number }>(
      this.dataSource,
      `WITH s AS (
         SELECT s.id, s.last_seen_at, (extract(epoch FROM s.expires_at) * 1000)::float8 AS expires_ms, u.id AS user_id, u.role, u.team_id
           FROM user_session s JOIN app_user u ON u.id = s.user_id
          WHERE s.id = $1 AND s.user_id = $2 AND s.ended_at IS NULL AND s.expires_at > now()
            AND s.last_seen_at > now() - make_interval(secs => $3) AND u.active
       ), touched AS (
         UPDATE user_session SET last_seen_at = now()
          WHERE id IN (SELECT id FROM s WHERE last_seen_at < now() - interval '15 seconds')
       )
       SELECT user_id, role, team_id, expires_ms FROM s`,
      [payload.sid, payload.sub, this.config.sessionIdleSeconds],
    );
    const row = rows[0];
    if (!row) throw new UnauthorizedException('Your session has ended; please sign in again');
    this.sessions.remember(payload.sid, { userId: row.user_id, role: row.role, teamId: row.team_id, expiresAt: row.expires_ms }, ticket);
    return { id: row.user_id, role: row.role, teamId: row.team_id, sessionId: payload.sid, ip };
  }

  async logout(actor: Actor): Promise<void> {
    await transaction(this.dataSource, async (manager) => {
      await manager.query(
        `UPDATE user_session SET ended_at = now(), end_reason = 'logout' WHERE id = $1 AND ended_at IS NULL`,
        [actor.sessionId],
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
}
