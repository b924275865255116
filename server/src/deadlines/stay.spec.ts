import {
  DEADLINE_RULES,
  findRule,
  stayLastDays,
  stayLimitsOf,
  stayRulesFor,
  type StayPeriod,
} from '@haven/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, computeDeadline } from './compute.js';

const STAY_RULES = DEADLINE_RULES.filter((r) => r.kind === 'stay_expiry');
const limitsOf = (id: string) => stayLimitsOf(findRule(id)!);
const current = (entryDate: string): StayPeriod => ({ entryDate, exitDate: null });

/**
 * An independent count: for each day from entry to `until`, the days present in the `windowDays`
 * ending that day, with every day of every stay (entry and exit included) present and the current
 * stay running on. Plain day strings and a naive sum over each window.
 */
function presentCounts(stays: StayPeriod[], entry: string, until: string, windowDays: number) {
  const present = new Set<string>();
  for (const stay of stays) {
    const last = stay.exitDate ?? (stay.entryDate === entry ? until : addDays(entry, -1));
    for (let d = stay.entryDate; d <= last; d = addDays(d, 1)) present.add(d);
  }
  const days: string[] = [];
  for (let d = addDays(entry, -windowDays); d <= until; d = addDays(d, 1)) days.push(d);
  const counts = new Map<string, number>();
  for (let i = windowDays; i < days.length; i++) {
    let count = 0;
    for (let back = 0; back < windowDays; back++) if (present.has(days[i - back])) count++;
    counts.set(days[i], count);
  }
  return counts;
}

