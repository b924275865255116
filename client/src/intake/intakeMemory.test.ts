import { afterEach, describe, expect, it } from 'vitest';
import { emptyDraft } from './intakeDraft';
import { forgetIntake, recallIntake, rememberIntake } from './intakeMemory';

afterEach(() => forgetIntake());

describe('the intake in progress', () => {
  it('comes back to the same user only', () => {
    const draft = { ...emptyDraft(), givenName: 'Aster' };
    rememberIntake({ userId: 'u1', draft, errors: {}, active: 2, reached: 2 });
    expect(recallIntake('u1')?.draft.givenName).toBe('Aster');
    expect(recallIntake('u2')).toBeNull();
    forgetIntake();
    expect(recallIntake('u1')).toBeNull();
  });
});
