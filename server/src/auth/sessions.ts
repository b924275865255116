import type { EntityManager } from 'typeorm';

/** Ends every open session of a user (deactivation, new password, new role or team), in the caller's transaction. */
export async function endSessions(manager: EntityManager, userId: string, reason: string): Promise<void> {
  await manager.query(
    `UPDATE user_session SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL`,
    [userId, reason],
  );
}
