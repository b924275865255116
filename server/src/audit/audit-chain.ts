import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditCheckpoint } from '@haven/shared';
import { subkey } from '../config/subkeys.js';

/**
 * The session setting through which the server hands the chain key to PostgreSQL. It is set on
 * every pool connection when the connection opens (database/data-source.ts) and lives only in the
 * server's memory and that session: never in a table, a file of the database or a dump.
 */
export const AUDIT_KEY_SETTING = 'haven.audit_key';

/**
 * What the insert trigger needs to compute HMAC-SHA256 with PostgreSQL's built-in sha256() alone
 * (no pgcrypto to install on a managed database): the 64-byte blocks key⊕ipad and key⊕opad of
 * RFC 2104, hex, one after the other (256 hex digits). The key is subkey(secret, 'audit-chain').
 */
export function auditChainKey(secret: string): string {
  const key = Buffer.alloc(64);
  subkey(secret, 'audit-chain').copy(key);
  const inner = Buffer.from(key.map((byte) => byte ^ 0x36));
  const outer = Buffer.from(key.map((byte) => byte ^ 0x5c));
  return inner.toString('hex') + outer.toString('hex');
}

// PKCS#8 DER of an Ed25519 private key is this fixed prefix followed by the 32-byte seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The checkpoint signing key: Ed25519, seeded by subkey(secret, 'audit-checkpoint'). */
export function checkpointSigningKey(secret: string): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, subkey(secret, 'audit-checkpoint')]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** The public half, for checking checkpoints where the secret is not (`audit-checkpoint --public-key`). */
export function checkpointPublicKey(secret: string): string {
  return createPublicKey(checkpointSigningKey(secret))
    .export({ format: 'pem', type: 'spki' })
    .toString();
}

/** What is signed: `seq|hash|at`, each in the form the checkpoint carries it. */
export const checkpointMessage = (checkpoint: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>) =>
  Buffer.from(`${checkpoint.seq}|${checkpoint.hash}|${checkpoint.at}`, 'utf8');

export function signCheckpoint(
  secret: string,
  head: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at'>,
): AuditCheckpoint {
  const signature = sign(null, checkpointMessage(head), checkpointSigningKey(secret)).toString(
    'base64url',
  );
  return { seq: head.seq, hash: head.hash, at: head.at, signature };
}

export function checkpointSignatureValid(secret: string, checkpoint: AuditCheckpoint): boolean {
  const signature = Buffer.from(checkpoint.signature, 'base64url');
  if (signature.length !== 64) return false;
  return verify(
    null,
    checkpointMessage(checkpoint),
    createPublicKey(checkpointSigningKey(secret)),
    signature,
  );
}
