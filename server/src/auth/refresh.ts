import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResponse, SessionRestriction } from '@haven/shared';
import type { FastifyReply } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import { sql } from 'kysely';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { subkey } from '../config/subkeys.js';
import { db, exec, first } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { accountColumns, toUserResponse } from '../users/user.mapper.js';
import type { TokenPayload } from './auth.service.js';
import { SessionCache } from './session-cache.js';

interface SerializeOptions {
  maxAge?: number;
  expires?: Date;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'strict' | 'lax';
}
// The `cookie` package Express's res.cookie uses (no types of its own here).
const { serialize } = createRequire(import.meta.url)('cookie') as {
  serialize: (name: string, value: string, options: SerializeOptions) => string;
};

/** Express's `res.cookie` on a Fastify reply: maxAge in ms gives Expires and Max-Age (s), path '/' by default. */
function appendCookie(
  response: FastifyReply,
  name: string,
  value: string,
  options: Omit<SerializeOptions, 'maxAge'> & { maxAge?: number },
): void {
  const { maxAge, ...rest } = options;
  const attributes: SerializeOptions = { path: '/', ...rest };
  if (maxAge !== undefined) {
    attributes.expires = new Date(Date.now() + maxAge);
    attributes.maxAge = Math.floor(maxAge / 1000);
  }
  // Fastify appends a second Set-Cookie rather than replacing the first.
  void response.header('Set-Cookie', serialize(name, value, attributes));
}

/**
 * Staying signed in across reloads without a token in `localStorage`. Every full sign-in hands the
 * browser an HttpOnly, SameSite=Strict cookie, sent only to `POST /api/auth/refresh`, holding a
 * refresh secret bound to the server-side session; the session keeps only its SHA-256. The client
 * keeps its access token in memory and asks the refresh route for a new one (same session) on start.
 *
 * The secret is `<session id>.<generation>.<mac>`, the MAC under a subkey of its own (kept outside
 * the database, like the token-signing key: a database dump holds only the hash and gives no working
 * cookie). The MAC proves the server issued it, so an old generation presented again is certainly a
 * copy of a secret this session handed out — someone else holds it — and ends the session; a forged
 * one is only a 401, so knowing a session id is not enough to end it. Each refresh rotates the secret
 * to the next generation. The previous one is still accepted for a few seconds, answered with the
 * current cookie (the same value for every such answer, so racing answers agree whatever order the
 * browser stores them in): tabs reloading at once, or an answer lost to a reload, do not end the session.
 */

export const REFRESH_COOKIE = 'haven_session';
/**
 * A hint beside the refresh cookie, readable by the page and holding nothing secret ("1"), living and
 * dying with it: a page opened with no hint shows the sign-in form at once instead of first asking
 * the refresh route (a round trip, 0.56 s on a slow mobile link) whether a session goes on.
 */
export const SIGNED_IN_HINT_COOKIE = 'haven_signed_in';
export const REFRESH_PATH = '/api/auth/refresh';
/** The header a refresh must carry: a cross-site form cannot set one, and a cross-site fetch with one needs CORS, which Haven never grants. */
export const REFRESH_HEADER = 'x-haven-refresh';
/** How long after a rotation the previous secret still refreshes (tabs reloading at the same moment). */
export const REFRESH_GRACE_SECONDS = 10;

interface ParsedSecret {
  sessionId: string;
  generation: number;
}

type RefreshOutcome =
  | { ok: true; response: LoginResponse; cookie: { value: string; maxAgeMs: number } }
  | { ok: false };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The value of one cookie in a Cookie header; every value by that name (a browser may send several paths' alike). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    values.push(part.slice(eq + 1).trim());
  }
  return values;
}

