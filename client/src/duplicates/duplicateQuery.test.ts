import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEBOUNCE_MS,
  canUndo,
  debounce,
  duplicateParams,
  reasonKey,
  undoUntil,
} from './duplicateQuery';

describe('duplicateParams', () => {
  it('waits for a name of at least two letters, in any script, or a phone', () => {
    expect(duplicateParams({})).toBeNull();
    expect(duplicateParams({ givenName: 'D', familyName: ' ' })).toBeNull();
    expect(duplicateParams({ phone: '+7 99' })).toBeNull();
    expect(duplicateParams({ dateOfBirth: '1989-12-13', nationality: 'RU' })).toBeNull();
    expect(duplicateParams({ givenName: 'Dm' })?.toString()).toBe('givenName=Dm');
    expect(duplicateParams({ nativeName: 'Дм' })?.toString()).toBe('nativeName=%D0%94%D0%BC');
    expect(duplicateParams({ phone: '+7 999 123' })?.toString()).toBe('phone=%2B7+999+123');
  });

  it('sends trimmed names and only complete dates and country codes', () => {
    const params = duplicateParams({
      givenName: ' Dmitrii ',
      familyName: 'Sokolov',
      nativeName: 'Дмитрий Соколов',
      dateOfBirth: '1989-12',
      nationality: 'r',
      phone: '12',
    });
    expect(Object.fromEntries(params!)).toEqual({
      givenName: 'Dmitrii',
      familyName: 'Sokolov',
      nativeName: 'Дмитрий Соколов',
    });
    const complete = duplicateParams({
      givenName: 'Dmitrii',
      dateOfBirth: '1989-12-13',
      nationality: 'ru',
      excludeId: 'c1',
    });
    expect(Object.fromEntries(complete!)).toEqual({
      givenName: 'Dmitrii',
      dateOfBirth: '1989-12-13',
      nationality: 'RU',
      excludeId: 'c1',
    });
  });

  it('gives the same key for the same input, so one settled input is one request', () => {
    const a = duplicateParams({ givenName: 'Anna', familyName: 'Volkova' })!.toString();
    const b = duplicateParams({ givenName: 'Anna ', familyName: ' Volkova' })!.toString();
    expect(a).toBe(b);
  });
});

describe('debounce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls once, with the last value, 300 ms after the typing stops', () => {
    const calls: string[] = [];
    const search = debounce((value: string) => calls.push(value), DEBOUNCE_MS);
    search('D');
    vi.advanceTimersByTime(100);
    search('Dm');
    vi.advanceTimersByTime(299);
    expect(calls).toEqual([]);
    search('Dmi');
    vi.advanceTimersByTime(DEBOUNCE_MS);
    expect(calls).toEqual(['Dmi']);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['Dmi']);
  });

  it('can be cancelled (the form closed) or flushed', () => {
    const calls: string[] = [];
    const search = debounce((value: string) => calls.push(value), DEBOUNCE_MS);
    search('a');
    search.cancel();
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([]);
    search('b');
    search.flush();
    expect(calls).toEqual(['b']);
  });
});

describe('undoing a merge', () => {
  const mergedAt = '2026-11-01T10:00:00.000Z';
  it('is possible for 30 days, once', () => {
    expect(undoUntil({ mergedAt }).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(canUndo({ mergedAt, undoneAt: null }, new Date('2026-11-30T10:00:00Z'))).toBe(true);
    expect(canUndo({ mergedAt, undoneAt: null }, new Date('2026-12-01T10:00:01Z'))).toBe(false);
    expect(
      canUndo({ mergedAt, undoneAt: '2026-11-02T00:00:00Z' }, new Date('2026-11-03T00:00:00Z')),
    ).toBe(false);
  });
});

describe('reasonKey', () => {
  it('names only the reasons the server gives, shown as they are otherwise', () => {
    expect(reasonKey('same phone')).toBe('haven.duplicates.reasons.same_phone');
    expect(reasonKey('a reason from a newer server')).toBeNull();
    expect(reasonKey('constructor')).toBeNull();
    expect(reasonKey('toString')).toBeNull();
  });
});
