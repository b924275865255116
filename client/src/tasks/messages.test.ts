import { TASK_ACTIONS, TASK_QUEUES, TASK_STATUSES } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import { expectEnumKeys, expectSameShape, missingKeys } from '../dashboard/messageChecks';
import { actionKey } from './TaskActionButtons';
import { en, ru } from './messages';

describe('tasks messages', () => {
  it('have the same keys and placeholders in English and Russian', () => {
    expectSameShape(en, ru);
  });

  it('name every status, queue and action, and what each action did', () => {
    expectEnumKeys(en, ru, 'haven.tasks.status', TASK_STATUSES);
    expectEnumKeys(en, ru, 'haven.tasks.queue', [...TASK_QUEUES, 'all']);
    expectEnumKeys(en, ru, 'haven.tasks.actions', TASK_ACTIONS.map(actionKey));
    expectEnumKeys(en, ru, 'haven.tasks.done', TASK_ACTIONS.map(actionKey));
  });

  it('have every literal key the tasks code uses', () => {
    const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.*'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(Object.keys(sources).length).toBeGreaterThan(5);
    expect(missingKeys(sources)).toEqual([]);
  });
});
