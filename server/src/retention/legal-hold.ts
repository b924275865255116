import type { LegalHold } from '@haven/shared';
import { fieldContext, type FieldEncryption } from '../encryption/field-encryption.js';

/** The associated data of a legal hold's reason. */
export const legalHoldContext = (caseId: string) =>
  fieldContext('legal_case', 'legal_hold_reason', caseId);

/** A hold's columns as a case row carries them (`selectCases`: the date as text). */
export interface LegalHoldColumns {
  id: string;
  legalHoldReason?: string | null;
  legalHoldUntil?: string | null;
  legalHoldSetAt?: Date | null;
  legalHoldSetById?: string | null;
}

/** Today in UTC, YYYY-MM-DD (the day `until` is compared with, as the database's `current_date`). */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The case's hold for its response (reason decrypted), or null when none is set. */
export function legalHoldOf(record: LegalHoldColumns, crypto: FieldEncryption): LegalHold | null {
  if (!record.legalHoldSetAt) return null;
  const until = record.legalHoldUntil ?? null;
  return {
    reason: crypto.decrypt(record.legalHoldReason, legalHoldContext(record.id)) ?? '',
    until,
    setAt: new Date(record.legalHoldSetAt).toISOString(),
    setById: record.legalHoldSetById ?? null,
    active: until === null || until >= todayUtc(),
  };
}

/**
 * SQL of "case `alias` is under an active hold" (to be inlined in a statement): set, and its last
 * day not passed.
 */
export const ACTIVE_HOLD = (alias: string) =>
  `(${alias}.legal_hold_set_at IS NOT NULL AND (${alias}.legal_hold_until IS NULL OR ${alias}.legal_hold_until >= current_date))`;
