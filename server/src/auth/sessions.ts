import type { SessionResponse } from '@haven/shared';
import { sql } from 'kysely';
import type { EntityManager } from 'typeorm';
import { db, exec, first, rows } from '../database/sql.js';

/** The longest User-Agent kept with a session (the column's width). */
export const USER_AGENT_MAX = 300;

/** Opens a session in the caller's transaction and returns its id; where it signed in from is kept for its user to see. */
export async function openSession(
  manager: EntityManager,
  session: {
    userId: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
    restriction?: string | null;
  },
): Promise<string> {
  const row = await first(
    manager,
    db
      .insertInto('user_session')
      .values((eb) => ({
        user_id: session.userId,
        last_seen_at: eb.fn<Date>('now'),
        expires_at: session.expiresAt,
        ip: session.ip?.slice(0, 64) ?? null,
        // Control characters would only garble the list; nothing else is interpreted.
        user_agent:
          session.userAgent?.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, USER_AGENT_MAX) ||
          null,
        restriction: session.restriction ?? null,
      }))
      .returning('id'),
  );
  return row!.id;
}

/**
 * Ends every open session of a user (deactivation, new password, new role or team) and every sign-in
 * still waiting for its second factor, in the caller's transaction; `exceptSessionId` keeps the one
 * the change was made from.
 */
export async function endSessions(
  manager: EntityManager,
  userId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<void> {
  await exec(
    manager,
    db
      .updateTable('user_session')
      .set((eb) => ({ ended_at: eb.fn<Date>('now'), end_reason: reason }))
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .$if(exceptSessionId !== undefined, (q) => q.where('id', '<>', exceptSessionId!)),
  );
  // A sign-in waiting for its second step is a session to be: what ends the sessions ends it too
  // (a password changed after a phishing must not leave the phisher's challenge answerable).
  await exec(
    manager,
    db
      .updateTable('mfa_challenge')
      .set((eb) => ({ expires_at: eb.fn<Date>('now') }))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`),
  );
}

/** The user's sessions that still open something: not ended, within their lifetime and idle timeout. */
export async function listOpenSessions(
  manager: EntityManager,
  userId: string,
  currentSessionId: string,
  idleSeconds: number,
): Promise<SessionResponse[]> {
  const open = await rows(
    manager,
    db
      .selectFrom('user_session')
      .select([
        'id',
        'created_at as createdAt',
        'last_seen_at as lastSeenAt',
        'ip',
        'user_agent as userAgent',
      ])
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .where('last_seen_at', '>', sql<Date>`now() - make_interval(secs => ${idleSeconds})`)
      .orderBy('last_seen_at', 'desc')
      .orderBy('id'),
  );
  return open.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    ip: r.ip,
    userAgent: r.userAgent,
    current: r.id === currentSessionId,
  }));
}

/** Ends one open session of the user's own, in the caller's transaction; false when there is none by that id. */
export async function endOwnSession(
  manager: EntityManager,
  userId: string,
  sessionId: string,
  reason: string,
): Promise<boolean> {
  const ended = await first(
    manager,
    db
      .updateTable('user_session')
      .set((eb) => ({ ended_at: eb.fn<Date>('now'), end_reason: reason }))
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('id'),
  );
  return ended !== undefined;
}
