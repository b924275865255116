import type { Confidence, DeadlineKind, StayLimitResponse } from '@haven/shared';

/** `GET /api/deadline-rules` items (the server's DeadlineRuleDto). */
export interface DeadlineRuleItem {
  id: string;
  jurisdiction: string;
  procedure: string;
  kind: DeadlineKind;
  trigger: string;
  /** e.g. "2 weeks". */
  duration: string;
  description: string;
  legalBasis: string;
  sourceUrl: string;
  confidence: Confidence;
  verifiedOn: string;
}

/** `GET /api/deadline-rules/:id/compute` and each suggestion of a case. */
export interface ComputedDeadline {
  ruleId: string;
  triggerDate: string;
  dueOn: string;
  explanation: string;
  confidence: Confidence;
}

/** `GET /api/cases/:id/stay-limit`. */
export type StayLimit = StayLimitResponse;
