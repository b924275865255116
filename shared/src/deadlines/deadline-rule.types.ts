import type { DeadlineKind } from '../cases/case.enums.js';
import type { Confidence, DeadlineRule, Duration } from './rules.js';
import type { StayLimitBinding } from './stay.js';

/** A rule of `GET /api/deadline-rules` (and `/api/deadline-rules/:id`). */
export interface DeadlineRuleResponse {
  id: string;
  /** ISO 3166-1 alpha-2. */
  jurisdiction: string;
  procedure: string;
  kind: DeadlineKind;
  /** The event the period runs from. */
  trigger: string;
  /** The period in words, e.g. "2 weeks". */
  duration: string;
  /** The period as data: exactly one unit. */
  period: Duration;
  dayType: DeadlineRule['dayType'];
  endRule: DeadlineRule['endRule'];
  /** Stay rules: days a visit, the day of entry being day 1. */
  perVisitMaxDays: number | null;
  /** Stay rules: at most `maxDays` present in any `windowDays`. */
  rolling: { maxDays: number; windowDays: number } | null;
  appliesTo: { nationalities?: readonly string[] };
  description: string;
  legalBasis: string;
  sourceUrl: string;
  confidence: Confidence;
  verifiedOn: string;
}

/**
 * A rule's due date for a trigger date: `GET /api/deadline-rules/:id/compute` and each of a case's
 * `GET /api/cases/:id/suggested-deadlines`. Computed, not stored.
 */
export interface ComputedDeadlineResponse {
  ruleId: string;
  triggerDate: string;
  dueOn: string;
  /** How the date was reached, in English, with the legal basis. */
  explanation: string;
  confidence: Confidence;
}

/** `GET /api/cases/:id/suggested-deadlines`: the deadlines the case's decision starts, not yet created. */
export interface SuggestedDeadlinesResponse {
  data: ComputedDeadlineResponse[];
}

/** What the stay panel renders in the reader's language (`GET /api/cases/:id/stay-limit`). */
export type StayLimitExplanation =
  | { code: 'stay.no_rule'; params: { country: string; nationality: string } }
  | { code: 'stay.no_current_stay'; params: { ruleId: string; country: string } }
  | {
      code: 'stay.limit';
      params: {
        ruleId: string;
        entryDate: string;
        perVisitMaxDays: number | null;
        perVisitLastDay: string | null;
        maxDays: number | null;
        windowDays: number | null;
        rollingLastDay: string | null;
        lastLegalDay: string;
        binding: StayLimitBinding;
        daysUsedBefore: number | null;
        confidence: Confidence;
        legalBasis: string;
      };
    };

/** `GET /api/cases/:id/stay-limit`. */
export interface StayLimitResponse {
  ruleId: string | null;
  lastLegalDay: string | null;
  perVisitLastDay: string | null;
  rollingLastDay: string | null;
  explanation: StayLimitExplanation;
  /** The same in English. */
  text: string;
}
