import { describe, expect, it } from 'vitest';
import type { DeadlineResponse } from '@haven/shared';
import { isSuspendable, suspensionOf } from './SuspendDialog';

const deadline = (fields: Partial<DeadlineResponse>) =>
  ({ ruleId: null, status: 'open', explanation: null, ...fields }) as DeadlineResponse;

describe('isSuspendable', () => {
  it('is true only for an open deadline of a rule another rule suspends', () => {
    expect(isSuspendable(deadline({ ruleId: 'FR.appeal' }))).toBe(true);
    expect(isSuspendable(deadline({ ruleId: 'FR.appeal', status: 'done' }))).toBe(false);
    expect(isSuspendable(deadline({ ruleId: 'FR.legal_aid' }))).toBe(false);
    expect(isSuspendable(deadline({ ruleId: 'DE.appeal' }))).toBe(false);
    expect(isSuspendable(deadline({ ruleId: null }))).toBe(false);
  });
});

describe('suspensionOf', () => {
  it('reads the suspension from a period explanation, and nothing else', () => {
    const suspended = { from: '2026-07-10', resumedOn: '2026-07-30', days: 20 };
    const period = {
      code: 'deadline.period',
      params: { suspended },
    } as unknown as DeadlineResponse['explanation'];
    expect(suspensionOf(deadline({ explanation: period }))).toEqual(suspended);
    expect(
      suspensionOf(deadline({ explanation: { code: 'deadline.legacy', params: { text: 'x' } } })),
    ).toBeNull();
    expect(suspensionOf(deadline({ explanation: null }))).toBeNull();
  });
});
