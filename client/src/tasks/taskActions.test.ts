import { TASK_STATUSES, TASK_TRANSITIONS, type TaskStatus } from '@haven/shared';
import { describe, expect, it } from 'vitest';
import {
  QUICK_ACTIONS,
  mayAssign,
  mayTake,
  queuesFor,
  quickActions,
  waitingCount,
  type TaskActor,
} from './taskActions';

const ME = 'me-0000';
const OTHER = 'other-0000';
const caseworker: TaskActor = { id: ME, role: 'caseworker' };
const supervisor: TaskActor = { id: ME, role: 'supervisor' };
const admin: TaskActor = { id: ME, role: 'admin' };
const analyst: TaskActor = { id: ME, role: 'analyst' };

const task = (status: TaskStatus, assigneeId: string | null) => ({ status, assigneeId });

describe('quick actions of a task', () => {
  it('offers a caseworker "claim" on the team queue only', () => {
    expect(quickActions(task('open', null), caseworker)).toEqual(['claim']);
    expect(quickActions(task('in_progress', null), caseworker)).toEqual(['claim']);
    // Someone else's task: nothing (the server would say 403).
    expect(quickActions(task('open', OTHER), caseworker)).toEqual([]);
    expect(quickActions(task('in_review', null), caseworker)).toEqual([]);
  });

  it('lets the assignee start, submit for review or complete their open task', () => {
    expect(quickActions(task('open', ME), caseworker)).toEqual([
      'start',
      'submit-review',
      'complete',
    ]);
    expect(quickActions(task('in_progress', ME), caseworker)).toEqual([
      'submit-review',
      'complete',
    ]);
  });

  it('leaves a task in review to the reviewer', () => {
    expect(quickActions(task('in_review', ME), caseworker)).toEqual([]);
    expect(quickActions(task('in_review', OTHER), supervisor)).toEqual(['approve', 'return']);
    expect(quickActions(task('in_review', OTHER), admin)).toEqual(['approve', 'return']);
  });

  it('lets the assignee or a reviewer reopen a done task', () => {
    expect(quickActions(task('done', ME), caseworker)).toEqual(['reopen']);
    expect(quickActions(task('done', OTHER), caseworker)).toEqual([]);
    expect(quickActions(task('done', OTHER), supervisor)).toEqual(['reopen']);
  });

  it('does not offer a reviewer "complete" on someone else’s task (they approve what is submitted)', () => {
    expect(quickActions(task('in_progress', OTHER), supervisor)).toEqual([]);
    expect(quickActions(task('open', ME), supervisor)).toEqual([
      'start',
      'submit-review',
      'complete',
    ]);
    expect(quickActions(task('open', null), supervisor)).toEqual(['claim']);
  });

  it('offers an analyst nothing', () => {
    for (const status of TASK_STATUSES) {
      expect(quickActions(task(status, null), analyst)).toEqual([]);
      expect(quickActions(task(status, ME), analyst)).toEqual([]);
    }
  });

  it('never offers an action from a status the shared table does not allow', () => {
    for (const status of TASK_STATUSES) {
      for (const actor of [caseworker, supervisor, admin]) {
        for (const assignee of [null, ME, OTHER]) {
          for (const action of quickActions(task(status, assignee), actor)) {
            expect(TASK_TRANSITIONS[action].from, `${action} from ${status}`).toContain(status);
          }
        }
      }
    }
    expect(QUICK_ACTIONS).not.toContain('assign');
  });

  it('lets reviewers assign any task that is not done', () => {
    expect(mayAssign(task('open', null), supervisor)).toBe(true);
    expect(mayAssign(task('in_review', OTHER), admin)).toBe(true);
    expect(mayAssign(task('done', OTHER), supervisor)).toBe(false);
    expect(mayAssign(task('open', null), caseworker)).toBe(false);
    expect(mayTake('assign', task('open', ME), caseworker)).toBe(false);
  });
});

describe('queues and the waiting count', () => {
  it('gives the review queue to reviewers only', () => {
    expect(queuesFor('caseworker')).toEqual(['mine', 'team']);
    expect(queuesFor('supervisor')).toEqual(['mine', 'team', 'review']);
    expect(queuesFor('admin')).toEqual(['mine', 'team', 'review']);
    expect(queuesFor('analyst')).toEqual([]);
  });

  it('counts my open work, plus the review queue for reviewers', () => {
    expect(waitingCount(3, 4, 'caseworker')).toBe(3);
    expect(waitingCount(3, 4, 'supervisor')).toBe(7);
    expect(waitingCount(undefined, undefined, 'admin')).toBe(0);
  });
});
