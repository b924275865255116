import { describe, expect, it } from 'vitest';
import { mayUndoApprove, notePreview, type TaskActor } from './taskActions';

const supervisor: TaskActor = { id: 'me', role: 'supervisor' };
const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('undoing an approval', () => {
  const approved = {
    status: 'done' as const,
    approvedById: 'me',
    undoApproveUntil: '2026-12-07T12:05:00Z',
  };

  it('is offered to the approver inside the window', () => {
    expect(mayUndoApprove(approved, supervisor, NOW)).toBe(true);
  });

  it('is not offered after the window, to someone else, or on a task not approved', () => {
    expect(mayUndoApprove(approved, supervisor, Date.parse('2026-12-07T12:05:01Z'))).toBe(false);
    expect(mayUndoApprove(approved, { id: 'other', role: 'supervisor' }, NOW)).toBe(false);
    expect(mayUndoApprove({ ...approved, status: 'in_review' }, supervisor, NOW)).toBe(false);
    expect(
      mayUndoApprove({ ...approved, approvedById: null, undoApproveUntil: null }, supervisor, NOW),
    ).toBe(false);
  });
});

describe('a note’s preview in the review queue', () => {
  it('keeps the first non-empty lines', () => {
    expect(notePreview('\nFirst line.\n\n  Second line. \nThird line.')).toBe(
      'First line.\nSecond line.',
    );
  });

  it('cuts a long text with an ellipsis', () => {
    const preview = notePreview('word '.repeat(100), 2, 40);
    expect(preview.length).toBeLessThanOrEqual(40);
    expect(preview.endsWith('…')).toBe(true);
  });

  it('is empty for an empty note', () => {
    expect(notePreview('')).toBe('');
  });
});
