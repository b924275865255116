import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldEncryption, fieldContext } from './field-encryption.js';

describe('FieldEncryption', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const context = fieldContext('client', 'religion', '3f1c0f3e-0000-4000-8000-000000000001');

  it('round-trips text and never contains the plaintext', () => {
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    const stored = crypto.encrypt('Jehovah’s Witness — Свидетель Иеговы', context)!;
    expect(stored).toMatch(/^v2\.k1\./);
    expect(stored).not.toContain('Jehovah');
    expect(crypto.decrypt(stored, context)).toBe('Jehovah’s Witness — Свидетель Иеговы');
  });

  it('uses a fresh IV each time', () => {
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    expect(crypto.encrypt('same', context)).not.toBe(crypto.encrypt('same', context));
  });

  it('refuses a value moved to another row or field, and a tampered value', () => {
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    const stored = crypto.encrypt('secret', context)!;
    expect(() =>
      crypto.decrypt(
        stored,
        fieldContext('client', 'religion', '3f1c0f3e-0000-4000-8000-000000000002'),
      ),
    ).toThrow();
    expect(() =>
      crypto.decrypt(
        stored,
        fieldContext('client', 'ethnicity', '3f1c0f3e-0000-4000-8000-000000000001'),
      ),
    ).toThrow();
    const parts = stored.split('.');
    parts[4] = Buffer.from('forged').toString('base64url');
    expect(() => crypto.decrypt(parts.join('.'), context)).toThrow();
  });

  it('decrypts values written under a retired key after rotation', () => {
    const before = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    const stored = before.encrypt('old value', context)!;
    const after = new FieldEncryption(
      new Map([
        ['k1', k1],
        ['k2', k2],
      ]),
      'k2',
    );
    expect(after.decrypt(stored, context)).toBe('old value');
    expect(after.encrypt('new value', context)).toMatch(/^v2\.k2\./);
    expect(FieldEncryption.keyIdOf(stored)).toBe('k1');
  });

  it('refuses a truncated tag, even one GCM would accept at its length', () => {
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    const parts = crypto.encrypt('secret', context)!.split('.');
    // A 4-byte tag matching the first bytes of the real one: without authTagLength, Node checks only those.
    const short = [...parts];
    short[3] = Buffer.from(parts[3], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => crypto.decrypt(short.join('.'), context)).toThrow(/tag 16/);
    const twelve = [...parts];
    twelve[3] = Buffer.from(parts[3], 'base64url').subarray(0, 12).toString('base64url');
    expect(() => crypto.decrypt(twelve.join('.'), context)).toThrow(/tag 16/);
  });

  it('refuses an IV that is not 12 bytes', () => {
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    const parts = crypto.encrypt('secret', context)!.split('.');
    for (const iv of [randomBytes(8), randomBytes(16), Buffer.alloc(0)]) {
      const wrong = [...parts];
      wrong[2] = iv.toString('base64url');
      expect(() => crypto.decrypt(wrong.join('.'), context)).toThrow(/IV must be 12 bytes/);
    }
    expect(() => crypto.decrypt([...parts, 'extra'].join('.'), context)).toThrow(/unknown format/);
  });

  it('binds the key id: a value relabelled with another key id does not decrypt, even where that id names the same key', () => {
    // Two ids for one key (a retired id kept readable): only the id the value was written under opens it.
    const crypto = new FieldEncryption(
      new Map([
        ['k1', k1],
        ['k9', k1],
      ]),
      'k1',
    );
    const parts = crypto.encrypt('secret', context)!.split('.');
    expect(crypto.decrypt(parts.join('.'), context)).toBe('secret');
    parts[1] = 'k9';
    expect(() => crypto.decrypt(parts.join('.'), context)).toThrow();
  });

  it('still decrypts v1 values (associated data without the key id)', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k1, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update('written by v1', 'utf8'), cipher.final()]);
    const v1 = [
      'v1',
      'k1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    expect(crypto.decrypt(v1, context)).toBe('written by v1');
    expect(v1.startsWith(crypto.currentPrefix)).toBe(false);
  });

  it('treats empty values as absent', () => {
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    expect(crypto.encrypt('', context)).toBeNull();
    expect(crypto.encryptJson([], context)).toBeNull();
    expect(crypto.decryptJson(null, context, [])).toEqual([]);
  });
});
