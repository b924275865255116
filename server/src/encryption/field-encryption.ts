import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { HavenConfig } from '../config/config.js';
import { subkey } from '../config/subkeys.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a value is bound to: v2 binds the key id too, so a value relabelled with another key id does not decrypt. */
const associatedData = (version: 'v1' | 'v2', keyId: string, context: string) =>
  Buffer.from(version === 'v2' ? `v2|${keyId}|${context}` : context, 'utf8');

/**
 * AES-256-GCM for special-category and narrative fields. A stored value reads
 * `v2.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), so keys can rotate: new values use the
 * current key, old ones decrypt with the key they name. The associated data binds a value to its
 * table, column and row — a ciphertext copied into another record or field does not decrypt — and,
 * from v2 on, to its version and key id. `v1` values (context only) still decrypt; rotate-key
 * rewrites them as v2. Decryption insists on a 12-byte IV and a full 16-byte tag: GCM would
 * otherwise accept a tag cut short, which is easier to forge.
 */
export class FieldEncryption {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly currentKeyId: string,
    /** The blind-index key: a subkey of HAVEN_SECRET, so that it outlives encryption-key rotations. */
    private readonly indexKey?: Buffer,
  ) {
    if (!keys.has(currentKeyId)) throw new Error(`no encryption key with id ${currentKeyId}`);
  }

  static fromConfig(
    config: Pick<HavenConfig, 'encryptionKeys' | 'currentKeyId'> & { secret?: string },
  ): FieldEncryption {
    return new FieldEncryption(
      config.encryptionKeys,
      config.currentKeyId,
      config.secret ? subkey(config.secret, 'blind-index') : undefined,
    );
  }

  /**
   * A keyed blind index of a value that must stay findable by equality (a phone number for the
   * duplicate check): HMAC-SHA256 under its own subkey, per purpose. A dump shows which rows share
   * a value (equal inputs give equal indexes), not the value; guessing one — a phone number's space
   * is small — needs HAVEN_SECRET, which is why it must never sit beside the backups. Changing
   * HAVEN_SECRET changes every index: the leftover step does not recompute them. Null when empty.
   */
  blindIndex(purpose: 'phone', value: string | null | undefined): string | null {
    if (!value) return null;
    if (!this.indexKey)
      throw new Error('no blind-index key: build FieldEncryption from the config');
    return createHmac('sha256', this.indexKey).update(`${purpose}:${value}`).digest('base64url');
  }

  encrypt(plaintext: string | null | undefined, context: string): string | null {
    if (plaintext === null || plaintext === undefined || plaintext === '') return null;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(associatedData('v2', this.currentKeyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v2',
      this.currentKeyId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  decrypt(stored: string | null | undefined, context: string): string | null {
    if (!stored) return null;
    const parts = stored.split('.');
    const [version, keyId, ivText, tagText, ciphertext] = parts;
    const key = this.keys.get(keyId);
    if ((version !== 'v1' && version !== 'v2') || !key || parts.length !== 5) {
      throw new Error(`cannot decrypt ${context}: unknown format or key "${keyId}"`);
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error(
        `cannot decrypt ${context}: the IV must be ${IV_BYTES} bytes and the tag ${TAG_BYTES}`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(version, keyId, context));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  encryptJson(value: unknown, context: string): string | null {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0))
      return null;
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

  /** The prefix of a value written now (`v2.<currentKeyId>.`): a value without it is due for rotation. */
  get currentPrefix(): string {
    return `v2.${this.currentKeyId}.`;
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
