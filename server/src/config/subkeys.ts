import { hkdfSync } from 'node:crypto';

/**
 * What each key derived from `HAVEN_SECRET` is for. One secret never serves two purposes: each use
 * gets its own subkey (HKDF-SHA256, the purpose as its info), so a key exposed in one role (a token
 * signing key in a log, a throttle key in a dump) tells nothing about the others.
 */
export type SubkeyPurpose =
  | 'token-signing'
  | 'throttle'
  | 'audit-chain'
  | 'audit-checkpoint'
  | 'blind-index'
  | 'duplicate-check-inputs'
  | 'mfa'
  | 'session-refresh';

/** A 32-byte subkey of the secret for one purpose. */
export function subkey(secret: string, purpose: SubkeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'haven', `haven ${purpose} v1`, 32));
}
