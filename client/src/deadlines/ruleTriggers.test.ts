import { DEADLINE_RULES, type RecordedTrigger } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import {
  jurisdictionCoverage,
  proceduralJurisdictions,
  recordedTrigger,
  triggerMismatch,
} from './ruleTriggers';

const served: RecordedTrigger = {
  event: 'decision_served',
  date: '2026-03-02',
  source: 'decisionServedOn',
  country: null,
};
const enteredGeorgia: RecordedTrigger = {
  event: 'entry',
  date: '2026-02-14',
  source: 'stayEntry',
  country: 'GE',
};

describe('add from a rule', () => {
  it('finds the recorded date of the rule’s trigger, an entry only into a country the rule governs', () => {
    const appeal = { triggerEvent: 'decision_served' as const, jurisdiction: 'DE' };
    expect(recordedTrigger(appeal, [enteredGeorgia, served])).toBe(served);
    expect(
      recordedTrigger({ triggerEvent: 'entry', jurisdiction: 'GE' }, [served, enteredGeorgia]),
    ).toBe(enteredGeorgia);
    expect(
      recordedTrigger({ triggerEvent: 'entry', jurisdiction: 'FR' }, [enteredGeorgia]),
    ).toBeNull();
    expect(
      recordedTrigger({ triggerEvent: 'claim_referred', jurisdiction: 'CA' }, [served]),
    ).toBeNull();
    expect(recordedTrigger(appeal, undefined)).toBeNull();
  });

  it('warns only when a whole day was typed and it differs', () => {
    expect(triggerMismatch('2026-03-09', served)).toBe(true);
    expect(triggerMismatch('2026-03-02', served)).toBe(false);
    expect(triggerMismatch('2026-03-0', served)).toBe(false);
    expect(triggerMismatch('2026-03-09', null)).toBe(false);
  });

  it('tells jurisdictions with procedural rules from those with a stay limit only or nothing', () => {
    expect(jurisdictionCoverage(DEADLINE_RULES, 'DE')).toBe('procedural');
    expect(jurisdictionCoverage(DEADLINE_RULES, 'KG')).toBe('stay_only');
    expect(jurisdictionCoverage(DEADLINE_RULES, 'UZ')).toBe('none');
    const listed = proceduralJurisdictions(DEADLINE_RULES);
    expect(listed).toContain('GE');
    expect(listed).not.toContain('KG');
    expect(new Set(listed).size).toBe(listed.length);
  });
});
