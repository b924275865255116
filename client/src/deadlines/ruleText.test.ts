import { RULE_TEXT_RU, findRule } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { appealSuggestions, caseDecisionTrack, deadlineTitle, ruleText } from './ruleText';

describe('rule texts', () => {
  it('finds a rule by id and version, falling back to its latest version', () => {
    expect(ruleText('DE.appeal', 1)?.id).toBe('DE.appeal');
    expect(ruleText('DE.appeal', 99)?.id).toBe('DE.appeal');
    expect(ruleText('GE.appeal', 1)?.version).toBe(1);
    expect(ruleText(null)).toBeUndefined();
    expect(ruleText('XX.nothing')).toBeUndefined();
  });

  it('shows a title left to its rule’s description in the reader’s language, and a written one as written', () => {
    const rule = findRule('DE.appeal.accelerated')!;
    const deadline = { title: rule.description, ruleId: rule.id, ruleVersion: 1 };
    expect(deadlineTitle(deadline, 'en')).toBe(rule.description);
    expect(deadlineTitle(deadline, 'ru')).toBe(RULE_TEXT_RU[rule.id].description);
    expect(deadlineTitle({ ...deadline, title: 'Klage — Herr A.' }, 'ru')).toBe('Klage — Herr A.');
    expect(deadlineTitle({ title: 'Interview', ruleId: null }, 'ru')).toBe('Interview');
  });

  it('reads the decision’s track from the outcome where it names one', () => {
    expect(
      caseDecisionTrack({ outcome: 'rejected_manifestly_unfounded', procedureTrack: 'unknown' }),
    ).toBe('manifestly_unfounded');
    expect(caseDecisionTrack({ outcome: 'rejected', procedureTrack: 'regular' })).toBe('regular');
  });

  it('picks the appeals among suggestions', () => {
    const items = [
      { ruleId: 'DE.appeal_grounds', version: 1 },
      { ruleId: 'DE.appeal.accelerated', version: 1 },
      { ruleId: 'DE.departure.manifestly_unfounded', version: 1 },
    ];
    expect(appealSuggestions(items).map((item) => item.ruleId)).toEqual(['DE.appeal.accelerated']);
  });
});
