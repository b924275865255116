import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { HavenConfig } from '../config/config.js';

/**
 * AES-256-GCM for special-category and narrative fields. A stored value reads
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), so keys can rotate: new values use the
 * current key, old ones decrypt with the key they name. The associated data binds a value to its
 * table, column and row, so a ciphertext copied into another record or field does not decrypt.
 */
export class FieldEncryption {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly currentKeyId: string,
  ) {
    if (!keys.has(currentKeyId)) throw new Error(`no encryption key with id ${currentKeyId}`);
  }

  static fromConfig(config: Pick<HavenConfig, 'encryptionKeys' | 'currentKeyId'>): FieldEncryption {
    return new FieldEncryption(config.encryptionKeys, config.currentKeyId);
  }

  encrypt(plaintext: string | null | undefined, context: string): string | null {
    if (plaintext === null || plaintext === undefined || plaintext === '') return null;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(stored: string | null | undefined, context: string): string | null {
    if (!stored) return null;
    const [version, keyId, iv, tag, ciphertext] = stored.split('.');
    const key = this.keys.get(keyId);
    if (version !== 'v1' || !key || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error(`cannot decrypt ${context}: unknown format or key "${keyId}"`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  encryptJson(value: unknown, context: string): string | null {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return null;
    return this.encrypt(JSON.stringify(value), context);
  }

  decryptJson<T>(stored: string | null | undefined, context: string, fallback: T): T {
    const text = this.decrypt(stored, context);
    return text === null ? fallback : (JSON.parse(text) as T);
  }

  /** The key id a stored value was written with (for rotation). */
  static keyIdOf(stored: string): string | null {
    return stored.split('.')[1] ?? null;
  }

  get currentKey(): string {
    return this.currentKeyId;
  }
}

/** The associated-data string for a field of a row. */
export function fieldContext(table: string, column: string, id: string): string {
  return `${table}.${column}:${id}`;
}

export const FIELD_ENCRYPTION = Symbol('FIELD_ENCRYPTION');
