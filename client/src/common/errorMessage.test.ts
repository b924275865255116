import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { toHttpError } from '../providers/http';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it('shows why the server refused a transition (409) or an action (403)', () => {
    const conflict = toHttpError(409, {
      statusCode: 409,
      message: 'approve: not possible while the task is open (possible from in_review)',
      error: 'Conflict',
    });
    expect(errorMessage(conflict)).toBe(
      'approve: not possible while the task is open (possible from in_review)',
    );
    const forbidden = toHttpError(403, {
      statusCode: 403,
      message: 'start: only the assignee may do this — claim the task first',
      error: 'Forbidden',
    });
    expect(errorMessage(forbidden)).toBe(
      'start: only the assignee may do this — claim the task first',
    );
  });

  it('keeps the translated message for a stale version and for errors without a reason', () => {
    const stale = toHttpError(409, {
      statusCode: 409,
      message: 'version: the record was changed by someone else; reload it and try again',
      error: 'Conflict',
    });
    expect(errorMessage(stale)).toBe('haven.errors.conflict');
    expect(errorMessage(toHttpError(403, {}))).toBe('haven.errors.forbidden');
    expect(errorMessage(new HttpError('haven.errors.network', 0, {}))).toBe('haven.errors.network');
    expect(errorMessage(null)).toBe('haven.errors.server');
  });
});
