import { createHmac, randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@haven/shared';

/** No 0/O, 1/l/I: codes are read off paper and typed. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;

/** Ten fresh codes, `xxxxx-xxxxx` (about 49 bits each: guessing is bounded by the verify throttle long before). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(
      '',
    );
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What a user typed, as stored: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

export function looksLikeRecoveryCode(input: string): boolean {
  const code = normaliseRecoveryCode(input);
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c));
}

/**
 * The stored form: an HMAC under the `mfa` subkey, bound to the user. The codes are random, so a
 * keyed hash (not a slow one) suffices, and a dump of the table without the key tells nothing.
 */
export function recoveryCodeHash(key: Buffer, userId: string, input: string): string {
  return createHmac('sha256', key)
    .update(`recovery:${userId}:${normaliseRecoveryCode(input)}`)
    .digest('hex');
}
