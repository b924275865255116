import type { Priority } from '../cases/case.enums.js';

export const TASK_STATUSES = ['open', 'in_progress', 'in_review', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_QUEUES = ['mine', 'team', 'review'] as const;
export type TaskQueue = (typeof TASK_QUEUES)[number];

export const TASK_ACTIONS = [
  'claim',
  'assign',
  'start',
  'submit-review',
  'approve',
  'return',
  'complete',
  'reopen',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Who may take each action, beyond seeing the task: the assignee, or a reviewer (supervisor of the team, admin). */
export const TASK_TRANSITIONS: Record<
  TaskAction,
  {
    from: readonly TaskStatus[];
    to: TaskStatus | null;
    by: 'team' | 'assignee' | 'reviewer' | 'assignee_or_reviewer';
  }
> = {
  claim: { from: ['open', 'in_progress'], to: null, by: 'team' },
  assign: { from: ['open', 'in_progress', 'in_review'], to: null, by: 'reviewer' },
  start: { from: ['open'], to: 'in_progress', by: 'assignee' },
  'submit-review': { from: ['open', 'in_progress'], to: 'in_review', by: 'assignee' },
  approve: { from: ['in_review'], to: 'done', by: 'reviewer' },
  return: { from: ['in_review'], to: 'in_progress', by: 'reviewer' },
  complete: { from: ['open', 'in_progress'], to: 'done', by: 'assignee_or_reviewer' },
  reopen: { from: ['done'], to: 'open', by: 'assignee_or_reviewer' },
};

export interface TaskResponse {
  id: string;
  caseId: string | null;
  caseReference: string | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: Priority;
  assigneeId: string | null;
  teamId: string;
  dueOn: string | null;
  /** Made by Haven itself (a deadline reminder), not by a person. */
  system: boolean;
  /** The reviewer's comment when the task was last returned. */
  reviewComment: string | null;
  submittedAt: string | null;
  completedAt: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}
