import { MFA_METHODS, type MfaMethod } from '@haven/shared';
import { sql } from 'kysely';
import type { EntityManager } from 'typeorm';
import { db, exec, first, rows } from '../../database/sql.js';

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
  const row = (await first(
    manager,
    db.selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('mfa_totp')
            .select(sql.lit(1).as('one'))
            .where('user_id', '=', userId)
            .where('confirmed_at', 'is not', null),
        )
        .$castTo<boolean>()
        .as('totp'),
      eb
        .exists(
          eb
            .selectFrom('webauthn_credential')
            .select(sql.lit(1).as('one'))
            .where('user_id', '=', userId),
        )
        .$castTo<boolean>()
        .as('webauthn'),
      eb
        .exists(
          eb
            .selectFrom('mfa_recovery_code')
            .select(sql.lit(1).as('one'))
            .where('user_id', '=', userId)
            .where('used_at', 'is', null),
        )
        .$castTo<boolean>()
        .as('recovery'),
    ]),
  ))!;
  if (!row.totp && !row.webauthn) return [];
  return MFA_METHODS.filter((method) => row[method]);
}

/**
 * Changes to a user's second factors, and the checks of their answers, take turns: a transaction-long
 * lock per account, taken before the rows it reads.
 */
export async function lockFactors(manager: EntityManager, userId: string): Promise<void> {
  await exec(
    manager,
    sql`SELECT pg_advisory_xact_lock(hashtextextended('haven:mfa:' || ${userId}, 0))`,
  );
}

/** Opens the second step of a sign-in, in the caller's transaction; returns its id. */
export async function createChallenge(
  manager: EntityManager,
  userId: string,
  ip: string | null,
): Promise<string> {
  // Spent challenges are kept a day: their wrong-code counts feed nothing after that.
  await exec(
    manager,
    db
      .deleteFrom('mfa_challenge')
      .where('user_id', '=', userId)
      .where('expires_at', '<', sql<Date>`now() - interval '1 day'`),
  );
  const row = await first(
    manager,
    db
      .insertInto('mfa_challenge')
      .values({
        user_id: userId,
        expires_at: sql<Date>`now() + make_interval(secs => ${CHALLENGE_SECONDS})`,
        ip,
      })
      .returning('id'),
  );
  return row!.id;
}

/**
 * Removes every second factor of a user (TOTP, passkeys, recovery codes) and their open challenges,
 * in the caller's transaction; returns what was there, as counts for the audit trail.
 */
export async function removeSecondFactors(
  manager: EntityManager,
  userId: string,
): Promise<{ totp: number; passkeys: number; recoveryCodes: number }> {
  const totp = (
    await rows(
      manager,
      db
        .deleteFrom('mfa_totp')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .returning('user_id'),
    )
  ).length;
  await exec(manager, db.deleteFrom('mfa_totp').where('user_id', '=', userId));
  const passkeys = (
    await rows(
      manager,
      db.deleteFrom('webauthn_credential').where('user_id', '=', userId).returning('id'),
    )
  ).length;
  const recoveryCodes = (
    await rows(
      manager,
      db
        .deleteFrom('mfa_recovery_code')
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .returning('id'),
    )
  ).length;
  await exec(manager, db.deleteFrom('mfa_recovery_code').where('user_id', '=', userId));
  await exec(manager, db.deleteFrom('mfa_challenge').where('user_id', '=', userId));
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
  await exec(
    manager,
    db
      .updateTable('user_session')
      .set((eb) => ({
        restriction: eb
          .case()
          .when(
            eb.and([
              eb.val(mfaRequired),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('mfa_totp')
                    .select(sql.lit(1).as('one'))
                    .where('mfa_totp.user_id', '=', userId)
                    .where('mfa_totp.confirmed_at', 'is not', null),
                ),
              ),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('webauthn_credential')
                    .select(sql.lit(1).as('one'))
                    .where('webauthn_credential.user_id', '=', userId),
                ),
              ),
            ]),
          )
          .then('mfa_enrollment')
          .end(),
      }))
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .where('restriction', '=', 'password_change'),
  );
}

/**
 * When a user's first factor is confirmed, in the caller's transaction: the session that enrolled it
 * may now do everything, and their other sessions still waiting to enrol one end. Such a session was
 * opened with the password alone; left open it could enrol a factor of its own later and be lifted
 * without ever showing the one the user set up.
 */
export async function factorEnrolled(
  manager: EntityManager,
  userId: string,
  sessionId: string,
): Promise<void> {
  await exec(
    manager,
    db
      .updateTable('user_session')
      .set({ restriction: null })
      .where('id', '=', sessionId)
      .where('restriction', '=', 'mfa_enrollment'),
  );
  await exec(
    manager,
    db
      .updateTable('user_session')
      .set({ ended_at: sql<Date>`now()`, end_reason: 'mfa_enrolled' })
      .where('user_id', '=', userId)
      .where('id', '<>', sessionId)
      .where('restriction', '=', 'mfa_enrollment')
      .where('ended_at', 'is', null),
  );
}
