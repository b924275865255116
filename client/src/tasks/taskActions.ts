import {
  TASK_TRANSITIONS,
  hasPermission,
  type Role,
  type TaskAction,
  type TaskQueue,
  type TaskResponse,
} from '@haven/shared';

/**
 * Which quick actions a row offers: the shared transition table (`TASK_TRANSITIONS`: from which
 * statuses, and whether the assignee or a reviewer acts) applied to the signed-in user. The server
 * checks again and says why when it refuses; this only keeps buttons that would certainly fail
 * off the screen.
 */
export interface TaskActor {
  id: string;
  role: Role;
}

/** The quick actions in the order the buttons show; `assign` has its own picker. */
export const QUICK_ACTIONS = [
  'claim',
  'start',
  'submit-review',
  'approve',
  'return',
  'complete',
  'reopen',
] as const satisfies readonly TaskAction[];
export type QuickAction = (typeof QUICK_ACTIONS)[number];

export const isReviewer = (role: Role): boolean => hasPermission(role, 'tasks.review');

type TaskState = Pick<TaskResponse, 'status' | 'assigneeId'>;

/** Whether the transition table lets this user take this action on this task now. */
export function mayTake(action: TaskAction, task: TaskState, actor: TaskActor): boolean {
  if (!hasPermission(actor.role, 'tasks.write')) return false;
  const rule = TASK_TRANSITIONS[action];
  if (!rule.from.includes(task.status)) return false;
  const assignee = task.assigneeId !== null && task.assigneeId === actor.id;
  const reviewer = isReviewer(actor.role);
  switch (rule.by) {
    case 'team':
      // Claiming takes a task of the team's queue: one that already has someone is not claimable.
      return task.assigneeId === null;
    case 'assignee':
      return assignee;
    case 'reviewer':
      return reviewer;
    case 'assignee_or_reviewer':
      return assignee || reviewer;
  }
}

/**
 * The row's quick actions. Beyond the table: a reviewer completes a task only when it is theirs
 * (someone else's work reaches a reviewer through "submit for review", then approve or return).
 */
export function quickActions(task: TaskState, actor: TaskActor): QuickAction[] {
  return QUICK_ACTIONS.filter((action) => {
    if (!mayTake(action, task, actor)) return false;
    if (action === 'complete') return task.assigneeId === actor.id;
    return true;
  });
}

/** Reviewers (re)assign a task that is not done to a member of its team. */
export function mayAssign(task: TaskState, actor: TaskActor): boolean {
  return mayTake('assign', task, actor);
}

/** The queues a role has: the review queue is for reviewers only (the server answers 403 otherwise). */
export function queuesFor(role: Role): TaskQueue[] {
  if (!hasPermission(role, 'tasks.read')) return [];
  return isReviewer(role) ? ['mine', 'team', 'review'] : ['mine', 'team'];
}

/** Work waiting for the user: their own open or started tasks, plus the review queue for reviewers. */
export const WAITING_STATUSES = ['open', 'in_progress'] as const;

export function waitingCount(
  mine: number | undefined,
  review: number | undefined,
  role: Role,
): number {
  return (mine ?? 0) + (isReviewer(role) ? (review ?? 0) : 0);
}

/**
 * Whether the signed-in user may still undo their approval of this task: they approved it, and the
 * server's window (`undoApproveUntil`) has not passed at `now`. The server checks again.
 */
export function mayUndoApprove(
  task: Pick<TaskResponse, 'status' | 'approvedById' | 'undoApproveUntil'>,
  actor: TaskActor,
  now: number,
): boolean {
  if (task.status !== 'done' || task.approvedById !== actor.id || !task.undoApproveUntil)
    return false;
  return Date.parse(task.undoApproveUntil) > now;
}

/** A note's first lines for a queue row: up to `lines` non-empty lines, at most `max` characters. */
export function notePreview(body: string, lines = 2, max = 200): string {
  const text = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, lines)
    .join('\n');
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
