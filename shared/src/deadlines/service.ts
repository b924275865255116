import { addCalendarDays } from './days.js';
import type { Confidence, ServiceMethod } from './rules.js';

/**
 * When a decision counts as served, from how and when it arrived (domain-sources.md §2: "record both
 * the actual date received and the legal service date"). A rule names what the recorded date is for
 * its method (`receivedMeans`), so the dialog asks the right question, and how many days after it the
 * law deems service. Where the law's fiction could fall before the recorded day, the recorded day is
 * the earliest plausible date a caseworker can know, and the explanation says so.
 */
export interface DeemedServiceRule {
  /** ISO 3166-1 alpha-2, or `*` for every jurisdiction without its own rule. */
  jurisdiction: string;
  method: ServiceMethod;
  /** What the recorded date (`decisionReceivedOn`) is, for this method. */
  receivedMeans: 'received' | 'handed_to_centre' | 'first_presented';
  /** Service is deemed this many days after the recorded date. */
  offsetDays: number;
  legalBasis: string;
  sourceUrl: string;
  confidence: Confidence;
}

export const DEEMED_SERVICE_RULES: readonly DeemedServiceRule[] = [
  {
    // § 10(4) AsylG: served when handed to the person, otherwise on the third day after the centre
    // received it — whenever the person collects it. The day the person collected it would be late.
    jurisdiction: 'DE',
    method: 'reception_centre',
    receivedMeans: 'handed_to_centre',
    offsetDays: 3,
    legalBasis: '§ 10(4) AsylG',
    sourceUrl: 'https://www.gesetze-im-internet.de/asylvfg_1992/__10.html',
    confidence: 'H',
  },
  {
    // Formal service by post with a delivery certificate (§ 3 VwZG): the day of delivery.
    jurisdiction: 'DE',
    method: 'post',
    receivedMeans: 'received',
    offsetDays: 0,
    legalBasis: '§ 3 VwZG (Postzustellungsurkunde)',
    sourceUrl: 'https://www.gesetze-im-internet.de/vwzg_2005/__3.html',
    confidence: 'H',
  },
  {
    // § 4(2) VwZG deems a registered letter served days after posting unless it arrived later: the
    // day it arrived is never after the law's date.
    jurisdiction: 'DE',
    method: 'registered_post',
    receivedMeans: 'received',
    offsetDays: 0,
    legalBasis: '§ 4(2) VwZG',
    sourceUrl: 'https://www.gesetze-im-internet.de/vwzg_2005/__4.html',
    confidence: 'M',
  },
];

/** A decision's legal service date and how it was reached. */
export type ServiceExplanation =
  | { code: 'service.given'; params: { servedOn: string } }
  | {
      code: 'service.deemed';
      params: {
        jurisdiction: string;
        method: ServiceMethod;
        receivedOn: string;
        receivedMeans: DeemedServiceRule['receivedMeans'];
        offsetDays: number;
        servedOn: string;
        legalBasis: string;
        confidence: Confidence;
      };
    }
  | {
      code: 'service.on_receipt';
      params: { method: ServiceMethod; receivedOn: string; servedOn: string };
    };

export function deemedServiceRule(
  jurisdiction: string,
  method: ServiceMethod,
): DeemedServiceRule | undefined {
  return DEEMED_SERVICE_RULES.find(
    (rule) => rule.jurisdiction === jurisdiction && rule.method === method,
  );
}

/**
 * The legal service date of a decision recorded as arriving by `method` on `receivedOn`. With no rule
 * for the jurisdiction and method, the day it arrived: the earliest date the caseworker knows, and the
 * explanation asks them to enter an earlier legal date if the law deems one.
 */
export function deemedService(
  jurisdiction: string,
  method: ServiceMethod,
  receivedOn: string,
): { servedOn: string; explanation: ServiceExplanation } {
  const rule = deemedServiceRule(jurisdiction, method);
  if (!rule) {
    return {
      servedOn: receivedOn,
      explanation: {
        code: 'service.on_receipt',
        params: { method, receivedOn, servedOn: receivedOn },
      },
    };
  }
  const servedOn = addCalendarDays(receivedOn, rule.offsetDays);
  return {
    servedOn,
    explanation: {
      code: 'service.deemed',
      params: {
        jurisdiction,
        method,
        receivedOn,
        receivedMeans: rule.receivedMeans,
        offsetDays: rule.offsetDays,
        servedOn,
        legalBasis: rule.legalBasis,
        confidence: rule.confidence,
      },
    },
  };
}