@Injectable()
export class RefreshService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {
    this.key = subkey(config.secret, 'session-refresh');
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private secretFor(sessionId: string, generation: number): string {
    const body = `${sessionId}.${generation}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The secret's parts when the MAC proves this server issued it; null for anything else. */
  parse(value: string): ParsedSecret | null {
    const parts = value.split('.');
    if (parts.length !== 3) return null;
    const [sessionId, generation, mac] = parts;
    if (!UUID.test(sessionId) || !/^\d{1,9}$/.test(generation)) return null;
    const expected = Buffer.from(this.mac(`${sessionId}.${generation}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { sessionId, generation: Number(generation) };
  }

  /** The cookie's attributes: sent only to the refresh route, never readable by scripts, never cross-site. */
  private cookieOptions(maxAgeMs?: number) {
    return {
      httpOnly: true,
      sameSite: 'strict' as const,
      secure: this.config.publicUrl.startsWith('https:'),
      path: REFRESH_PATH,
      ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
    };
  }

  setCookie(response: FastifyReply, value: string, maxAgeMs: number): void {
    appendCookie(response, REFRESH_COOKIE, value, this.cookieOptions(Math.max(0, maxAgeMs)));
    appendCookie(response, SIGNED_IN_HINT_COOKIE, '1', this.hintOptions(Math.max(0, maxAgeMs)));
  }

  clearCookie(response: FastifyReply): void {
    // As Express's clearCookie: expired at the epoch, no Max-Age.
    appendCookie(response, REFRESH_COOKIE, '', { ...this.cookieOptions(), expires: new Date(1) });
    appendCookie(response, SIGNED_IN_HINT_COOKIE, '', {
      ...this.hintOptions(),
      expires: new Date(1),
    });
  }

  /**
   * The hint's attributes: the page reads it (no HttpOnly), on every path. `Lax`, unlike the
   * refresh cookie: it holds nothing, and a link followed from another site (mail, chat) must still
   * get the app rather than the sign-in page (signInPage) — a Strict cookie is not sent then.
   */
  private hintOptions(maxAgeMs?: number) {
    return {
      sameSite: 'lax' as const,
      secure: this.config.publicUrl.startsWith('https:'),
      path: '/',
      ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
    };
  }

  /**
   * After a full sign-in: binds a first refresh secret to the session the token names and sets the
   * cookie, living as long as the session may.
   */
  async issue(response: FastifyReply, login: LoginResponse): Promise<void> {
    const payload = await this.jwt.verifyAsync<TokenPayload>(login.accessToken);
    const secret = this.secretFor(payload.sid, 0);
    await exec(
      this.dataSource,
      db
        .updateTable('user_session')
        .set({ refresh_hash: sha256(secret), refresh_generation: 0, refresh_rotated_at: null })
        .where('id', '=', payload.sid)
        .where('ended_at', 'is', null),
    );
    this.setCookie(response, secret, Date.parse(login.expiresAt) - Date.now());
  }

