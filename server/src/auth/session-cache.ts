import { randomUUID } from 'node:crypto';
import {
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role, SessionRestriction } from '@haven/shared';
import { sql } from 'kysely';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { poolOf } from '../database/pool.js';
import { db, exec } from '../database/sql.js';

/** What a session check found: its user as the request's actor, and when the session ends at the latest. */
export interface CheckedSession {
  userId: string;
  role: Role;
  teamId: string | null;
  /** The session's absolute end (ms since the epoch). */
  expiresAt: number;
  /** What the session waits for before it opens more than `/api/auth/*`; a change to it is announced like an ending. */
  restriction: SessionRestriction | null;
}

interface Entry extends CheckedSession {
  /** When the check that found it began (monotonic clock). */
  checkedAt: number;
}

/** A check in flight: what it may be remembered under. */
export interface CheckTicket {
  epoch: number;
  at: number;
}

/** A monotonic clock (ms): ages and health must not move with the wall clock (NTP steps). */
const now = () => performance.now();

const CHANNEL = 'haven_session';
/** At most this many sessions remembered; past it the oldest are forgotten (they are checked again). */
const MAX_ENTRIES = 10_000;

/**
 * Every authenticated request checks its session in the database (open, within its lifetime and
 * idle timeout, its user active): a round trip that was ~15 % of a list request's cost. This
 * remembers a successful check for at most `HAVEN_SESSION_CACHE_SECONDS` (10 by default; 0 turns it
 * off), and forgets it the moment the session or its user changes:
 * - in this process at once: logout, and the account changes that end a user's sessions;
 * - from any process or tool: the database announces every change that can make a session stop
 *   working on the `haven_session` channel, at commit (migration SessionNotifications), and this
 *   instance listens on a connection of its own.
 * Nothing is remembered unless the listening connection is known to work: a ping sent through the
 * main pool must have come back on it within the cache's lifetime. If the connection drops,
 * everything is forgotten and every request is checked in the database until it is back; if it
 * silently stops hearing (a pooler in transaction mode, a half-open socket), its pings stop coming
 * back and remembering stops within one lifetime. A check begun before a change is never
 * remembered after it (the epoch). So a revocation made elsewhere is seen as soon as its
 * notification arrives (milliseconds), and never later than one lifetime.
 */
