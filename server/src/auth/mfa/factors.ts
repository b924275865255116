import { MFA_METHODS, type MfaMethod } from '@haven/shared';
import type { EntityManager } from 'typeorm';

/** How long the second step of a sign-in may take. */
export const CHALLENGE_SECONDS = 5 * 60;
/** Wrong codes a challenge survives; at this many it is dead and the user starts again. */
export const CHALLENGE_MAX_ATTEMPTS = 5;

/**
 * The methods a user can answer a sign-in challenge with. Empty when the user has no confirmed factor
 * (a TOTP secret confirmed with a code, or a passkey): recovery codes alone are not a factor.
 */
export async function secondFactorMethods(
  manager: EntityManager,
  userId: string,
): Promise<MfaMethod[]> {
  const [row] = await manager.query<Record<MfaMethod, boolean>[]>(
    `SELECT EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS totp,
            EXISTS (SELECT 1 FROM webauthn_credential WHERE user_id = $1) AS webauthn,
            EXISTS (SELECT 1 FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL) AS recovery`,
    [userId],
  );
  if (!row.totp && !row.webauthn) return [];
  return MFA_METHODS.filter((method) => row[method]);
}

/** Opens the second step of a sign-in, in the caller's transaction; returns its id. */
export async function createChallenge(
  manager: EntityManager,
  userId: string,
  ip: string | null,
): Promise<string> {
  // Spent challenges are kept a day: their wrong-code counts feed nothing after that.
  await manager.query(
    `DELETE FROM mfa_challenge WHERE user_id = $1 AND expires_at < now() - interval '1 day'`,
    [userId],
  );
  const [row] = await manager.query<{ id: string }[]>(
    `INSERT INTO mfa_challenge (user_id, expires_at, ip) VALUES ($1, now() + make_interval(secs => $2), $3) RETURNING id`,
    [userId, CHALLENGE_SECONDS, ip],
  );
  return row.id;
}

/**
 * Removes every second factor of a user (TOTP, passkeys, recovery codes) and their open challenges,
 * in the caller's transaction; returns what was there, as counts for the audit trail.
 */
export async function removeSecondFactors(
  manager: EntityManager,
  userId: string,
): Promise<{ totp: number; passkeys: number; recoveryCodes: number }> {
  const count = async (sql: string) =>
    (await manager.query<[unknown[], number]>(sql, [userId]))[1] ?? 0;
  const totp = await count(`DELETE FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`);
  await manager.query(`DELETE FROM mfa_totp WHERE user_id = $1`, [userId]);
  const passkeys = await count(`DELETE FROM webauthn_credential WHERE user_id = $1`);
  const recoveryCodes = await count(
    `DELETE FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL`,
  );
  await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
  await manager.query(`DELETE FROM mfa_challenge WHERE user_id = $1`, [userId]);
  return { totp, passkeys, recoveryCodes };
}

/**
 * After the password change a `password_change` session waited for, in the caller's transaction: the
 * session opens everything — unless the role must have a second factor and the user has none, when
 * it goes on to wait for one (`mfa_enrollment`): the password came first, enrolment follows.
 */
export async function liftPasswordChange(
  manager: EntityManager,
  sessionId: string,
  userId: string,
  mfaRequired: boolean,
): Promise<void> {
  await manager.query(
    `UPDATE user_session
        SET restriction = CASE WHEN $3 AND NOT EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = $2 AND confirmed_at IS NOT NULL)
                                      AND NOT EXISTS (SELECT 1 FROM webauthn_credential WHERE user_id = $2)
                               THEN 'mfa_enrollment' END
      WHERE id = $1 AND user_id = $2 AND restriction = 'password_change'`,
    [sessionId, userId, mfaRequired],
  );
}

/**
 * When a user's first factor is confirmed, in the caller's transaction: their other sessions still
 * waiting to enrol one end. Such a session was opened with the password alone; left open it could
 * enrol a factor of its own later and be lifted without ever showing the one the user set up.
 */
export async function endEnrolmentSessions(
  manager: EntityManager,
  userId: string,
  exceptSessionId: string,
): Promise<void> {
  await manager.query(
    `UPDATE user_session SET ended_at = now(), end_reason = 'mfa_enrolled'
      WHERE user_id = $1 AND id <> $2 AND restriction = 'mfa_enrollment' AND ended_at IS NULL`,
    [userId, exceptSessionId],
  );
}