  /**
   * A new access token for the session the cookie names (the same session, its restriction kept), if
   * it is open, within its lifetime and idle timeout, and its user active. Rotates the secret; the
   * previous one within the grace period gets a token and the current secret; an older one ends the session.
   */
  async refresh(cookieHeader: string | undefined, ip: string | null): Promise<RefreshOutcome> {
    const secret = cookieValues(cookieHeader, REFRESH_COOKIE)
      .map((value) => this.parse(value))
      .find((parsed) => parsed !== null);
    if (!secret) return { ok: false };
    const outcome = await transaction(this.dataSource, async (manager) => {
      // Locked: two tabs refreshing at once are answered one after the other, each seeing the other's rotation.
      const row = await first(
        manager,
        db
          .selectFrom('user_session as s')
          .innerJoin('app_user as u', 'u.id', 's.user_id')
          .select((eb) => [
            's.user_id',
            'u.team_id',
            's.refresh_hash',
            's.refresh_generation',
            's.expires_at',
            eb.ref('s.restriction').$castTo<SessionRestriction | null>().as('restriction'),
            sql<boolean>`coalesce(s.refresh_rotated_at > now() - make_interval(secs => ${REFRESH_GRACE_SECONDS}), false)`.as(
              'in_grace',
            ),
            sql<boolean>`(s.ended_at IS NULL AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => ${this.config.sessionIdleSeconds}) AND u.active)`.as(
              'usable',
            ),
          ])
          .where('s.id', '=', secret.sessionId)
          .forUpdate('s'),
      );
      if (!row || !row.usable || row.refresh_hash === null) return { kind: 'refused' as const };
      const current = this.secretFor(secret.sessionId, row.refresh_generation);
      // The stored hash binds the secret to a sign-in that handed one out (NULL: none did).
      if (sha256(current) !== row.refresh_hash) return { kind: 'refused' as const };
      if (secret.generation === row.refresh_generation) {
        const next = this.secretFor(secret.sessionId, row.refresh_generation + 1);
        await exec(
          manager,
          db
            .updateTable('user_session')
            .set((eb) => ({
              refresh_hash: sha256(next),
              refresh_generation: eb('refresh_generation', '+', 1),
              refresh_rotated_at: sql<Date>`now()`,
              last_seen_at: sql<Date>`now()`,
            }))
            .where('id', '=', secret.sessionId),
        );
        return {
          kind: 'ok' as const,
          userId: row.user_id,
          expiresAt: row.expires_at,
          restriction: row.restriction,
          cookie: next,
        };
      }
      if (secret.generation === row.refresh_generation - 1 && row.in_grace) {
        return {
          kind: 'ok' as const,
          userId: row.user_id,
          expiresAt: row.expires_at,
          restriction: row.restriction,
          cookie: current,
        };
      }
      if (secret.generation < row.refresh_generation) {
        // A secret this session handed out and has since replaced: a copy is in someone else's hands.
        await exec(
          manager,
          db
            .updateTable('user_session')
            .set({ ended_at: sql<Date>`now()`, end_reason: 'refresh_reused' })
            .where('id', '=', secret.sessionId),
        );
        await this.audit.record(
          manager,
          { id: row.user_id, ip },
          {
            action: 'auth.session_revoked',
            entityType: 'user',
            entityId: row.user_id,
            teamId: row.team_id,
            summary: 'session ended: a replaced refresh secret was presented again',
            details: { sessionId: secret.sessionId },
          },
        );
        return { kind: 'reused' as const };
      }
      return { kind: 'refused' as const };
    });
    if (outcome.kind === 'reused') this.sessions.forget(secret.sessionId);
    if (outcome.kind !== 'ok') return { ok: false };

    const user = await first(
      this.dataSource,
      db.selectFrom('app_user as u').select(accountColumns).where('u.id', '=', outcome.userId),
    );
    if (!user) return { ok: false };
    const remainingMs = outcome.expiresAt.getTime() - Date.now();
    const payload: TokenPayload = { sub: user.id, sid: secret.sessionId };
    const accessToken = await this.jwt.signAsync(payload, {
      expiresIn: Math.max(1, Math.floor(remainingMs / 1000)),
    });
    return {
      ok: true,
      response: {
        accessToken,
        expiresAt: outcome.expiresAt.toISOString(),
        idleTimeoutSeconds: this.config.sessionIdleSeconds,
        user: toUserResponse(user),
        ...(outcome.restriction === 'password_change'
          ? { passwordChangeRequired: true as const }
          : {}),
        ...(outcome.restriction === 'mfa_enrollment'
          ? { mfaEnrollmentRequired: true as const }
          : {}),
      },
      cookie: { value: outcome.cookie, maxAgeMs: remainingMs },
    };
  }
}

/**
 * On the routes that complete a sign-in (password, TOTP or recovery code, passkey): when the answer
 * carries a token, the browser also gets the refresh cookie. An MFA challenge (no token) gets none.
 */
@Injectable()
export class RefreshCookieInterceptor implements NestInterceptor {
  constructor(private readonly refresh: RefreshService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          (async () => {
            if (
              result &&
              typeof result === 'object' &&
              typeof (result as Partial<LoginResponse>).accessToken === 'string'
            ) {
              await this.refresh.issue(response, result as LoginResponse);
            }
            return result;
          })(),
        ),
      ),
    );
  }
}
