import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { db, exec, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';
import { legalHoldContext } from './legal-hold.js';

/**
 * Demo data of retention: two German cases of clients with no other case, closed eight years ago
 * (past the six years of § 50 BRAO, dated relative to today) — one due, so the dry run has
 * something to show, and one under a legal hold, which the dry run lists as kept.
 */
export async function seedRetentionDemo(
  dataSource: DataSource,
  crypto: FieldEncryption,
): Promise<void> {
  await transaction(dataSource, async (manager) => {
    const picked = await rows(
      manager,
      db
        .selectFrom('legal_case as c')
        .innerJoin('team as tm', 'tm.id', 'c.team_id')
        .select(['c.id'])
        .where('c.jurisdiction', '=', 'DE')
        .where(
          sql<boolean>`(SELECT count(*) FROM legal_case o WHERE o.client_id = c.client_id) = 1`,
        )
        // The demo supervisor's team first, so the hold is theirs to see.
        .orderBy(sql`tm.name = 'Tbilisi office'`, 'desc')
        .orderBy('c.reference')
        .limit(2),
    );
    if (picked.length < 2) return;
    const ids = picked.map((row) => row.id);
    await exec(
      manager,
      db
        .updateTable('legal_case')
        .set({
          stage: 'closed',
          outcome: sql`coalesce(outcome, 'rejected')`,
          closed_on: sql`(current_date - interval '8 years')::date`,
          opened_on: sql`least(opened_on, (current_date - interval '10 years')::date)`,
        })
        .where('id', 'in', ids),
    );
    await exec(
      manager,
      db
        .updateTable('deadline')
        .set({ status: 'waived' })
        .where('case_id', 'in', ids)
        .where('status', '=', 'open'),
    );
    await exec(
      manager,
      db
        .updateTable('legal_case')
        .set({
          legal_hold_reason: crypto.encrypt(
            'Complaint to the bar pending: keep the file until it is decided',
            legalHoldContext(ids[1]),
          ),
          legal_hold_until: null,
          legal_hold_set_at: sql`now()`,
        })
        .where('id', '=', ids[1]),
    );
  });
}
