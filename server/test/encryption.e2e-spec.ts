import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { reencryptAll } from '../src/cli/rotate-key.js';
import { FieldEncryption } from '../src/encryption/field-encryption.js';
import { ENCRYPTED_COLUMNS } from '../src/encryption/encrypted-columns.js';
import { intake } from './factories.js';
import { startTestApp, type TestApp } from './harness.js';

describe('key rotation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('re-encrypts every value under the new key, and the data still reads back', async () => {
    const created = await intake(t, 'caseworker@haven.local', {
      client: { ethnicity: 'Chechen', sogiNotes: 'rotation marker' },
    });
    const k1 = t.config.encryptionKeys.get('k1')!;
    const rotated = new FieldEncryption(
      new Map([
        ['k1', k1],
        ['k2', randomBytes(32)],
      ]),
      'k2',
    );
    const count = await reencryptAll(t.dataSource, rotated, () => undefined);
    expect(count).toBeGreaterThanOrEqual(5);
    for (const { table, column } of ENCRYPTED_COLUMNS) {
      const rows = await t.dataSource.query<{ value: string }[]>(
        `SELECT ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL`,
      );
      for (const row of rows)
        expect(row.value.startsWith('v2.k2.'), `${table}.${column}`).toBe(true);
    }
    // Without the old key at all, the new key alone reads everything.
    const onlyK2 = new FieldEncryption(
      new Map([['k2', (rotated as unknown as { keys: Map<string, Buffer> }).keys.get('k2')!]]),
      'k2',
    );
    const [row] = await t.dataSource.query<{ ethnicity: string; sogi_notes: string }[]>(
      'SELECT ethnicity, sogi_notes FROM client WHERE id = $1',
      [created.client.id],
    );
    expect(onlyK2.decrypt(row.ethnicity, `client.ethnicity:${created.client.id}`)).toBe('Chechen');
    expect(onlyK2.decrypt(row.sogi_notes, `client.sogi_notes:${created.client.id}`)).toBe(
      'rotation marker',
    );
    // A second run has nothing left to do.
    expect(await reencryptAll(t.dataSource, rotated, () => undefined)).toBe(0);
  });

  it('rewrites values of the v1 format (key id outside the associated data) as v2 under the same key', async () => {
    const t = await startTestApp();
    onTestFinished(() => t.close());
    const created = await intake(t, 'caseworker@haven.local', { client: { ethnicity: 'Ingush' } });
    const k1 = t.config.encryptionKeys.get('k1')!;
    const context = `client.ethnicity:${created.client.id}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k1, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update('Ingush', 'utf8'), cipher.final()]);
    const v1 = [
      'v1',
      'k1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
    await t.dataSource.query('UPDATE client SET ethnicity = $2 WHERE id = $1', [
      created.client.id,
      v1,
    ]);
    const crypto = new FieldEncryption(new Map([['k1', k1]]), 'k1');
    expect(await reencryptAll(t.dataSource, crypto, () => undefined)).toBeGreaterThanOrEqual(1);
    const [row] = await t.dataSource.query<{ ethnicity: string }[]>(
      'SELECT ethnicity FROM client WHERE id = $1',
      [created.client.id],
    );
    expect(row.ethnicity).toMatch(/^v2\.k1\./);
    expect(crypto.decrypt(row.ethnicity, context)).toBe('Ingush');
  });
});
