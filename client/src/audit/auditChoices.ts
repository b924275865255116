import { AUDIT_ACTIONS } from '@haven/shared';

/** Audit actions with translated names (`auth.login` → `haven.audit.actions.auth.login`). */
export const auditActionChoices = AUDIT_ACTIONS.map((action) => ({
  id: action,
  name: `haven.audit.actions.${action}`,
}));

/** A day picked in a date filter, as the instant the `at` filter compares with. */
export function startOfDay(day: string): string {
  return day ? new Date(`${day}T00:00:00`).toISOString() : day;
}

export function endOfDay(day: string): string {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : day;
}
