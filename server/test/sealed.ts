import { randomUUID } from 'node:crypto';
import { encryptLeftovers } from '../src/encryption/encrypt-leftovers.js';
import { ENCRYPTED_COLUMNS } from '../src/encryption/encrypted-columns.js';
import { FieldEncryption, fieldContext } from '../src/encryption/field-encryption.js';
import type { TestApp } from './harness.js';

/** The app's own FieldEncryption, for tests that write or read encrypted columns directly. */
export const cryptoOf = (t: TestApp): FieldEncryption => FieldEncryption.fromConfig(t.config);

/**
 * A new row's id and a text encrypted as the app writes it there (`table.column`, bound to the id),
 * for tests that insert rows directly.
 */
export function sealed(
  t: TestApp,
  table: string,
  column: string,
  text: string,
): { id: string; value: string } {
  const id = randomUUID();
  return { id, value: cryptoOf(t).encrypt(text, fieldContext(table, column, id))! };
}

/** A stored value of `table.column` of the row `id`, decrypted. */
export const opened = (
  t: TestApp,
  table: string,
  column: string,
  id: string,
  value: string | null,
): string | null => cryptoOf(t).decrypt(value, fieldContext(table, column, id));

/**
 * Encrypts what a test inserted in clear into encrypted columns (as the start-up step does with
 * values left from before a column was encrypted).
 */
export const encryptPlanted = (t: TestApp): Promise<Map<string, number>> =>
  encryptLeftovers(t.dataSource, cryptoOf(t), ENCRYPTED_COLUMNS);
