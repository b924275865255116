import { describe, expect, it } from 'vitest';
import { createTaskBody } from './taskForm';

describe('createTaskBody', () => {
  const values = {
    title: '  Ask for the summons  ',
    description: ' ',
    priority: 'high' as const,
    dueOn: '',
    holder: 'team',
    teamId: '',
  };

  it('puts a task in the team queue with assigneeId null, and leaves out empty fields', () => {
    expect(createTaskBody(values, { caseId: 'c1', meId: 'u1', adminWithoutCase: false })).toEqual({
      caseId: 'c1',
      title: 'Ask for the summons',
      priority: 'high',
      assigneeId: null,
    });
  });

  it('gives the task to me, or to a chosen member, with its due day and team', () => {
    expect(
      createTaskBody(
        { ...values, holder: 'me', dueOn: '2026-12-01' },
        { meId: 'u1', adminWithoutCase: false },
      ),
    ).toMatchObject({ assigneeId: 'u1', dueOn: '2026-12-01' });
    expect(
      createTaskBody(
        { ...values, holder: 'u2', teamId: 't1' },
        { meId: 'u1', adminWithoutCase: true },
      ),
    ).toMatchObject({ assigneeId: 'u2', teamId: 't1' });
  });
});
