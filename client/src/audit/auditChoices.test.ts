import { describe, expect, it } from 'vitest';
import { auditActionChoices, endOfDay, startOfDay } from './auditChoices';

describe('audit filters', () => {
  it('turns a picked day into the instants that bound it (local time)', () => {
    const from = new Date(startOfDay('2026-03-10'));
    const until = new Date(endOfDay('2026-03-10'));
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([
      2026, 2, 10, 0,
    ]);
    expect([until.getDate(), until.getHours(), until.getMinutes()]).toEqual([10, 23, 59]);
    expect(startOfDay('')).toBe('');
  });

  it('names every action through a translation key', () => {
    expect(auditActionChoices).toContainEqual({
      id: 'auth.login',
      name: 'haven.audit.actions.auth.login',
    });
  });
});
