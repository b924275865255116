import { describe, expect, it } from 'vitest';
import { STAT_WORDS, statLabeller, statValueLabel } from './value-labels.js';

describe('statValueLabel with the shared words (the CSV label columns)', () => {
  it('names totals, categories, countries, months and enumerations in English and Russian', () => {
    const en = statLabeller('en');
    const ru = statLabeller('ru');
    expect(statValueLabel('sex', null, en)).toBe('Total');
    expect(statValueLabel('sex', null, ru)).toBe('Итого');
    expect(statValueLabel('outcome', 'none', ru)).toBe(STAT_WORDS.ru.values.none);
    expect(statValueLabel('ageBand', 'unknown', en)).toBe('Unknown');
    expect(statValueLabel('nationality', 'other', ru)).toBe('Другое (редкое)');
    expect(statValueLabel('nationality', 'RU', en)).toBe('Russia');
    expect(statValueLabel('jurisdiction', 'DE', ru)).toBe('Германия');
    expect(statValueLabel('openedMonth', '2026-03', en)).toMatch(/Mar.*2026/);
    expect(statValueLabel('decidedMonth', '2026-03', ru)).toMatch(/мар.*2026/);
    expect(statValueLabel('outcome', 'refugee_status', en)).toBe('Refugee status');
    expect(statValueLabel('stage', 'lodged', ru)).toBe('Подано');
    expect(statValueLabel('sex', 'female', ru)).toBe('Женский');
    // Not coded: as it is.
    expect(statValueLabel('team', 'Tbilisi office', ru)).toBe('Tbilisi office');
    expect(statValueLabel('ageBand', '18-59', ru)).toBe('18-59');
    expect(statValueLabel('stage', 'not_a_stage', en)).toBe('not_a_stage');
  });
});
