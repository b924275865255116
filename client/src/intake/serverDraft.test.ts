import { describe, expect, it } from 'vitest';
import { emptyDraft } from './intakeDraft';
import { draftStateOf, saveFailure } from './serverDraft';

describe('a draft restored from the server', () => {
  it('comes back as saved: answers, step, steps reached and a known client', () => {
    const draft = { ...emptyDraft(), givenName: 'Aster', languages: ['am'] };
    const returning = { id: 'c1', reference: 'CL-2026-00001', name: 'Aster Bekele' };
    expect(draftStateOf({ draft, active: 3, reached: 4, returning }, 3)).toEqual({
      draft,
      active: 3,
      reached: 4,
      returning,
    });
  });

  it('fills in fields an older form lacked and drops what this form does not know', () => {
    const state = draftStateOf(
      { draft: { givenName: 'Aster', removedField: 'x', languages: 'am', sex: 7 } },
      2,
    );
    expect(state.draft).toEqual({ ...emptyDraft(), givenName: 'Aster' });
    expect(state).toMatchObject({ active: 2, reached: 2, returning: null });
  });

  it('survives a payload of any shape', () => {
    for (const payload of [{}, { draft: null, active: -1, reached: 'x', returning: { id: 1 } }])
      expect(draftStateOf(payload, 0)).toEqual({
        draft: emptyDraft(),
        active: 0,
        reached: 0,
        returning: null,
      });
  });
});

describe('a save the server refuses', () => {
  it('stops on a conflict and on a returning client gone for this user; retries anything else', () => {
    expect(saveFailure({ status: 409, body: { code: 'intake_draft.stale' } })).toBe('conflict');
    expect(saveFailure({ status: 404, body: { code: 'client.not_found' } })).toBe('client_gone');
    expect(saveFailure({ status: 404, body: { code: 'not_found' } })).toBe('failed');
    expect(saveFailure({ status: 503 })).toBe('failed');
    expect(saveFailure(new TypeError('Failed to fetch'))).toBe('failed');
  });
});
