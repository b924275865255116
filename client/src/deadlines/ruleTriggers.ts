import {
  ruleCovers,
  type DeadlineRuleResponse,
  type RecordedTrigger,
  type RuleTriggerSource,
} from '@haven/shared';

/**
 * "Add from a rule", pure: the date the case records for a rule's trigger event, whether a typed date
 * differs from it, and what the catalogue holds for a jurisdiction.
 */

/**
 * The recorded date a rule runs from: the case's own (a decision served) or an entry into a country
 * the rule governs (the client's current stay or arrival). Null when the case records none.
 */
export function recordedTrigger(
  rule: Pick<DeadlineRuleResponse, 'triggerEvent' | 'jurisdiction'>,
  triggers: readonly RecordedTrigger[] | undefined,
): RecordedTrigger | null {
  return (
    (triggers ?? []).find(
      (trigger) =>
        trigger.event === rule.triggerEvent &&
        (trigger.country === null || ruleCovers(rule, trigger.country)),
    ) ?? null
  );
}

/** A typed trigger date that is a day and not the one the case records. */
export function triggerMismatch(typed: string, recorded: RecordedTrigger | null): boolean {
  return recorded !== null && /^\d{4}-\d{2}-\d{2}$/.test(typed) && typed !== recorded.date;
}

/** A rule of procedure (an appeal, a filing…), as against a stay limit. */
export const isProcedural = (rule: Pick<DeadlineRuleResponse, 'kind'>) =>
  rule.kind !== 'stay_expiry';

/** What the catalogue holds for a jurisdiction: procedural rules, only a stay limit, or nothing. */
export function jurisdictionCoverage(
  rules: readonly Pick<DeadlineRuleResponse, 'kind' | 'jurisdiction'>[],
  jurisdiction: string,
): 'procedural' | 'stay_only' | 'none' {
  const own = rules.filter((rule) => ruleCovers(rule, jurisdiction));
  if (own.some(isProcedural)) return 'procedural';
  return own.length > 0 ? 'stay_only' : 'none';
}

/** The jurisdictions with procedural rules (EU rules count as the EU's own entry). */
export function proceduralJurisdictions(
  rules: readonly Pick<DeadlineRuleResponse, 'kind' | 'jurisdiction'>[],
): string[] {
  return [...new Set(rules.filter(isProcedural).map((rule) => rule.jurisdiction))];
}

export type { RuleTriggerSource };
