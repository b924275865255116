import type { DeadlineKind } from '../cases/case.enums.js';
import type { DeadlineExplanation } from './explain.js';
import type { Confidence } from './rules.js';

export const DEADLINE_STATUSES = ['open', 'done', 'missed', 'waived'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** Where a deadline came from. */
export const DEADLINE_SOURCES = ['manual', 'rule', 'document'] as const;
export type DeadlineSource = (typeof DEADLINE_SOURCES)[number];

/** Days before an open deadline at which its caseworker gets a reminder task, per kind. */
export const REMINDER_OFFSETS: Record<DeadlineKind, number[]> = {
  filing: [7, 2],
  appeal: [7, 2],
  appeal_grounds: [7, 2],
  interview: [7, 2],
  hearing: [7, 2],
  submission: [7, 2],
  document_expiry: [0],
  stay_expiry: [14, 3],
  decision_expected: [0],
  other: [2],
};

/** Passport and permit expiries become deadlines this many months ahead (domain.md). */
export const DOCUMENT_ALERT_MONTHS = [12, 6, 3] as const;

export interface DeadlineResponse {
  id: string;
  caseId: string;
  caseReference: string;
  kind: DeadlineKind;
  title: string;
  dueOn: string;
  ruleId: string | null;
  /** The rule's version the date was computed under. */
  ruleVersion: number | null;
  triggerDate: string | null;
  /** How the date was reached, rendered by the client in the reader's language. */
  explanation: DeadlineExplanation | null;
  /** The same, in the caller's language (Accept-Language: ru or en). */
  text: string | null;
  /** The rule's confidence, shown beside the date when not H. */
  confidence: Confidence | null;
  source: DeadlineSource;
  status: DeadlineStatus;
  completedAt: string | null;
  completedById: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Allowed status changes: open → done | missed | waived, and back to open to correct a mistake. */
export function canChangeDeadlineStatus(from: DeadlineStatus, to: DeadlineStatus): boolean {
  if (from === to) return true;
  return from === 'open' || to === 'open';
}
