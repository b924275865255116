/** Actions recorded in the audit trail. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'create',
  'read',
  'update',
  'delete',
  'reassign',
  'export',
  'verify',
  'merge',
  'unmerge',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEventResponse {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  action: AuditAction;
  entityType: string | null;
  entityId: string | null;
  teamId: string | null;
  ip: string | null;
  summary: string;
  /** Changed field names, parameters of an export…; never a sensitive value. */
  details: Record<string, unknown> | null;
}

export interface AuditVerifyResponse {
  ok: boolean;
  checked: number;
  /** The first event whose hash or link does not match, when `ok` is false. */
  firstBroken: { id: string; seq: number; reason: 'hash_mismatch' | 'broken_link' } | null;
}