describe('stayLastDays: the one computation of a stay’s end', () => {
  const day = fc
    .date({
      min: new Date('2021-01-01T00:00:00Z'),
      max: new Date('2034-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  // Earlier visits as (days before entry that the visit ended, its length), laid out backwards
  // without overlap, so any history inside or outside the window comes up.
  const history = fc.array(
    fc.record({
      gapBefore: fc.integer({ min: 1, max: 200 }),
      length: fc.integer({ min: 1, max: 120 }),
    }),
    { maxLength: 5 },
  );
  const staysFrom = (entry: string, visits: { gapBefore: number; length: number }[]) => {
    const stays: StayPeriod[] = [];
    let cursor = entry;
    for (const visit of visits) {
      const exitDate = addDays(cursor, -visit.gapBefore);
      const entryDate = addDays(exitDate, -(visit.length - 1));
      stays.push({ entryDate, exitDate });
      cursor = entryDate;
    }
    return [...stays.reverse(), current(entry)];
  };

  it('is never after the per-visit cap (entry = day 1) nor the rolling limit, and is the earlier of the two', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STAY_RULES), day, history, (rule, entry, visits) => {
        const stays = staysFrom(entry, visits);
        const limits = stayLimitsOf(rule);
        const result = stayLastDays(limits, stays)!;
        expect(result.entryDate).toBe(entry);
        if (limits.perVisitMaxDays !== null) {
          expect(result.perVisitLastDay).toBe(addDays(entry, limits.perVisitMaxDays - 1));
          expect(result.lastLegalDay <= result.perVisitLastDay!).toBe(true);
        } else expect(result.perVisitLastDay).toBeNull();
        if (limits.rolling) {
          const { maxDays, windowDays } = limits.rolling;
          const rollingLast = result.rollingLastDay!;
          const counts = presentCounts(stays, entry, addDays(rollingLast, 1), windowDays);
          // Every day of the stay up to the rolling limit keeps within it …
          for (let d = entry; d <= rollingLast; d = addDays(d, 1))
            expect(counts.get(d), d).toBeLessThanOrEqual(maxDays);
          // … and the day after it would not: the limit is the law's, not an earlier guess.
          expect(counts.get(addDays(rollingLast, 1))).toBeGreaterThan(maxDays);
          expect(result.lastLegalDay <= rollingLast).toBe(true);
        } else expect(result.rollingLastDay).toBeNull();
        const both = [result.perVisitLastDay, result.rollingLastDay].filter(Boolean) as string[];
        expect(result.lastLegalDay).toBe(both.sort()[0]);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with a rule computed from an entry date (the compute route and suggestions)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STAY_RULES), day, (rule, entry) => {
        const stay = stayLastDays(stayLimitsOf(rule), [current(entry)])!;
        expect(computeDeadline(rule, entry).dueOn).toBe(stay.lastLegalDay);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    // rule, entry, per-visit last day, rolling last day, last legal day, binding
    ['TR.stay', '2026-01-01', '2026-03-01', '2026-03-31', '2026-03-01', 'per_visit'],
    ['MN.stay', '2026-01-01', '2026-01-30', '2026-03-31', '2026-01-30', 'per_visit'],
    ['KZ.stay', '2026-01-01', null, '2026-03-31', '2026-03-31', 'rolling'],
    ['KZ.stay.visa_free', '2026-01-01', '2026-01-30', '2026-03-31', '2026-01-30', 'per_visit'],
    ['KG.stay', '2026-01-01', null, '2026-03-31', '2026-03-31', 'rolling'],
    ['GE.stay', '2026-03-01', '2027-02-28', null, '2027-02-28', 'per_visit'],
    ['AM.stay', '2026-01-01', null, '2026-06-29', '2026-06-29', 'rolling'],
    ['IL.stay', '2026-01-01', null, '2026-03-31', '2026-03-31', 'rolling'],
    ['RS.stay', '2026-01-01', '2026-01-30', null, '2026-01-30', 'per_visit'],
  ])(
    '%s entered %s: per visit %s, rolling %s → %s (%s binds)',
    (id, entry, perVisit, rolling, last, binding) => {
      expect(stayLastDays(limitsOf(id), [current(entry)])).toEqual({
        entryDate: entry,
        perVisitLastDay: perVisit,
        rollingLastDay: rolling,
        lastLegalDay: last,
        binding,
        daysUsedBefore: rolling === null ? null : 0,
      });
    },
  );

  it('counts Georgia’s 365 days from the day of entry, as day 1', () => {
    expect(stayLastDays(limitsOf('GE.stay'), [current('2026-01-01')])!.lastLegalDay).toBe(
      '2026-12-31',
    );
    expect(computeDeadline(findRule('GE.stay')!, '2026-01-01').dueOn).toBe('2026-12-31');
  });

  it('lets the rolling limit bind in Türkiye after earlier visits inside the window', () => {
    // 50 days in Türkiye in January–February, back on 1 April: 40 days left of the 90 in 180.
    const stays = [{ entryDate: '2026-01-01', exitDate: '2026-02-19' }, current('2026-04-01')];
    expect(stayLastDays(limitsOf('TR.stay'), stays)).toEqual({
      entryDate: '2026-04-01',
      perVisitLastDay: '2026-05-30',
      rollingLastDay: '2026-05-10',
      lastLegalDay: '2026-05-10',
      binding: 'rolling',
      daysUsedBefore: 50,
    });
  });

  it('counts earlier stays within the window and lets older ones fall out (Kazakhstan, 90 in 180)', () => {
    // 30 days present in January, out in February, back on 1 March: 60 days left in the window.
    const inside = [{ entryDate: '2026-01-01', exitDate: '2026-01-30' }, current('2026-03-01')];
    expect(stayLastDays(limitsOf('KZ.stay'), inside)!.lastLegalDay).toBe('2026-04-29');
    const outside = [{ entryDate: '2025-01-01', exitDate: '2025-03-31' }, current('2026-01-01')];
    expect(stayLastDays(limitsOf('KZ.stay'), outside)!.lastLegalDay).toBe('2026-03-31');
  });

  it('gives the day before entry when earlier visits already used up the window', () => {
    const stays = [{ entryDate: '2026-01-01', exitDate: '2026-03-31' }, current('2026-04-10')];
    expect(stayLastDays(limitsOf('KZ.stay'), stays)!.lastLegalDay).toBe('2026-04-09');
  });

  it('has no date without an open stay', () => {
    expect(
      stayLastDays(limitsOf('KZ.stay'), [{ entryDate: '2026-01-01', exitDate: '2026-01-05' }]),
    ).toBeNull();
  });
});

describe('stayRulesFor: only the nationalities a rule names', () => {
  it.each([
    ['KZ', 'RU', ['KZ.stay']],
    ['KZ', 'BY', ['KZ.stay']],
    ['KZ', 'UA', ['KZ.stay.visa_free']],
    ['KZ', 'AF', []],
    ['KG', 'RU', ['KG.stay']],
    ['KG', 'UA', []],
    ['TR', 'RU', ['TR.stay']],
    ['TR', 'UA', []],
    ['MN', 'RU', ['MN.stay']],
    ['GE', 'RU', ['GE.stay']],
    ['DE', 'RU', []],
  ])('%s for a citizen of %s: %j', (country, nationality, ids) => {
    expect(stayRulesFor(country, nationality).map((r) => r.id)).toEqual(ids);
  });

  it('gives every stay rule its nationalities and a limit in days', () => {
    for (const rule of STAY_RULES) {
      expect(rule.appliesTo?.nationalities?.length, rule.id).toBeGreaterThan(0);
      const limits = stayLimitsOf(rule);
      expect(limits.perVisitMaxDays !== null || limits.rolling !== null, rule.id).toBe(true);
      if (limits.rolling) expect(limits.rolling.maxDays).toBeLessThan(limits.rolling.windowDays);
    }
  });
});
