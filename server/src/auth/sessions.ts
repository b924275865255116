import type { SessionResponse } from '@haven/shared';
import type { EntityManager } from 'typeorm';

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
  const [row] = await manager.query<{ id: string }[]>(
    `INSERT INTO user_session (user_id, last_seen_at, expires_at, ip, user_agent, restriction) VALUES ($1, now(), $2, $3, $4, $5) RETURNING id`,
    [
      session.userId,
      session.expiresAt,
      session.ip?.slice(0, 64) ?? null,
      // Control characters would only garble the list; nothing else is interpreted.
      session.userAgent?.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, USER_AGENT_MAX) || null,
      session.restriction ?? null,
    ],
  );
  return row.id;
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
  await manager.query(
    `UPDATE user_session SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [userId, reason, exceptSessionId ?? null],
  );
  // A sign-in waiting for its second step is a session to be: what ends the sessions ends it too
  // (a password changed after a phishing must not leave the phisher's challenge answerable).
  await manager.query(
    `UPDATE mfa_challenge SET expires_at = now() WHERE user_id = $1 AND used_at IS NULL AND expires_at > now()`,
    [userId],
  );
}

/** The user's sessions that still open something: not ended, within their lifetime and idle timeout. */
export async function listOpenSessions(
  manager: EntityManager,
  userId: string,
  currentSessionId: string,
  idleSeconds: number,
): Promise<SessionResponse[]> {
  const rows = await manager.query<
    { id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null }[]
  >(
    `SELECT id, created_at AS "createdAt", last_seen_at AS "lastSeenAt", ip, user_agent AS "userAgent"
       FROM user_session
      WHERE user_id = $1 AND ended_at IS NULL AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
      ORDER BY last_seen_at DESC, id`,
    [userId, idleSeconds],
  );
  return rows.map((r) => ({
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
  const [, count] = await manager.query<[unknown[], number]>(
    `UPDATE user_session SET ended_at = now(), end_reason = $3 WHERE id = $1 AND user_id = $2 AND ended_at IS NULL AND expires_at > now()`,
    [sessionId, userId, reason],
  );
  return count > 0;
}
