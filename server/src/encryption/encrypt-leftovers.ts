import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { logger } from '../common/logger.js';
import { exec, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { phoneDigits } from '../clients/client.mapper.js';
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from './encrypted-columns.js';
import { FIELD_ENCRYPTION, FieldEncryption } from './field-encryption.js';

/**
 * What a stored value written by FieldEncryption looks like: `v1.` or `v2.`, a key id, a 12-byte IV
 * (16 base64url characters), a 16-byte tag (22) and the ciphertext. Anything else in an encrypted
 * column is plaintext left from before the column was encrypted — even a text that happens to
 * start with `v2.`.
 */
export const CIPHERTEXT_PATTERN =
  '^v[12]\\.[^.]+\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]+$';

/** Rows per batch: each batch is one transaction, its rows locked while they are rewritten. */
const BATCH = 1000;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * A column written next to an encrypted one from its plaintext (a keyed blind index, say), filled
 * when a leftover is encrypted. The value is stored as text.
 */
export interface DerivedColumn {
  column: string;
  value: (plaintext: string, crypto: FieldEncryption) => string | null;
}

/** An encrypted column whose plaintext leftovers are to be encrypted. */
export interface LeftoverColumn extends EncryptedColumn {
  derived?: DerivedColumn[];
}

/**
 * Columns derived from an encrypted column's plaintext, by `table.column`: filled for each leftover
 * the step encrypts (e.g. `'client.phone'`: the phone's blind index).
 */
export const LEFTOVER_DERIVED: Record<string, DerivedColumn[]> = {
  'client.phone': [
    {
      column: 'phone_index',
      value: (plaintext, crypto) => crypto.blindIndex('phone', phoneDigits(plaintext)),
    },
  ],
};

/**
 * Encrypts, in batches of one transaction each, every value of the given columns that is not
 * ciphertext yet (CIPHERTEXT_PATTERN; NULL and '' are left alone), bound to its row like any value
 * the app writes, and fills its derived columns. Idempotent and safe to interrupt: a second run
 * finds nothing. Several instances may run it at once: a batch locks its rows (FOR UPDATE, no
 * SKIP LOCKED), so a run that finds nothing left has seen every value encrypted. Versions are not
 * bumped: nobody edited the records. Each column's key (`id`, or the entry's `key`) is a UUID, walked
 * in order through its index. Returns how many values it encrypted, per column.
 */
export async function encryptLeftovers(
  dataSource: DataSource,
  crypto: FieldEncryption,
  columns: readonly LeftoverColumn[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const { table, column, context, key = 'id', derived = [] } of columns) {
    let count = 0;
    // Forward through the key's index, one batch after another: each row is looked at once.
    let after = NIL_UUID;
    for (;;) {
      const done = await transaction(dataSource, async (manager) => {
        // Table and column names come from the registry (ENCRYPTED_COLUMNS), never from input.
        const plain = await rows(
          manager,
          sql<{
            id: string;
            value: string;
          }>`SELECT ${sql.ref(key)} AS id, ${sql.ref(column)}::text AS value
              FROM ${sql.table(table)}
             WHERE ${sql.ref(key)} > ${after}::uuid
               AND ${sql.ref(column)} IS NOT NULL AND ${sql.ref(column)}::text <> ''
               AND ${sql.ref(column)}::text !~ ${CIPHERTEXT_PATTERN}
             ORDER BY ${sql.ref(key)}
             LIMIT ${sql.lit(BATCH)} FOR UPDATE`,
        );
        if (plain.length === 0) return 0;
        after = plain[plain.length - 1].id;
        const ids = plain.map((row) => row.id);
        const values = plain.map((row) => crypto.encrypt(row.value, context(row.id)));
        const extra = derived.map((d) => plain.map((row) => d.value(row.value, crypto)));
        const sets = [
          sql`${sql.ref(column)} = u.value`,
          ...derived.map((d, i) => sql`${sql.ref(d.column)} = u.${sql.ref(`d${i}`)}`),
        ];
        const arrays = [
          sql`${ids}::uuid[]`,
          sql`${values}::text[]`,
          ...extra.map((values) => sql`${values}::text[]`),
        ];
        const names = [sql.ref('id'), sql.ref('value'), ...extra.map((_, i) => sql.ref(`d${i}`))];
        await exec(
          manager,
          sql`UPDATE ${sql.table(table)} AS t SET ${sql.join(sets)}
                FROM unnest(${sql.join(arrays)}) AS u(${sql.join(names)})
               WHERE t.${sql.ref(key)} = u.id`,
        );
        return plain.length;
      });
      count += done;
      if (done === 0) break;
    }
    counts.set(`${table}.${column}`, count);
  }
  return counts;
}

/**
 * The columns migrations filed in `encryption_backfill` (a column that became encrypted while its
 * values were plaintext): their leftovers are encrypted, then the column's row is removed. A filed
 * column the registry (ENCRYPTED_COLUMNS) does not know is an error: its values could not be read
 * back. Records one audit event with the counts when anything was encrypted. Returns the total.
 */
export async function encryptFiledLeftovers(
  dataSource: DataSource,
  crypto: FieldEncryption,
  registry: readonly EncryptedColumn[] = ENCRYPTED_COLUMNS,
): Promise<number> {
  const filed = await rows(
    dataSource,
    sql<{
      table_name: string;
      column_name: string;
    }>`SELECT table_name, column_name FROM encryption_backfill ORDER BY filed_at, table_name, column_name`,
  );
  if (filed.length === 0) return 0;
  const columns = filed.map(({ table_name: table, column_name: column }) => {
    const known = registry.find((c) => c.table === table && c.column === column);
    if (!known)
      throw new Error(
        `encryption_backfill names ${table}.${column}, which is not in ENCRYPTED_COLUMNS`,
      );
    return { ...known, derived: LEFTOVER_DERIVED[`${table}.${column}`] };
  });
  const counts = await encryptLeftovers(dataSource, crypto, columns);
  for (const { table, column } of columns)
    await exec(
      dataSource,
      sql`DELETE FROM encryption_backfill WHERE table_name = ${table} AND column_name = ${column}`,
    );
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (total > 0)
    await new AuditService(dataSource).recordNow(null, {
      action: 'update',
      entityType: 'encryption_key',
      summary: `encrypted ${total} values written before their columns were encrypted`,
      details: { values: total, columns: Object.fromEntries(counts), via: 'start-up' },
    });
  return total;
}

/**
 * At start-up, before the app answers anything: the plaintext left in columns that became
 * encrypted is encrypted (encryptFiledLeftovers). A failure stops the start: the app must not run
 * over values it cannot read.
 */
@Injectable()
export class EncryptLeftoversOnStart implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const total = await encryptFiledLeftovers(this.dataSource, this.crypto);
    if (total > 0) logger().info({ values: total }, 'encrypted plaintext leftovers');
  }
}
