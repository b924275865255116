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

/** What a task is: plain work, or the review of a note (linked to it). */
export const TASK_KINDS = ['task', 'note_review'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** A version of a note's text, as a reviewer reads it. */
export interface NoteReviewText {
  version: number;
  title: string;
  body: string;
}

/**
 * What a note review shows the reviewer: the note as it is now, and as it was when a review of it was
 * last approved (null: never approved, or that text is gone), so the change since can be shown.
 */
export interface TaskNoteReview {
  noteId: string;
  /** The note's version when review was last requested. */
  submittedVersion: number | null;
  current: NoteReviewText;
  lastApproved: NoteReviewText | null;
}

/** `POST /api/tasks/note-review`: ask for a review of a note (a review task, submitted). */
export interface RequestNoteReviewBody {
  noteId: string;
}

/**
 * The texts of the tasks Haven makes itself:
 * - `reminder`: a deadline is `days` away (`deadline`: its title, `kind`, `dueOn`, `reference` of the case);
 * - `recheck`: the rule `rule` behind a deadline has a new `version`; compare the date due `dueOn`.
 */
export const SYSTEM_TASK_CODES = ['reminder', 'recheck'] as const;
export type SystemTaskCode = (typeof SYSTEM_TASK_CODES)[number];
export type SystemTaskParams = Record<string, string | number | null>;

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
  /**
   * A system task's title and description as a code and parameters, for the client to tell in its
   * reader's language (`title`/`description` are their English form); null: shown as written.
   */
  titleCode: SystemTaskCode | null;
  titleParams: SystemTaskParams | null;
  /** The reviewer's comment when the task was last returned. */
  reviewComment: string | null;
  submittedAt: string | null;
  completedAt: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  kind: TaskKind;
  /** The note a note review is of; null for other tasks. */
  noteId: string | null;
  /** A note review's texts (decrypted: whoever sees the task may read its case's notes). */
  noteReview: TaskNoteReview | null;
  /** Who approved the task, if it was approved. */
  approvedById: string | null;
  /** Until when the approver may undo the approval (`POST /api/tasks/:id/undo-approve`); null when not approved. */
  undoApproveUntil: string | null;
}
