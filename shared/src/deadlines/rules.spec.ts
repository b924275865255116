import { describe, expect, it } from 'vitest';
import { addCalendarDays, addPeriod, daysBetween, weekday } from './days.js';
import {
  formatLegalDay,
  renderExplanation,
  ruleDescription,
  ruleTrigger,
  TRIGGER_EVENT_TEXT,
  uiLocale,
  type DeadlineExplanation,
  type ExplanationCode,
  type UiLocale,
} from './explain.js';
import {
  DEADLINE_RULES,
  findRule,
  ruleAppliesTo,
  ruleCovers,
  ruleInForce,
  ruleVersions,
  TRIGGER_EVENTS,
  type DeadlineRule,
} from './rules.js';
import { RULE_TEXT_RU } from './rules.ru.js';
import { DEEMED_SERVICE_RULES, deemedService, type ServiceExplanation } from './service.js';
import { isSpecificSourceUrl } from './source-url.js';

const CYRILLIC = /[А-Яа-яЁё]/;
const LATEST_VERIFIABLE_DAY = '2026-12-31';

/** A real calendar day written `YYYY-MM-DD` (no 2026-02-30). */
function isRealDay(day: unknown): boolean {
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

const label = (rule: DeadlineRule) => `${rule.id} v${rule.version}`;
const ruleIds = [...new Set(DEADLINE_RULES.map((rule) => rule.id))];
const mustFind = (id: string): DeadlineRule => {
  const rule = findRule(id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
};

describe('rule versions', () => {
  it('(id, version) pairs are unique', () => {
    const keys = DEADLINE_RULES.map(label);
    const duplicates = keys.filter((key, index) => keys.indexOf(key) !== index);
    expect(duplicates).toEqual([]);
  });

  it('numbers the versions of each id 1..n, with real effective dates', () => {
    const problems: string[] = [];
    for (const id of ruleIds) {
      const versions = DEADLINE_RULES.filter((rule) => rule.id === id).map((rule) => rule.version);
      const expected = versions.map((_, index) => index + 1);
      if ([...versions].sort((a, b) => a - b).join() !== expected.join())
        problems.push(`${id}: versions ${versions.join(', ')}`);
    }
    for (const rule of DEADLINE_RULES) {
      for (const day of [rule.effectiveFrom, rule.effectiveTo])
        if (day !== null && !isRealDay(day)) problems.push(`${label(rule)}: bad date ${day}`);
      if (rule.effectiveFrom && rule.effectiveTo && rule.effectiveFrom > rule.effectiveTo)
        problems.push(`${label(rule)}: ends before it starts`);
    }
    expect(problems).toEqual([]);
  });

  it('orders the versions of each id in time without overlap', () => {
    const problems: string[] = [];
    for (const id of ruleIds) {
      const versions = ruleVersions(id);
      versions.forEach((rule, index) => {
        if (index > 0 && rule.effectiveFrom === null)
          problems.push(`${label(rule)}: only the first version may start open-ended`);
        if (index < versions.length - 1 && rule.effectiveTo === null)
          problems.push(`${label(rule)}: only the last version may stay in force`);
        const next = versions[index + 1];
        if (next && rule.effectiveTo !== null && next.effectiveFrom !== null) {
          if (!(rule.effectiveTo < next.effectiveFrom))
            problems.push(`${label(rule)} overlaps ${label(next)}`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  const versioned = ruleIds.filter((id) => ruleVersions(id).length > 1);

  it('has the versioned rules this suite was written for', () => {
    expect(versioned).toEqual(
      expect.arrayContaining(['GE.appeal', 'TR.deportation_appeal', 'EU.tp_end']),
    );
  });

  it.each(versioned)('%s: ruleInForce switches version exactly at each boundary', (id) => {
    const versions = ruleVersions(id);
    for (let index = 1; index < versions.length; index++) {
      const previous = versions[index - 1];
      const current = versions[index];
      const from = current.effectiveFrom as string;
      const dayBefore = addCalendarDays(from, -1);
      expect(previous.effectiveTo).toBe(dayBefore);
      expect(ruleInForce(id, dayBefore)?.version).toBe(previous.version);
      expect(ruleInForce(id, from)?.version).toBe(current.version);
    }
    const first = versions[0];
    if (first.effectiveFrom)
      expect(ruleInForce(id, addCalendarDays(first.effectiveFrom, -1))).toBeUndefined();
    const last = versions[versions.length - 1];
    expect(ruleInForce(id, '2099-01-01')?.version).toBe(
      last.effectiveTo ? undefined : last.version,
    );
  });

  it('findRule gives the latest version, or the one asked for', () => {
    expect(findRule('GE.appeal')?.version).toBe(2);
    expect(findRule('GE.appeal', 1)?.duration).toEqual({ days: 15 });
    expect(findRule('GE.appeal', 3)).toBeUndefined();
    expect(ruleInForce('RS.appeal', '2018-06-02')).toBeUndefined();
    expect(ruleInForce('RS.appeal', '2018-06-03')?.id).toBe('RS.appeal');
  });
});

describe('isSpecificSourceUrl', () => {
  it.each([
    ['https://www.gov.il/', false],
    ['https://www.mfa.gov.rs/', false],
    ['https://www.mfa.gov.rs', false],
    ['http://example.org', false],
    ['not a url', false],
    ['', false],
    ['ftp://example.org/rules.pdf', false],
    ['javascript:alert(1)', false],
    ['https://domasile.info/?p=44', true],
    ['https://www.gesetze-im-internet.de/asylvfg_1992/__74.html', true],
    ['http://azil.rs/en/application', true],
  ])('%s → %s', (url, expected) => {
    expect(isSpecificSourceUrl(url)).toBe(expected);
  });
});

describe('the catalogue lint', () => {
  it('every rule cites a specific http(s) page, not a home page', () => {
    const offenders = DEADLINE_RULES.filter((rule) => !isSpecificSourceUrl(rule.sourceUrl)).map(
      (rule) => `${label(rule)}: ${rule.sourceUrl}`,
    );
    expect(offenders).toEqual([]);
  });

  it('every deemed-service rule cites a specific http(s) page', () => {
    const offenders = DEEMED_SERVICE_RULES.filter(
      (rule) => !isSpecificSourceUrl(rule.sourceUrl),
    ).map((rule) => `${rule.jurisdiction}/${rule.method}: ${rule.sourceUrl}`);
    expect(offenders).toEqual([]);
  });

  it('every rule was verified on a real day, not after 2026-12-31', () => {
    const offenders = DEADLINE_RULES.filter(
      (rule) => !isRealDay(rule.verifiedOn) || rule.verifiedOn > LATEST_VERIFIABLE_DAY,
    ).map((rule) => `${label(rule)}: ${rule.verifiedOn}`);
    expect(offenders).toEqual([]);
  });

  it('every rule has a confidence of H, M or L', () => {
    const offenders = DEADLINE_RULES.filter((rule) => !['H', 'M', 'L'].includes(rule.confidence));
    expect(offenders.map(label)).toEqual([]);
    for (const rule of DEEMED_SERVICE_RULES) expect(['H', 'M', 'L']).toContain(rule.confidence);
  });

  it('every rule has a trigger event with text in both languages', () => {
    const offenders = DEADLINE_RULES.filter(
      (rule) => !Object.prototype.hasOwnProperty.call(TRIGGER_EVENT_TEXT, rule.triggerEvent),
    ).map((rule) => `${label(rule)}: ${rule.triggerEvent}`);
    expect(offenders).toEqual([]);
    for (const event of TRIGGER_EVENTS) {
      expect(TRIGGER_EVENT_TEXT[event].en).not.toBe('');
      expect(TRIGGER_EVENT_TEXT[event].ru).toMatch(CYRILLIC);
    }
  });

  it('every rule has exactly one duration unit, a non-negative integer', () => {
    const offenders = DEADLINE_RULES.filter((rule) => {
      const entries = Object.entries(rule.duration);
      if (entries.length !== 1) return true;
      const [unit, n] = entries[0];
      return !['days', 'weeks', 'months', 'years'].includes(unit) || !Number.isInteger(n) || n < 0;
    }).map((rule) => `${label(rule)}: ${JSON.stringify(rule.duration)}`);
    expect(offenders).toEqual([]);
  });

  it('has a fixedDate exactly on the fixed_date rules, and a real one', () => {
    const offenders = DEADLINE_RULES.filter(
      (rule) =>
        (rule.fixedDate !== undefined) !== (rule.triggerEvent === 'fixed_date') ||
        (rule.fixedDate !== undefined && !isRealDay(rule.fixedDate)),
    ).map((rule) => `${label(rule)}: ${rule.triggerEvent} ${rule.fixedDate}`);
    expect(offenders).toEqual([]);
    expect(DEADLINE_RULES.some((rule) => rule.fixedDate)).toBe(true);
  });

  it('names an existing stay rule of the same state in every beforeStayEnd', () => {
    const withStay = DEADLINE_RULES.filter((rule) => rule.beforeStayEnd);
    expect(withStay.length).toBeGreaterThan(0);
    const offenders = withStay
      .filter((rule) => {
        const { stayRuleId, days } = rule.beforeStayEnd!;
        const stay = findRule(stayRuleId);
        return (
          !stay ||
          stay.kind !== 'stay_expiry' ||
          stay.jurisdiction !== rule.jurisdiction ||
          !Number.isInteger(days) ||
          days < 0
        );
      })
      .map((rule) => `${label(rule)}: ${JSON.stringify(rule.beforeStayEnd)}`);
    expect(offenders).toEqual([]);
  });
});

describe('Russian rule text', () => {
  it('has a Russian description and trigger for every rule id', () => {
    const missing = ruleIds.filter((id) => {
      const text = RULE_TEXT_RU[id];
      return !text || !CYRILLIC.test(text.description) || !CYRILLIC.test(text.trigger);
    });
    expect(missing).toEqual([]);
  });

  it('has no text for a rule that does not exist', () => {
    expect(Object.keys(RULE_TEXT_RU).filter((id) => !ruleIds.includes(id))).toEqual([]);
  });

  it('ruleDescription and ruleTrigger give the Russian text in ru and the rule’s own in en', () => {
    for (const rule of DEADLINE_RULES) {
      expect(ruleDescription(rule, 'ru')).toBe(RULE_TEXT_RU[rule.id].description);
      expect(ruleTrigger(rule, 'ru')).toBe(RULE_TEXT_RU[rule.id].trigger);
      expect(ruleDescription(rule, 'en')).toBe(rule.description);
      expect(ruleTrigger(rule, 'en')).toBe(rule.trigger);
    }
  });

  it('falls back to English for an id without Russian text', () => {
    const rule = { id: 'XX.none', description: 'Nothing', trigger: 'nothing' };
    expect(ruleDescription(rule, 'ru')).toBe('Nothing');
    expect(ruleTrigger(rule, 'ru')).toBe('nothing');
  });
});

interface Sample {
  name: string;
  explanation: DeadlineExplanation | ServiceExplanation;
  /** Days the text shows, with or without the weekday. */
  shows: { day: string; withWeekday: boolean }[];
  /** Words each language must show (the reason a date moved, a holiday's name…). */
  mentions?: Partial<Record<UiLocale, string[]>>;
}

const period = (
  overrides: Partial<Extract<DeadlineExplanation, { code: 'deadline.period' }>['params']>,
): DeadlineExplanation => ({
  code: 'deadline.period',
  params: {
    ruleId: 'DE.appeal',
    version: 1,
    duration: { weeks: 2 },
    working: false,
    triggerEvent: 'decision_served',
    triggerDate: '2026-03-09',
    periodEnd: '2026-03-23',
    dueOn: '2026-03-23',
    moved: null,
    suspended: null,
    legalBasis: '§ 74(1) AsylG',
    ...overrides,
  },
});

const deReception = deemedService('DE', 'reception_centre', '2026-03-02');
const dePost = deemedService('DE', 'post', '2026-03-02');
const unknownService = deemedService('XX', 'post', '2026-03-02');

const SAMPLES: Sample[] = [
  {
    name: 'deadline.period',
    explanation: period({}),
    shows: [
      { day: '2026-03-09', withWeekday: false },
      { day: '2026-03-23', withWeekday: true },
    ],
  },
  {
    name: 'deadline.period moved over the weekend',
    explanation: period({
      triggerDate: '2026-05-02',
      periodEnd: '2026-05-16',
      dueOn: '2026-05-18',
      moved: { reason: 'weekend' },
    }),
    shows: [
      { day: '2026-05-16', withWeekday: true },
      { day: '2026-05-18', withWeekday: true },
    ],
    mentions: { en: ['weekend'], ru: ['выходных'] },
  },
  {
    name: 'deadline.period moved over a holiday',
    explanation: period({
      triggerDate: '2026-03-23',
      periodEnd: '2026-04-06',
      dueOn: '2026-04-07',
      moved: { reason: 'holiday', holiday: 'Easter Monday' },
    }),
    shows: [
      { day: '2026-04-06', withWeekday: true },
      { day: '2026-04-07', withWeekday: true },
    ],
    mentions: { en: ['Easter Monday'], ru: ['праздника (Easter Monday)'] },
  },
  {
    name: 'deadline.period suspended by legal aid',
    explanation: period({
      ruleId: 'FR.appeal',
      duration: { months: 1 },
      triggerDate: '2026-02-02',
      periodEnd: '2026-03-22',
      dueOn: '2026-03-23',
      moved: { reason: 'weekend' },
      suspended: { from: '2026-02-10', resumedOn: '2026-03-02', days: 20 },
      legalBasis: 'CESEDA L.532-1',
    }),
    shows: [
      { day: '2026-02-10', withWeekday: false },
      { day: '2026-03-02', withWeekday: false },
      { day: '2026-03-23', withWeekday: true },
    ],
    mentions: { en: ['suspended', '+20 days'], ru: ['приостановлен', '+20 дн.'] },
  },
  {
    name: 'deadline.period in working days',
    explanation: period({ duration: { days: 5 }, working: true }),
    shows: [{ day: '2026-03-23', withWeekday: true }],
    mentions: { en: ['5 days (working days)'], ru: ['5 дней (рабочих)'] },
  },
  {
    name: 'deadline.stay',
    explanation: {
      code: 'deadline.stay',
      params: {
        ruleId: 'MN.stay',
        version: 1,
        entryDate: '2026-03-02',
        perVisitMaxDays: 30,
        perVisitLastDay: '2026-03-31',
        maxDays: 90,
        windowDays: 180,
        rollingLastDay: '2026-05-10',
        lastLegalDay: '2026-03-31',
        binding: 'per_visit',
        daysUsedBefore: 20,
        legalBasis: 'Mongolian–Russian visa agreement (2014)',
      },
    },
    shows: [
      { day: '2026-03-02', withWeekday: false },
      { day: '2026-03-31', withWeekday: true },
      { day: '2026-05-10', withWeekday: true },
    ],
    mentions: { en: ['30 days a visit', 'at most 90 days in any 180'], ru: ['30 дней', '90 дней'] },
  },
  {
    name: 'deadline.before_stay_end',
    explanation: {
      code: 'deadline.before_stay_end',
      params: {
        ruleId: 'AM.residence_card',
        version: 1,
        days: 30,
        entryDate: '2026-01-10',
        stayLastDay: '2026-07-08',
        dueOn: '2026-06-08',
        legalBasis: 'Armenian rules on the stay of foreigners (secondary source)',
      },
    },
    shows: [
      { day: '2026-01-10', withWeekday: false },
      { day: '2026-07-08', withWeekday: false },
      { day: '2026-06-08', withWeekday: true },
    ],
  },
  {
    name: 'deadline.fixed_date',
    explanation: {
      code: 'deadline.fixed_date',
      params: {
        ruleId: 'EU.tp_end',
        version: 2,
        dueOn: '2027-03-04',
        legalBasis: 'Council Implementing Decision (EU) 2025/1460 (extension to 4 March 2027)',
      },
    },
    shows: [{ day: '2027-03-04', withWeekday: true }],
  },
  {
    name: 'deadline.set_by_hand',
    explanation: { code: 'deadline.set_by_hand', params: { dueOn: '2026-04-15', ruleId: null } },
    shows: [{ day: '2026-04-15', withWeekday: true }],
  },
  {
    name: 'deadline.set_by_hand over a rule',
    explanation: {
      code: 'deadline.set_by_hand',
      params: { dueOn: '2026-04-15', ruleId: 'DE.appeal' },
    },
    shows: [{ day: '2026-04-15', withWeekday: true }],
    mentions: { en: ['the rule gave another date'], ru: ['по правилу'] },
  },
  {
    name: 'deadline.document_alert',
    explanation: {
      code: 'deadline.document_alert',
      params: { months: 6, expiresOn: '2026-09-30' },
    },
    shows: [{ day: '2026-09-30', withWeekday: true }],
    mentions: { en: ['6 months'], ru: ['6 месяцев'] },
  },
  {
    name: 'service.given',
    explanation: { code: 'service.given', params: { servedOn: '2026-03-05' } },
    shows: [{ day: '2026-03-05', withWeekday: true }],
  },
  {
    name: 'service.deemed handed to the centre',
    explanation: deReception.explanation,
    shows: [
      { day: '2026-03-02', withWeekday: false },
      { day: '2026-03-05', withWeekday: true },
    ],
    mentions: { en: ['reception centre', '3 days later'], ru: ['центр размещения', '3-й день'] },
  },
  {
    name: 'service.deemed received',
    explanation: dePost.explanation,
    shows: [
      { day: '2026-03-02', withWeekday: false },
      { day: '2026-03-02', withWeekday: true },
    ],
    mentions: { en: ['by post'], ru: ['по почте'] },
  },
  {
    name: 'service.deemed first presented',
    explanation: {
      code: 'service.deemed',
      params: {
        jurisdiction: 'FR',
        method: 'registered_post',
        receivedOn: '2026-03-02',
        receivedMeans: 'first_presented',
        offsetDays: 0,
        servedOn: '2026-03-02',
        legalBasis: 'CESEDA R.531-22',
        confidence: 'M',
      },
    },
    shows: [
      { day: '2026-03-02', withWeekday: false },
      { day: '2026-03-02', withWeekday: true },
    ],
    mentions: {
      en: ['first presented', 'by registered post'],
      ru: ['впервые', 'заказным письмом'],
    },
  },
  {
    name: 'service.on_receipt',
    explanation: unknownService.explanation,
    shows: [{ day: '2026-03-02', withWeekday: false }],
    mentions: { en: ['by post'], ru: ['по почте'] },
  },
];

/** Every code `renderExplanation` knows; the type makes a new code a compile error here. */
const ALL_CODES: Record<Exclude<ExplanationCode, 'deadline.legacy'>, true> = {
  'deadline.period': true,
  'deadline.stay': true,
  'deadline.before_stay_end': true,
  'deadline.fixed_date': true,
  'deadline.set_by_hand': true,
  'deadline.document_alert': true,
  'service.given': true,
  'service.deemed': true,
  'service.on_receipt': true,
};

describe('renderExplanation', () => {
  it('has a sample of every code, and of every receivedMeans', () => {
    const sampled = new Set(SAMPLES.map((sample) => sample.explanation.code));
    expect([...sampled].sort()).toEqual(Object.keys(ALL_CODES).sort());
    const means = SAMPLES.flatMap((sample) =>
      sample.explanation.code === 'service.deemed' ? [sample.explanation.params.receivedMeans] : [],
    );
    expect(means.sort()).toEqual(['first_presented', 'handed_to_centre', 'received']);
  });

  it('the samples are what they claim', () => {
    expect(weekday('2026-05-16')).toBe(6);
    expect(weekday('2026-03-22')).toBe(0);
    expect(addPeriod('2026-03-23', { weeks: 2 })).toBe('2026-04-06');
  });

  describe.each(SAMPLES)('$name', (sample) => {
    const params = sample.explanation.params as { legalBasis?: string; moved?: unknown };
    const legalBasis = params.legalBasis;

    it('in English: shows its dates and legal basis', () => {
      const text = renderExplanation(sample.explanation, 'en');
      for (const { day, withWeekday } of sample.shows)
        expect(text).toContain(formatLegalDay(day, 'en', withWeekday));
      if (legalBasis) expect(text).toContain(legalBasis);
      for (const word of sample.mentions?.en ?? []) expect(text).toContain(word);
      expect(text).not.toMatch(CYRILLIC);
    });

    it('in Russian: shows its dates and legal basis, and no English', () => {
      const text = renderExplanation(sample.explanation, 'ru');
      for (const { day, withWeekday } of sample.shows) {
        const shown = formatLegalDay(day, 'ru', withWeekday);
        expect(shown).toMatch(CYRILLIC);
        expect(text).toContain(shown);
      }
      if (legalBasis) expect(text).toContain(legalBasis);
      for (const word of sample.mentions?.ru ?? []) expect(text).toContain(word);
      expect(text).toMatch(CYRILLIC);
      // The legal basis and a holiday's name are quoted as written; the rest is all Russian.
      let rest = text;
      if (legalBasis) rest = rest.replaceAll(legalBasis, '');
      const moved = params.moved as { holiday?: string } | null | undefined;
      if (moved?.holiday) rest = rest.replaceAll(moved.holiday, '');
      for (const english of [' from ', ' days ', 'served', ' on ', ' the ', 'weekend'])
        expect(rest).not.toContain(english);
      expect(rest).not.toMatch(/[A-Za-z]/);
    });
  });

  it('deadline.legacy keeps the stored text in both languages', () => {
    const text = 'Due 2 weeks from service (entered by hand in 2024)';
    const legacy: DeadlineExplanation = { code: 'deadline.legacy', params: { text } };
    expect(renderExplanation(legacy, 'en')).toBe(text);
    expect(renderExplanation(legacy, 'ru')).toBe(text);
  });

  it('renders an unknown code as its params instead of throwing', () => {
    const unknown = { code: 'deadline.future', params: { a: 1 } } as unknown as DeadlineExplanation;
    expect(renderExplanation(unknown, 'en')).toBe('deadline.future {"a":1}');
  });
});

describe('uiLocale and formatLegalDay', () => {
  it.each([
    ['ru-RU', 'ru'],
    ['ru', 'ru'],
    ['RU', 'ru'],
    [' ru-RU ', 'ru'],
    ['en-US@posix', 'en'],
    ['en-GB', 'en'],
    ['de-DE', 'en'],
    ['', 'en'],
    ['zz', 'en'],
    ['rus', 'en'],
    [undefined, 'en'],
    [null, 'en'],
  ] as const)('%j → %s', (tag, expected) => {
    expect(uiLocale(tag)).toBe(expected);
  });

  it('survives input that is not a string', () => {
    for (const tag of [42, {}, [], Symbol('ru')] as unknown as string[])
      expect(uiLocale(tag)).toBe('en');
  });

  it('formats a legal day in English with and without the weekday', () => {
    expect(formatLegalDay('2026-04-04', 'en', true)).toBe('Sat 4 Apr 2026');
    expect(formatLegalDay('2026-04-04', 'en')).toBe('4 Apr 2026');
    expect(formatLegalDay('2026-04-04', 'ru')).toBe('4 апреля 2026 г.');
  });

  it('returns a day it cannot read as it is', () => {
    expect(formatLegalDay('someday', 'en')).toBe('someday');
  });
});

describe('deemedService', () => {
  it('deems a decision handed to a German reception centre served on the third day', () => {
    const result = deemedService('DE', 'reception_centre', '2026-03-02');
    expect(result.servedOn).toBe('2026-03-05');
    expect(result.explanation).toMatchObject({
      code: 'service.deemed',
      params: { receivedMeans: 'handed_to_centre', offsetDays: 3, legalBasis: '§ 10(4) AsylG' },
    });
  });

  it.each(['2026-03-02', '2026-02-28', '2028-12-31'])(
    'German post: served on the day, %s',
    (day) => {
      expect(deemedService('DE', 'post', day).servedOn).toBe(day);
    },
  );

  it('counts a decision as served on receipt where no rule says otherwise', () => {
    const result = deemedService('ZZ', 'reception_centre', '2026-03-02');
    expect(result).toEqual({
      servedOn: '2026-03-02',
      explanation: {
        code: 'service.on_receipt',
        params: { method: 'reception_centre', receivedOn: '2026-03-02', servedOn: '2026-03-02' },
      },
    });
    expect(deemedService('DE', 'electronic', '2026-03-02').explanation.code).toBe(
      'service.on_receipt',
    );
  });
});

describe('ruleAppliesTo and ruleCovers', () => {
  it('honours the procedure tracks a rule names', () => {
    const regular = mustFind('DE.appeal');
    expect(regular.appliesTo?.procedureTracks).toEqual(['regular']);
    expect(ruleAppliesTo(regular, { procedureTrack: 'regular' })).toBe(true);
    expect(ruleAppliesTo(regular, { procedureTrack: 'dublin' })).toBe(false);
    expect(ruleAppliesTo(regular, { procedureTrack: null })).toBe(false);
    expect(ruleAppliesTo(regular, {})).toBe(true);
    const accelerated = mustFind('DE.appeal.accelerated');
    expect(ruleAppliesTo(accelerated, { procedureTrack: 'dublin' })).toBe(true);
    expect(ruleAppliesTo(accelerated, { procedureTrack: 'regular' })).toBe(false);
  });

  it('accepts any track when a rule names none', () => {
    const grounds = mustFind('DE.appeal_grounds');
    expect(grounds.appliesTo?.procedureTracks).toBeUndefined();
    for (const track of ['regular', 'dublin', 'border', 'unknown'] as const)
      expect(ruleAppliesTo(grounds, { procedureTrack: track })).toBe(true);
  });

  it('honours the nationalities a rule names', () => {
    const stay = mustFind('GE.stay');
    expect(ruleAppliesTo(stay, { nationality: 'RU' })).toBe(true);
    expect(ruleAppliesTo(stay, { nationality: 'UA' })).toBe(false);
    expect(ruleAppliesTo(stay, { nationality: null })).toBe(false);
    expect(ruleAppliesTo(stay, { nationality: 'RU', procedureTrack: 'regular' })).toBe(true);
    expect(ruleAppliesTo(mustFind('DE.appeal'), { nationality: 'SY' })).toBe(true);
    expect(ruleAppliesTo(mustFind('KZ.stay'), { nationality: 'KZ' })).toBe(false);
    expect(ruleAppliesTo(mustFind('KZ.stay'), { nationality: 'KG' })).toBe(true);
  });

  it('lets an EU rule cover the member states only', () => {
    expect(ruleCovers({ jurisdiction: 'EU' }, 'DE')).toBe(true);
    expect(ruleCovers({ jurisdiction: 'EU' }, 'GE')).toBe(false);
    expect(ruleCovers({ jurisdiction: 'EU' }, 'GB')).toBe(false);
    expect(ruleCovers({ jurisdiction: 'DE' }, 'DE')).toBe(true);
    expect(ruleCovers({ jurisdiction: 'DE' }, 'FR')).toBe(false);
  });
});

describe('addPeriod and daysBetween', () => {
  it.each([
    ['2026-01-31', { months: 1 }, '2026-02-28'],
    ['2028-01-31', { months: 1 }, '2028-02-29'],
    ['2026-03-31', { months: 1 }, '2026-04-30'],
    ['2026-01-15', { months: 1 }, '2026-02-15'],
    ['2026-12-31', { months: 2 }, '2027-02-28'],
    ['2026-11-30', { months: 3 }, '2027-02-28'],
    ['2028-02-29', { years: 1 }, '2029-02-28'],
    ['2028-02-29', { years: 4 }, '2032-02-29'],
    ['2026-03-02', { weeks: 2 }, '2026-03-16'],
    ['2026-02-27', { days: 2 }, '2026-03-01'],
    ['2026-12-30', { days: 5 }, '2027-01-04'],
    ['2026-03-02', { days: 0 }, '2026-03-02'],
  ] as const)('%s + %j = %s', (day, duration, expected) => {
    expect(addPeriod(day, duration)).toBe(expected);
  });

  it.each([
    ['2026-03-02', '2026-03-05', 3],
    ['2026-03-05', '2026-03-02', -3],
    ['2026-03-02', '2026-03-02', 0],
    ['2026-03-28', '2026-03-30', 2],
    ['2026-10-24', '2026-10-26', 2],
    ['2028-01-01', '2029-01-01', 366],
    ['2026-01-01', '2027-01-01', 365],
  ] as const)('daysBetween(%s, %s) = %d', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});
