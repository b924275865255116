import type { DeadlineKind } from '../cases/case.enums.js';
import type { DeadlineExplanation } from './explain.js';
import type {
  Confidence,
  DeadlineRule,
  Duration,
  ProcedureTrack,
  RuleAppliesTo,
  TriggerEvent,
} from './rules.js';
import type { ServiceExplanation } from './service.js';
import type { StayLimitBinding } from './stay.js';

/** A rule of `GET /api/deadline-rules` (and `/api/deadline-rules/:id`): one version of it. */
export interface DeadlineRuleResponse {
  id: string;
  version: number;
  /** ISO 3166-1 alpha-2 (or `EU` for a rule of every member state). */
  jurisdiction: string;
  procedure: string;
  kind: DeadlineKind;
  /** The event the period runs from, as a code. */
  triggerEvent: TriggerEvent;
  /** The event in the rule's own words (English). */
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
  /** Fixed-date rules (the end of temporary protection): the date, and the alert ladder in days. */
  fixedDate: string | null;
  alertDaysBefore: readonly number[] | null;
  appliesTo: RuleAppliesTo;
  effectiveFrom: string | null;
  effectiveTo: string | null;
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
  /** The version in force on the trigger date. */
  version: number;
  triggerDate: string;
  dueOn: string;
  /** How the date was reached: what the client renders in the reader's language. */
  explanation: DeadlineExplanation;
  /** The same in the caller's language. */
  text: string;
  /** When the trigger date was derived from how and when the decision arrived. */
  service: ServiceExplanation | null;
  confidence: Confidence;
}

/**
 * `GET /api/cases/:id/suggested-deadlines`: the deadlines the case's decision starts, not yet
 * created — one appeal rule for the outcome and procedure track, or a question when the track is
 * unknown and the jurisdiction's periods depend on it.
 */
export interface SuggestedDeadlinesResponse {
  data: ComputedDeadlineResponse[];
  question: null | {
    code: 'deadline.track_unknown';
    /** The tracks whose periods differ; answering sets the case's `procedureTrack`. */
    options: ProcedureTrack[];
  };
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

/** Where a case keeps the date a rule's trigger event happened on. */
export const RULE_TRIGGER_SOURCES = [
  /** The case's decision service date (`decisionServedOn`). */
  'decisionServedOn',
  /** The entry of the client's current stay (the client's stays). */
  'stayEntry',
  /** The client's arrival date in their current country. */
  'arrivalDate',
] as const;
export type RuleTriggerSource = (typeof RULE_TRIGGER_SOURCES)[number];

/** A trigger event's date as the case records it. */
export interface RecordedTrigger {
  event: TriggerEvent;
  date: string;
  source: RuleTriggerSource;
  /** The country entered (arrival and entry events); null for the case's own decision. */
  country: string | null;
}

/**
 * `GET /api/cases/:id/rule-triggers`: what "Add from a rule" fills in and checks. The dates the case
 * records for trigger events, and the rules the case already has an open deadline from (which may
 * not be added again).
 */
export interface CaseRuleTriggersResponse {
  triggers: RecordedTrigger[];
  openRuleIds: string[];
}
