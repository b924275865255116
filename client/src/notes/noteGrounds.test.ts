import { GROUNDS } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { addsGroundToCase, groundChoices } from './noteGrounds';

describe('the note form’s grounds', () => {
  it('offers the case’s grounds first, then the others, each in the domain’s order', () => {
    const choices = groundChoices(['political_opinion', 'religion']);
    expect(choices.caseGrounds).toEqual(['religion', 'political_opinion']);
    expect(choices.otherGrounds).not.toContain('religion');
    expect(choices.otherGrounds).not.toContain('political_opinion');
    expect([...choices.caseGrounds, ...choices.otherGrounds].sort()).toEqual([...GROUNDS].sort());
    expect(groundChoices(null)).toEqual({ caseGrounds: [], otherGrounds: [...GROUNDS] });
  });

  it('asks before a ground the case lacks, and only then', () => {
    const grounds = ['conscientious_objection'];
    expect(addsGroundToCase('torture', grounds)).toBe(true);
    expect(addsGroundToCase('conscientious_objection', grounds)).toBe(false);
    expect(addsGroundToCase('', grounds)).toBe(false);
    // An edit keeping the note's ground changes nothing on the case.
    expect(addsGroundToCase('torture', grounds, 'torture')).toBe(false);
    expect(addsGroundToCase('torture', grounds, 'conscientious_objection')).toBe(true);
    // Grounds not known yet: the server's refusal asks.
    expect(addsGroundToCase('torture', undefined)).toBe(false);
  });
});
