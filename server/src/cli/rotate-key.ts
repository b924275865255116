import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { keysDir, type HavenConfig } from '../config/config.js';
import { ENCRYPTED_COLUMNS } from '../encryption/encrypted-columns.js';
import { encryptFiledLeftovers } from '../encryption/encrypt-leftovers.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';
import { exec, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';

/**
 * Embedded mode: makes a new current key in the data dir's keys/ and keeps the old one readable as
 * `encryption-key.old.<id>`. Returns the new key id. (With DATABASE_URL the operator sets the
 * variables instead: see the README.)
 */
export function rotateEmbeddedKey(dataDir: string, currentKeyId: string): string {
  const keys = keysDir(dataDir);
  const keyFile = join(keys, 'encryption-key');
  const oldFile = join(keys, `encryption-key.old.${currentKeyId}`);
  if (existsSync(oldFile))
    throw new Error(`${oldFile} exists already; finish or undo the previous rotation first`);
  const next = /^k(\d+)$/.exec(currentKeyId)
    ? `k${Number(currentKeyId.slice(1)) + 1}`
    : `${currentKeyId}-2`;
  writeFileSync(oldFile, readFileSync(keyFile, 'utf8'), { mode: 0o600 });
  writeFileSync(`${keyFile}.new`, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  renameSync(`${keyFile}.new`, keyFile);
  writeFileSync(join(keys, 'encryption-key-id'), next + '\n', { mode: 0o600 });
  return next;
}

/**
 * Re-encrypts every value not written under the current key and format (`v2.<key id>.`), in
 * batches, each batch one transaction; safe to interrupt and run again. Versions are not bumped:
 * nobody edited the records.
 */
export async function reencryptAll(
  dataSource: DataSource,
  crypto: FieldEncryption,
  log: (line: string) => void,
): Promise<number> {
  // Plaintext still waiting in a newly encrypted column (the server encrypts it at start-up, which
  // may not have happened since the migration) is encrypted first: it has no key to rotate from.
  const leftovers = await encryptFiledLeftovers(dataSource, crypto);
  if (leftovers) log(`  encrypted ${leftovers} plaintext values left from before encryption`);
  let total = 0;
  for (const { table, column, context, key = 'id' } of ENCRYPTED_COLUMNS) {
    for (;;) {
      const done = await transaction(dataSource, async (manager) => {
        // The registry's own table and column names (ENCRYPTED_COLUMNS), not the schema's types.
        const prefix = crypto.currentPrefix;
        const stale = await rows(
          manager,
          sql<{
            id: string;
            value: string;
          }>`SELECT ${sql.ref(key)} AS id, ${sql.ref(column)} AS value FROM ${sql.table(table)}
            WHERE ${sql.ref(column)} IS NOT NULL AND left(${sql.ref(column)}, length(${prefix}::text)) <> ${prefix}
            LIMIT 500 FOR UPDATE SKIP LOCKED`,
        );
        for (const row of stale) {
          const plaintext = crypto.decrypt(row.value, context(row.id));
          await exec(
            manager,
            sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${crypto.encrypt(plaintext, context(row.id))} WHERE ${sql.ref(key)} = ${row.id}`,
          );
        }
        return stale.length;
      });
      total += done;
      if (done === 0) break;
    }
    log(`  ${table}.${column}: done`);
  }
  await new AuditService(dataSource).recordNow(null, {
    action: 'update',
    entityType: 'encryption_key',
    summary: `re-encrypted ${total} values under key ${crypto.currentKey}`,
    details: { keyId: crypto.currentKey, values: total, via: 'cli' },
  });
  return total;
}

export function describeRotation(config: HavenConfig): string {
  return `current key ${config.currentKeyId}; readable keys ${[...config.encryptionKeys.keys()].join(', ')}`;
}
