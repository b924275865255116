import { DEADLINE_RULES, findRule, type DeadlineRule } from '@haven/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPeriod, calendarFor, computeDeadline } from './compute.js';

const rule = (id: string) => findRule(id)!;

describe('addPeriod', () => {
  it.each([
    ['2026-01-31', { months: 1 }, '2026-02-28'],
    ['2028-01-31', { months: 1 }, '2028-02-29'],
    ['2026-03-31', { months: 1 }, '2026-04-30'],
    ['2026-12-15', { months: 1 }, '2027-01-15'],
    ['2028-02-29', { years: 1 }, '2029-02-28'],
    ['2026-03-21', { weeks: 2 }, '2026-04-04'],
    ['2026-12-25', { days: 10 }, '2027-01-04'],
  ] as const)('%s + %j = %s', (from, duration, expected) => {
    expect(addPeriod(from, duration)).toBe(expected);
  });
});

describe('computeDeadline', () => {
  it('moves a German appeal period past the weekend and Easter Monday (the domain example)', () => {
    const result = computeDeadline(rule('DE.appeal'), '2026-03-21');
    expect(result.periodEnd).toBe('2026-04-04');
    expect(result.dueOn).toBe('2026-04-07');
    expect(result.explanation).toBe(
      '2 weeks from service of the BAMF decision on 21 Mar 2026 = Sat 4 Apr 2026; next working day after Easter Monday: Tue 7 Apr 2026 (§ 74(1) AsylG; end of period § 57 VwGO with § 222 ZPO)',
    );
  });

  it('moves a period ending on a plain weekend to Monday', () => {
    // 2 weeks from Saturday 2026-05-02 is Saturday 2026-05-16 → Monday 2026-05-18.
    const result = computeDeadline(rule('DE.appeal'), '2026-05-02');
    expect(result.dueOn).toBe('2026-05-18');
    expect(result.explanation).toContain('next working day after the weekend');
  });

  it('uses the Israeli weekend (Friday and Saturday)', () => {
    const calendar = calendarFor('IL');
    expect(calendar.isWeekend('2026-11-27')).toBe(true); // Friday
    expect(calendar.isWeekend('2026-11-29')).toBe(false); // Sunday
  });

  it('does not move stay limits, which are not procedural periods', () => {
    // Day 365 from entry on 4 Jan 2026 (day 1) is Sunday 3 Jan 2027, and stays there.
    expect(computeDeadline(rule('GE.stay'), '2026-01-04').dueOn).toBe('2027-01-03');
  });

  it.each([
    ['DE.appeal.accelerated', '2026-06-10', '2026-06-17'],
    ['DE.appeal_grounds', '2026-01-31', '2026-03-02'], // 28 Feb 2026 is a Saturday
    ['FR.ofpra_filing', '2026-06-01', '2026-06-22'],
    ['FR.apply_after_entry', '2026-01-01', '2026-04-01'],
    ['FR.appeal', '2026-07-14', '2026-08-14'],
    ['FR.legal_aid', '2026-07-30', '2026-08-14'],
    ['UK.appeal', '2026-12-11', '2026-12-29'], // 25 Dec (Fri) is Christmas, 28 Dec is the Boxing Day substitute
    ['UK.appeal.outside', '2026-06-01', '2026-06-29'],
    ['US.one_year', '2025-07-04', '2026-07-06'], // 4 Jul 2026 is a Saturday; 3 Jul is the observed holiday
    ['US.bia_appeal', '2026-06-01', '2026-07-01'],
    ['CA.boc', '2026-06-16', '2026-07-02'], // 1 Jul is Canada Day
    ['CA.rad_appeal', '2026-03-02', '2026-03-17'],
    ['FI.appeal', '2026-11-06', '2026-12-07'], // 6 Dec is Independence Day (a Sunday)
    ['EE.appeal', '2026-02-14', '2026-02-25'], // 24 Feb is Independence Day
    ['LV.appeal', '2026-04-18', '2026-05-18'],
    ['PL.appeal', '2026-04-21', '2026-05-05'],
    // Stay rules: the day of entry is day 1 (stay.spec.ts has the full computation).
    ['KZ.stay', '2026-01-01', '2026-03-31'],
    ['GE.stay', '2026-03-01', '2027-02-28'],
    ['AM.stay', '2026-01-01', '2026-06-29'],
    ['TR.stay', '2026-01-01', '2026-03-01'],
    ['IL.stay', '2026-01-01', '2026-03-31'],
    ['MN.stay', '2026-01-01', '2026-01-30'],
    ['RS.stay', '2026-01-01', '2026-01-30'],
  ])('%s from %s is due %s', (id, trigger, expected) => {
    expect(computeDeadline(rule(id), trigger).dueOn).toBe(expected);
  });

  it('has a rule for every entry of the domain table, each with its source', () => {
    const ids = DEADLINE_RULES.map((r) => r.id);
    for (const id of [
      'DE.appeal',
      'DE.appeal.accelerated',
      'DE.appeal_grounds',
      'FR.ofpra_filing',
      'FR.apply_after_entry',
      'FR.appeal',
      'FR.legal_aid',
      'UK.appeal',
      'US.one_year',
      'US.bia_appeal',
      'CA.boc',
      'CA.rad_appeal',
      'FI.appeal',
      'EE.appeal',
      'LV.appeal',
      'PL.appeal',
      'KZ.stay',
      'GE.stay',
      'AM.stay',
      'TR.stay',
      'IL.stay',
      'MN.stay',
      'RS.stay',
    ]) {
      expect(ids).toContain(id);
    }
    for (const r of DEADLINE_RULES) {
      expect(r.legalBasis.length, r.id).toBeGreaterThan(3);
      expect(r.sourceUrl, r.id).toMatch(/^https:\/\//);
      expect(r.verifiedOn, r.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  const day = fc
    .date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const rolling: DeadlineRule[] = DEADLINE_RULES.filter((r) => r.endRule === 'next_working_day');

  it('never lands on a weekend or public holiday where the rule rolls, and never before the trigger', () => {
    fc.assert(
      fc.property(fc.constantFrom(...rolling), day, (r, trigger) => {
        const { dueOn, periodEnd } = computeDeadline(r, trigger);
        expect(calendarFor(r.jurisdiction).isWorkingDay(dueOn)).toBe(true);
        expect(dueOn > trigger).toBe(true);
        expect(dueOn >= periodEnd).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('never lands before the trigger for any rule', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEADLINE_RULES),
        day,
        (r, trigger) => computeDeadline(r, trigger).dueOn > trigger,
      ),
      { numRuns: 300 },
    );
  });
});
