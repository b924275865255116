import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldEncryption, fieldContext } from './field-encryption.js';

describe('FieldEncryption', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const context = fieldContext('client', 'religion', '3f1c0f3e-0000-4000-8000-000000000001');

  it('round-trips text and never contains the plaintext', () => {
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    const stored = crypto.encrypt('Jehovah’s Witness — Свидетель Иеговы', context)!;
    expect(stored).toMatch(/^v1\.k1\./);
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
    expect(() => crypto.decrypt(stored, fieldContext('client', 'religion', '3f1c0f3e-0000-4000-8000-000000000002'))).toThrow();
    expect(() => crypto.decrypt(stored, fieldContext('client', 'ethnicity', '3f1c0f3e-0000-4000-8000-000000000001'))).toThrow();
    const parts = stored.split('.');
    parts[4] = Buffer.from('forged').toString('base64url');
    expect(() => crypto.decrypt(parts.join('.'), context)).toThrow();
  });

  it('decrypts values written under a retired key after rotation', () => {
    const before = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    const stored = before.encrypt('old value', context)!;
    const after = new FieldEncryption(new Map([['k1', k1], ['k2', k2]]), 'k2');
    expect(after.decrypt(stored, context)).toBe('old value');
    expect(after.encrypt('new value', context)).toMatch(/^v1\.k2\./);
    expect(FieldEncryption.keyIdOf(stored)).toBe('k1');
  });

  it('treats empty values as absent', () => {
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    expect(crypto.encrypt('', context)).toBeNull();
    expect(crypto.encryptJson([], context)).toBeNull();
    expect(crypto.decryptJson(null, context, [])).toEqual([]);
  });
});
