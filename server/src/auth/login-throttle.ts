import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { DataSource, EntityManager } from 'typeorm';
import { addressBucket } from '../common/client-ip.js';
import { TooManyRequestsException } from '../common/errors.js';
import { subkey } from '../config/subkeys.js';
import { db, exec, first, rows } from '../database/sql.js';

/**
 * Guessing limits. Per account: the first `freeAttempts` tries go straight through; after them each
 * try must wait `2^(n - freeAttempts)` seconds since the previous one failed (n tries so far), at most
 * `maxDelaySeconds`. A success starts again from zero, and so does a day without tries. A progressive
 * delay rather than a lock: a stranger can slow a caseworker down, but never shut them out for
 * longer than the cap before a filing deadline. Per address (an IPv6 /64): at most `perIp` failures
 * in `ipWindowSeconds`, across accounts.
 */
export const THROTTLE = {
  freeAttempts: 5,
  maxDelaySeconds: 15 * 60,
  forgetAfterSeconds: 24 * 3600,
  perIp: 30,
  ipWindowSeconds: 15 * 60,
} as const;

/** Seconds the next try must wait after the last one, once `attempts` tries have been let through. */
export function throttleDelaySeconds(attempts: number): number {
  if (attempts < THROTTLE.freeAttempts) return 0;
  return Math.min(THROTTLE.maxDelaySeconds, 2 ** Math.min(attempts - THROTTLE.freeAttempts, 30));
}

/** What one throttled try is counted under: keyed hashes, so the tables never hold what someone typed or where from. */
export interface ThrottleKeys {
  account: string;
  address: string;
}

/**
 * Counts tries in the database, so every server instance shares one count. The per-account count
 * is taken by one statement before the secret is checked: an upsert that increments the row only
 * if the try may go ahead, under the row's lock, so of any number of simultaneous guesses only the
 * ones the count allows are ever checked (the rest get 429 without touching the password).
 */
export class LoginThrottle {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    secret: string,
  ) {
    this.key = subkey(secret, 'throttle');
  }

  private hmac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('hex');
  }

  /** `kind` separates what is throttled (a password for an email, a second factor for a user…). */
  keys(kind: string, subject: string, ip: string): ThrottleKeys {
    return {
      account: this.hmac(`${kind}:${subject}`),
      address: this.hmac(`ip:${addressBucket(ip)}`),
    };
  }

  /** The account key of an email's password tries. */
  passwordKeys(email: string, ip: string): ThrottleKeys {
    return this.keys('password', email.trim().toLowerCase(), ip);
  }

  /** Lets one try through, counted, or refuses it with 429 and the seconds to wait (refused tries are not counted). */
  async admit(keys: ThrottleKeys): Promise<void> {
    const ip = (await first(
      this.dataSource,
      db
        .selectFrom('login_failure')
        .select((eb) => [
          eb.cast<number>(eb.fn.countAll(), 'integer').as('failures'),
          eb.fn.min('at').as('oldest'),
        ])
        .where('ip', '=', keys.address)
        .where('at', '>', sql<Date>`now() - make_interval(secs => ${THROTTLE.ipWindowSeconds})`),
    ))!;
    if (ip.failures >= THROTTLE.perIp) {
      const wait = Math.ceil(
        ((ip.oldest?.getTime() ?? Date.now()) + THROTTLE.ipWindowSeconds * 1000 - Date.now()) /
          1000,
      );
      throw new TooManyRequestsException(
        'Too many failed logins from this address; try again later',
        Math.max(1, wait),
        'auth.too_many_attempts',
      );
    }
    const admitted = await rows(
      this.dataSource,
      db
        .insertInto('login_throttle')
        .values((eb) => ({ key: keys.account, attempts: 1, last_attempt_at: eb.fn<Date>('now') }))
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet((eb) => ({
              attempts: eb
                .case()
                .when(
                  'login_throttle.last_attempt_at',
                  '<=',
                  sql<Date>`now() - make_interval(secs => ${THROTTLE.forgetAfterSeconds})`,
                )
                .then(1)
                .else(eb('login_throttle.attempts', '+', 1))
                .end(),
              last_attempt_at: eb.fn<Date>('now'),
            }))
            .where((eb) =>
              eb.or([
                eb('login_throttle.attempts', '<', THROTTLE.freeAttempts),
                eb(
                  'login_throttle.last_attempt_at',
                  '<=',
                  sql<Date>`now() - make_interval(secs => least(${THROTTLE.maxDelaySeconds}::float8, power(2, least(login_throttle.attempts - ${THROTTLE.freeAttempts}, 30))))`,
                ),
              ]),
            ),
        )
        .returning('attempts'),
    );
    if (admitted.length) return;
    const row = await first(
      this.dataSource,
      db
        .selectFrom('login_throttle')
        .select([
          'attempts',
          sql<number>`(extract(epoch FROM last_attempt_at) * 1000)::float8`.as('last_ms'),
          sql<number>`(extract(epoch FROM now()) * 1000)::float8`.as('now_ms'),
        ])
        .where('key', '=', keys.account),
    );
    const wait = row
      ? Math.ceil((row.last_ms + throttleDelaySeconds(row.attempts) * 1000 - row.now_ms) / 1000)
      : 1;
    throw new TooManyRequestsException(
      'Too many attempts for this account; try again later',
      Math.max(1, wait),
      'auth.too_many_attempts',
    );
  }

  /**
   * A wrong secret, in the caller's transaction: counted against the address (the account's try is
   * already counted), and the account's delay runs from now, when the failure is known, not from
   * when the try began (checking a password takes a good part of the first delay).
   */
  async failed(manager: EntityManager, keys: ThrottleKeys): Promise<void> {
    await exec(
      manager,
      db
        .updateTable('login_throttle')
        .set({ last_attempt_at: sql<Date>`greatest(last_attempt_at, now())` })
        .where('key', '=', keys.account),
    );
    await exec(
      manager,
      db.insertInto('login_failure').values({ email_hash: keys.account, ip: keys.address }),
    );
    // Keep the tables small: what is older than a day no longer matters.
    await exec(
      manager,
      db.deleteFrom('login_failure').where('at', '<', sql<Date>`now() - interval '1 day'`),
    );
    await exec(
      manager,
      db
        .deleteFrom('login_throttle')
        .where(
          'last_attempt_at',
          '<',
          sql<Date>`now() - make_interval(secs => ${THROTTLE.forgetAfterSeconds})`,
        ),
    );
  }

  /** The right secret: the account starts again from zero. */
  async succeeded(
    keys: ThrottleKeys,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await exec(manager, db.deleteFrom('login_throttle').where('key', '=', keys.account));
  }
}
