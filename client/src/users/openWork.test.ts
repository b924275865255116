import { describe, expect, it } from 'vitest';
import { movesUser, needsConfirmation } from './openWork';

const record = { role: 'caseworker', teamId: 'team-a' };

describe('movesUser', () => {
  it('is a move when the team or the role changes', () => {
    expect(movesUser(record, { role: 'caseworker', teamId: 'team-b' })).toBe(true);
    expect(movesUser(record, { role: 'analyst', teamId: 'team-a' })).toBe(true);
    expect(movesUser(record, { role: 'caseworker', teamId: null })).toBe(true);
    expect(movesUser(record, { role: 'caseworker', teamId: '' })).toBe(true);
  });

  it('is no move when both stay, or are not in the form', () => {
    expect(movesUser(record, { role: 'caseworker', teamId: 'team-a' })).toBe(false);
    expect(movesUser(record, {})).toBe(false);
    expect(movesUser({ role: 'analyst', teamId: null }, { role: 'analyst', teamId: '' })).toBe(
      false,
    );
  });
});

describe('needsConfirmation', () => {
  it('asks when anything would be unassigned, or when the count is unknown', () => {
    expect(needsConfirmation({ openCases: 0, openTasks: 0 })).toBe(false);
    expect(needsConfirmation({ openCases: 1, openTasks: 0 })).toBe(true);
    expect(needsConfirmation({ openCases: 0, openTasks: 3 })).toBe(true);
    expect(needsConfirmation(null)).toBe(true);
  });
});
