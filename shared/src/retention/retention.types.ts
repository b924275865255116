import type { CaseType } from '../cases/case.enums.js';

/** A case's legal hold: keeps it from retention and its client from anonymisation. */
export interface LegalHold {
  /** Free text, encrypted at rest. */
  reason: string;
  /** The last day the hold applies (YYYY-MM-DD); null: until cleared. */
  until: string | null;
  setAt: string;
  setById: string | null;
  /** False once `until` has passed. */
  active: boolean;
}

export interface LegalHoldInput {
  reason: string;
  until?: string | null;
}

/** Years kept after a case closes, by jurisdiction and case type (null: any). The most specific wins. */
export interface RetentionPolicy {
  jurisdiction: string | null;
  caseType: CaseType | null;
  years: number;
  /** Counted from the end of the calendar year the case closed in (e.g. § 50(1) BRAO). */
  fromYearEnd: boolean;
  legalBasis: string | null;
}

export interface RetentionPoliciesResponse {
  data: RetentionPolicy[];
}

/**
 * Where a case stands for retention: `due` (closed, past retention, no hold), `held` (would be due
 * but under a legal hold), `retained` (closed, retention not yet over), `open`, `no_policy` (no
 * policy covers it: kept until one does).
 */
export const RETENTION_CASE_STATES = ['due', 'held', 'retained', 'open', 'no_policy'] as const;
export type RetentionCaseState = (typeof RETENTION_CASE_STATES)[number];

export interface RetentionCase {
  id: string;
  reference: string;
  jurisdiction: string;
  caseType: CaseType;
  closedOn: string | null;
  /** The last day it is kept (null: open, or no policy). */
  retainedUntil: string | null;
  state: RetentionCaseState;
}

/** A client with at least one due case: goes (every case due) or stays (why: its other cases). */
export interface RetentionClient {
  id: string;
  reference: string;
  givenName: string;
  familyName: string;
  goes: boolean;
  /** Every case of the client, with its state: those not `due` are why the client stays. */
  cases: RetentionCase[];
}

export interface RetentionPlan {
  /** The day the plan was computed for (YYYY-MM-DD). */
  asOf: string;
  /** Clients that would be anonymised, with all their cases. */
  going: RetentionClient[];
  /** Clients with a due case who stay, and why. */
  staying: RetentionClient[];
  /** Cases past retention kept by a legal hold (their clients are not listed above for them). */
  held: RetentionCase[];
  counts: { cases: number; clients: number; staying: number; held: number };
}

export interface RetentionApplyInput {
  caseIds: string[];
}

export interface RetentionApplyResponse extends RetentionPlan {
  runId: string;
}

export const RETENTION_RUN_MODES = ['dry_run', 'applied'] as const;
export type RetentionRunMode = (typeof RETENTION_RUN_MODES)[number];
export const RETENTION_RUN_TRIGGERS = ['nightly', 'manual'] as const;
export type RetentionRunTrigger = (typeof RETENTION_RUN_TRIGGERS)[number];

/** A record of a run: counts and ids, never a name. */
export interface RetentionRun {
  id: string;
  at: string;
  actorId: string | null;
  mode: RetentionRunMode;
  trigger: RetentionRunTrigger;
  caseCount: number;
  clientCount: number;
  stayingCount: number;
  heldCount: number;
  caseIds: string[];
  clientIds: string[];
}

export interface AnonymiseResponse {
  id: string;
  anonymisedAt: string;
  /** False when the client had already been anonymised (nothing changed). */
  changed: boolean;
}
