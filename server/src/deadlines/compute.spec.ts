import {
  DEADLINE_RULES,
  findRule,
  renderExplanation,
  ruleInForce,
  type DeadlineRule,
} from '@haven/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addPeriod, calendarFor, computeDeadline, isStayRule } from './compute.js';

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
    expect(result.explanation).toEqual({
      code: 'deadline.period',
      params: expect.objectContaining({
        ruleId: 'DE.appeal',
        version: 1,
        triggerEvent: 'decision_served',
        triggerDate: '2026-03-21',
        periodEnd: '2026-04-04',
        dueOn: '2026-04-07',
        moved: { reason: 'holiday', holiday: 'Easter Monday' },
      }),
    });
    expect(renderExplanation(result.explanation, 'en')).toBe(
      '2 weeks from service of the decision on 21 Mar 2026 = Sat 4 Apr 2026; next working day after Easter Monday: Tue 7 Apr 2026 (§ 74(1) AsylG; end of period § 57 VwGO with § 222 ZPO)',
    );
    expect(renderExplanation(result.explanation, 'ru')).toContain('7 апреля 2026');
  });

  it('moves a period ending on a plain weekend to Monday', () => {
    // 2 weeks from Saturday 2026-05-02 is Saturday 2026-05-16 → Monday 2026-05-18.
    const result = computeDeadline(rule('DE.appeal'), '2026-05-02');
    expect(result.dueOn).toBe('2026-05-18');
    expect(
      result.explanation.code === 'deadline.period' && result.explanation.params.moved,
    ).toEqual({ reason: 'weekend' });
    expect(renderExplanation(result.explanation, 'en')).toContain(
      'next working day after the weekend',
    );
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
      expect(r.sourceUrl, r.id).toMatch(/^https?:\/\//);
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

  // Rules that count a period from their trigger (not a fixed date, not a stay).
  const periodic = DEADLINE_RULES.filter((r) => !r.fixedDate && !r.beforeStayEnd && !isStayRule(r));

  it('never lands before the trigger, nor after the period’s end rolled forward over holidays', () => {
    fc.assert(
      fc.property(fc.constantFrom(...periodic), day, (r, trigger) => {
        const { dueOn } = computeDeadline(r, trigger);
        expect(dueOn > trigger).toBe(true);
        const calendar = calendarFor(r.jurisdiction);
        // The latest the law allows: the period counted in calendar days (working days: the
        // n-th working day), then — only where the rule rolls — to the next working day.
        let latest = r.dayType === 'working' ? trigger : addPeriod(trigger, r.duration);
        if (r.dayType === 'working')
          for (let n = Object.values(r.duration)[0]; n > 0;)
            if (calendar.isWorkingDay((latest = addDays(latest, 1)))) n--;
        if (r.endRule === 'next_working_day')
          while (!calendar.isWorkingDay(latest)) latest = addDays(latest, 1);
        expect(dueOn <= latest, `${r.id} ${trigger}: ${dueOn} > ${latest}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('every rule of every kind computes a date on or after its trigger (stays: the last legal day)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEADLINE_RULES.filter((r) => !r.fixedDate)),
        day,
        (r, trigger) => computeDeadline(r, trigger).dueOn >= trigger,
      ),
      { numRuns: 300 },
    );
  });
});

describe('host-country rules around their local holidays', () => {
  it.each([
    // Georgia: 10 days from Fri 9 Jan 2026 end on Mon 19 Jan, Epiphany → Tue 20 Jan.
    ['GE.appeal', '2026-01-09', '2026-01-20'],
    // … and 7 days for an inadmissibility decision from Mon 12 Jan end on Mon 19 Jan → Tue 20 Jan.
    ['GE.appeal.inadmissible', '2026-01-12', '2026-01-20'],
    // Kazakhstan: 5 calendar days, the end never moves — Nauryz (21–23 March) does not extend it.
    ['KZ.refugee_request', '2026-03-17', '2026-03-22'],
    // Türkiye: Kurban Bayramı 27–30 May 2026 (the arife, 26 May, is a working day).
    ['TR.deportation_appeal', '2026-05-21', '2026-06-01'], // Thu 28 May (Bayram) → Mon 1 Jun
    ['TR.deportation_appeal', '2026-05-19', '2026-05-26'], // the arife afternoon does not move it
    ['TR.ip_appeal.accelerated', '2026-05-12', '2026-06-01'], // 15 days → Wed 27 May (Bayram) → Mon 1 Jun
    // Serbia: Orthodox Easter 2026 is 12 April; Good Friday 10 April and Easter Monday 13 April are off.
    ['RS.appeal', '2026-03-28', '2026-04-14'], // 15 days → Sun 12 Apr → Mon 13 Apr (Easter Monday) → Tue 14 Apr
    ['RS.appeal.accelerated', '2026-04-02', '2026-04-14'], // 8 days → Fri 10 Apr (Good Friday) → Tue 14 Apr
    // The Netherlands: King's Day, 27 April 2026 (a Monday).
    ['NL.appeal.general', '2026-04-20', '2026-04-28'],
    ['NL.appeal.extended', '2026-03-30', '2026-04-28'],
    // Germany: the rest of the calendar.
    ['DE.appeal.airport', '2026-04-02', '2026-04-07'], // 3 days → Sun 5 Apr → Easter Monday → Tue 7 Apr
    ['DE.departure.manifestly_unfounded', '2026-04-02', '2026-04-09'], // departure does not roll
    ['DE.leave_to_appeal', '2026-11-30', '2026-12-30'],
    ['DE.subsequent_application', '2026-09-03', '2026-12-03'],
    ['DE.decision_expected', '2026-06-01', '2026-12-01'],
    ['PL.appeal.accelerated', '2026-04-28', '2026-05-05'], // 7 days → Tue 5 May (1 and 3 May are holidays, not the end)
    ['AM.appeal', '2026-01-01', '2026-01-16'],
    ['RS.lodge', '2026-01-01', '2026-01-24'],
  ])('%s from %s is due %s', (id, trigger, expected) => {
    const version = ruleInForce(id, trigger);
    expect(version, `${id} in force on ${trigger}`).toBeDefined();
    expect(computeDeadline(version!, trigger).dueOn).toBe(expected);
  });

  it('Türkiye: every whole day of Kurban Bayramı is a holiday, the arife and the day after are not', () => {
    const tr = calendarFor('TR');
    expect(
      ['2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30', '2026-05-31'].map(
        (d) => tr.isWorkingDay(d),
      ),
    ).toEqual([true, false, false, false, false, false]);
    expect(tr.isWorkingDay('2026-06-01')).toBe(true);
    // Ramazan Bayramı 2027 runs 9–11 March; the data ends at noon on the 12th, a working day.
    expect(tr.isWorkingDay('2027-03-12')).toBe(true);
    expect(tr.isWorkingDay('2027-03-11')).toBe(false);
  });

  it('picks the version in force on the trigger date at each boundary', () => {
    // Georgia's 2025 law: 15 days before 7 July 2025, 10 days (regular) from it.
    expect(computeDeadline(ruleInForce('GE.appeal', '2025-07-06')!, '2025-07-06').dueOn).toBe(
      '2025-07-21',
    );
    expect(computeDeadline(ruleInForce('GE.appeal', '2025-07-07')!, '2025-07-07').dueOn).toBe(
      '2025-07-17',
    );
    // Türkiye's deportation appeal: 15 days until 23 Dec 2019, 7 days from 24 Dec 2019.
    expect(ruleInForce('TR.deportation_appeal', '2019-12-23')!.duration).toEqual({ days: 15 });
    expect(ruleInForce('TR.deportation_appeal', '2019-12-24')!.duration).toEqual({ days: 7 });
    // No version of a rule before its first version's effectiveFrom: no date rather than a guess.
    expect(ruleInForce('KG.stay', '2024-09-04')).toBeUndefined();
  });

  it('Armenia: the residence card is due 30 days before the stay’s last legal day', () => {
    const { dueOn, explanation } = computeDeadline(findRule('AM.residence_card')!, '2026-01-01');
    const stayEnd = computeDeadline(findRule('AM.stay')!, '2026-01-01').dueOn;
    expect(dueOn).toBe(addDays(stayEnd, -30));
    expect(explanation.code).toBe('deadline.before_stay_end');
  });

  it('the end of temporary protection is its fixed date, moved by each version', () => {
    expect(computeDeadline(findRule('EU.tp_end', 1)!, '2024-06-25').dueOn).toBe('2026-03-04');
    expect(computeDeadline(findRule('EU.tp_end', 2)!, '2025-07-15').dueOn).toBe('2027-03-04');
  });

  it('France: legal aid suspends the CNDA period for the days until its decision', () => {
    // 1 month from 1 Jul 2026 = 1 Aug 2026; legal aid asked 10 Jul, decided 30 Jul: +20 days.
    const plain = computeDeadline(findRule('FR.appeal')!, '2026-07-01');
    const suspended = computeDeadline(findRule('FR.appeal')!, '2026-07-01', {
      suspension: { from: '2026-07-10', resumedOn: '2026-07-30' },
    });
    expect(plain.periodEnd).toBe('2026-08-01');
    expect(suspended.periodEnd).toBe('2026-08-21');
    expect(findRule('FR.legal_aid')!.suspends).toBe('FR.appeal');
  });
});
