/** Actions recorded in the audit trail. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'auth.password_change_failed',
  'auth.session_revoked',
  'auth.mfa_challenge',
  'auth.mfa_failed',
  'auth.mfa_enrolled',
  'auth.mfa_removed',
  'auth.mfa_reset',
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

/**
 * What `verify` can find wrong with the trail:
 * - `hash_mismatch`: an event's content does not match its keyed MAC or hash, or its link hash is not the one the key makes — it was edited;
 * - `broken_link`: an event does not name the previous event's hash — one before it was changed or removed;
 * - `unkeyed`: an event carries a hash of an earlier rule than its era's — written behind the server's back;
 * - `seq_gap`: chain positions `seq`…`throughSeq` are missing (the chain is gapless: they were deleted);
 * - `tail_cut`: the chain's head says positions `seq`…`throughSeq` were sealed, and they are gone;
 * - `head_mismatch`: the last link is not the one the chain's head recorded — written around the trigger;
 * - `unsealed`: an event was not linked into the chain within a minute — the sealer is blocked or was bypassed;
 * - `checkpoint_missing` / `checkpoint_mismatch`: the event at the chain position a checkpoint attests is gone, or differs.
 *
 * An event's chain position is its `seq` up to chain version 2; from version 3 events get their
 * `seq` in the order they are appended (a rollback leaves a gap there) and a gapless position when
 * the sealer links them.
 */
export const AUDIT_PROBLEM_REASONS = [
  'hash_mismatch',
  'broken_link',
  'unkeyed',
  'seq_gap',
  'tail_cut',
  'head_mismatch',
  'unsealed',
  'checkpoint_missing',
  'checkpoint_mismatch',
] as const;
export type AuditProblemReason = (typeof AUDIT_PROBLEM_REASONS)[number];

export interface AuditProblem {
  reason: AuditProblemReason;
  /** The event's `seq`; for missing ranges and checkpoints, a chain position. */
  seq: number;
  /** The event concerned; null for events that are missing. */
  id: string | null;
  /** For missing ranges: the last missing chain position. */
  throughSeq?: number;
}

export interface AuditVerifyResponse {
  ok: boolean;
  checked: number;
  /** Everything found, in sequence order (at most 100). */
  problems: AuditProblem[];
  /** The first problem, when `ok` is false. */
  firstBroken: AuditProblem | null;
}

/** A signed attestation of the trail's last event (`GET /api/audit-events/checkpoint`), to keep outside the database. */
export interface AuditCheckpoint {
  /** The chain position of the last sealed event (see AUDIT_PROBLEM_REASONS); 0 for an empty trail. */
  seq: number;
  hash: string;
  /** When the checkpoint was taken (ISO 8601). */
  at: string;
  /** Ed25519 over `seq|hash|at`, base64url. */
  signature: string;
}
