import { AUDIT_ACTIONS } from '@haven/shared';

/** Audit actions with translated names (`auth.login` → `haven.audit.actions.auth.login`). */
export const auditActionChoices = AUDIT_ACTIONS.map((action) => ({
  id: action,
  name: `haven.audit.actions.${action}`,
}));

/** The record types the audit trail names, by their translated names (`haven.audit.entities`). */
export const AUDIT_ENTITY_TYPES = [
  'case',
  'client',
  'task',
  'user',
  'team',
  'note',
  'note_comment',
  'deadline',
  'document',
  'data_request',
  'consent_event',
  'claim_summary',
  'intake_draft',
  'statistics',
  'retention_run',
  'retention_policy',
  'encryption_key',
  'calendar_token',
  'calendar_feed',
  'webauthn_credential',
  'audit_event',
] as const;

export const auditEntityChoices = AUDIT_ENTITY_TYPES.map((type) => ({
  id: type,
  name: `haven.audit.entities.${type}`,
}));

/** A day picked in a date filter, as the instant the `at` filter compares with. */
export function startOfDay(day: string): string {
  return day ? new Date(`${day}T00:00:00`).toISOString() : day;
}

export function endOfDay(day: string): string {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : day;
}
