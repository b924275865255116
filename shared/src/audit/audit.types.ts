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

/**
 * An event of a case's history tab (`GET /api/cases/:id/history`), as the caller may see it. For
 * everyone but an admin: `actorId` is null when the actor is in another team (`actorElsewhere`
 * says so; an admin's own acts keep the admin), `ip` is shown to a supervisor for their own team's
 * staff only and never to a caseworker, and `details` keeps only `fields` and `stage: {from, to}`.
 */
export interface CaseHistoryEvent extends AuditEventResponse {
  /** The event was done by someone the caller may not know of: a member of another team. */
  actorElsewhere: boolean;
  /** The reason given for a stage change (decrypted); null on other events and when none was given. */
  stageReason: string | null;
}

export interface AuditVerifyResponse {
  ok: boolean;
  checked: number;
  /** The first event whose hash or link does not match, when `ok` is false. */
  firstBroken: { id: string; seq: number; reason: 'hash_mismatch' | 'broken_link' } | null;
}