@Injectable()
export class SessionCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly pingEveryMs: number;
  private epoch = 0;
  private listener: pg.Client | null = null;
  private connecting = false;
  private stopped = false;
  private pingTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private awaited: { nonce: string; sentAt: number } | null = null;
  /** When the last ping that came back on the current connection was sent (0: none yet). */
  private heardAt = 0;
  /** When the current connection started listening. */
  private listeningSince = 0;
  /** Checks answered from memory (for tests and diagnostics). */
  hits = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HAVEN_CONFIG) config: HavenConfig,
  ) {
    this.ttlMs = config.sessionCacheSeconds * 1000;
    this.pingEveryMs = Math.max(250, Math.floor(this.ttlMs / 3));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.ttlMs > 0) await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    this.forgetAll();
    await listener?.end().catch(() => undefined);
  }

  /** Whether checks may be remembered now: the listening connection heard its own ping lately. */
  get healthy(): boolean {
    return this.listener !== null && this.heardAt > 0 && now() - this.heardAt < this.ttlMs;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A remembered check of this session for this user, still young enough to use. */
  get(sessionId: string, userId: string): CheckedSession | null {
    if (!this.healthy) return null;
    const entry = this.entries.get(sessionId);
    if (
      !entry ||
      entry.userId !== userId ||
      now() - entry.checkedAt >= this.ttlMs ||
      Date.now() >= entry.expiresAt
    )
      return null;
    this.hits++;
    return entry;
  }

  /** Taken before a check in the database; `remember` keeps its answer only if nothing changed since. */
  ticket(): CheckTicket {
    return { epoch: this.epoch, at: now() };
  }

  remember(sessionId: string, session: CheckedSession, ticket: CheckTicket): void {
    if (ticket.epoch !== this.epoch || !this.healthy) return;
    if (this.entries.size >= MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(sessionId, { ...session, checkedAt: ticket.at });
  }

  forget(sessionId: string): void {
    this.epoch++;
    this.entries.delete(sessionId);
  }

  forgetUser(userId: string): void {
    this.epoch++;
    for (const [sessionId, entry] of this.entries)
      if (entry.userId === userId) this.entries.delete(sessionId);
  }

  private forgetAll(): void {
    this.epoch++;
    this.entries.clear();
  }

  private heard(payload: string | undefined): void {
    if (payload?.startsWith('ping:')) {
      if (this.awaited && payload.slice(5) === this.awaited.nonce)
        this.heardAt = this.awaited.sentAt;
    } else if (payload?.startsWith('s:')) this.forget(payload.slice(2));
    else if (payload?.startsWith('u:')) this.forgetUser(payload.slice(2));
    else this.forgetAll();
  }

  /** Opens the listening connection (the main pool's settings, a connection of its own). */
  private async listen(): Promise<void> {
    if (this.stopped || this.connecting || this.listener) return;
    this.connecting = true;
    const main = poolOf(this.dataSource);
    // pg-pool keeps the password non-enumerable: a spread would drop it.
    const client = new pg.Client({
      ...main.options,
      password: main.options.password,
      keepAlive: true,
    });
    client.on('notification', (message) => this.heard(message.payload));
    client.on('error', (error) => {
      logger().warn({ err: error.message }, 'session notifications: connection failed');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      // A connection of its own, outside the pool: the statement goes to it as compiled text
      // (LISTEN takes no parameter; the channel is a fixed identifier).
      // eslint-disable-next-line no-restricted-syntax -- a listening connection cannot sit on the pool
      await client.query(sql`LISTEN ${sql.raw(CHANNEL)}`.compile(db).sql);
      if (this.stopped) {
        await client.end();
        return;
      }
      // Whatever changed while nobody listened went unheard: no check begun before now is
      // remembered, and nothing is until a ping has come back on this connection.
      this.forgetAll();
      this.heardAt = 0;
      this.awaited = null;
      this.listeningSince = now();
      this.listener = client;
      this.pingTimer ??= setInterval(() => void this.ping(), this.pingEveryMs);
      this.pingTimer.unref();
      await this.ping();
    } catch (error) {
      logger().warn(
        { err: String(error) },
        'session notifications: could not listen; sessions are checked on every request',
      );
      await client.end().catch(() => undefined);
      this.retry();
    } finally {
      this.connecting = false;
    }
  }

  private lost(client: pg.Client): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.heardAt = 0;
    this.awaited = null;
    this.forgetAll();
    void client.end().catch(() => undefined);
    if (!this.stopped)
      logger().warn(
        'session notifications: connection lost; sessions are checked on every request until it is back',
      );
    this.retry();
  }

  private retry(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen();
    }, 1000);
    this.reconnectTimer.unref();
  }

  /** Sends a ping through the main pool; `heard` marks the listener healthy when it comes back. */
  private async ping(): Promise<void> {
    const listener = this.listener;
    if (!listener || this.stopped) return;
    // Not heard from for two lifetimes (a half-open socket, a pooler that does not pass notifications
    // on): a new connection, rather than one that keeps everything checked in the database for good.
    if (now() - Math.max(this.heardAt, this.listeningSince) > 2 * this.ttlMs) {
      logger().warn('session notifications: not heard from; reconnecting');
      this.lost(listener);
      return;
    }
    const awaited = { nonce: randomUUID(), sentAt: now() };
    this.awaited = awaited;
    await exec(
      this.dataSource,
      sql`SELECT pg_notify(${sql.lit(CHANNEL)}, ${`ping:${awaited.nonce}`})`,
    ).catch((error: unknown) => {
      if (!this.stopped)
        logger().warn({ err: String(error) }, 'session notifications: ping failed');
    });
  }
}

@Global()
@Module({ providers: [SessionCache], exports: [SessionCache] })
export class SessionCacheModule {}
