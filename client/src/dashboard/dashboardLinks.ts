import { STAGES, type CaseAgeBucket, type TaskStatus } from '@haven/shared';
import { addDays } from '../common/dates';

/**
 * Every figure on a dashboard links to the list it counts, already filtered the way the server
 * counted it (server/src/dashboard/dashboard.queries.ts). Paths are react-admin list routes:
 * `/<resource>?filter=<JSON>&displayedFilters=<JSON>`. Pure functions; "today" and "now" are
 * parameters.
 */

export type Filter = Record<string, string | number | boolean | string[] | undefined>;

/** The stages of a case that is still open (dashboards count `stage <> 'closed'`). */
export const OPEN_STAGES: string[] = STAGES.filter((stage) => stage !== 'closed');
/** Tasks not done yet (the caseload's "open tasks"). */
export const UNFINISHED_TASK_STATUSES: TaskStatus[] = ['open', 'in_progress', 'in_review'];

export function listPath(resource: string, filter: Filter = {}): string {
  const clean = Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''),
  );
  // Show the filter inputs of single values, so the user sees what the list is narrowed to; lists
  // ("any of") stay hidden filters, as a select input cannot show them.
  const displayed = Object.fromEntries(
    Object.entries(clean)
      .filter(([, value]) => !Array.isArray(value))
      .map(([key]) => [key, true]),
  );
  const params = new URLSearchParams({ filter: JSON.stringify(clean) });
  if (Object.keys(displayed).length > 0) params.set('displayedFilters', JSON.stringify(displayed));
  return `/${resource}?${params.toString()}`;
}

/** The same path as a full `#/…` link, for places outside react-router (e-mail, tests). */
export const hashLink = (path: string) => `#${path}`;

export const casePath = (caseId: string, tab?: 'deadlines' | 'grounds' | 'tasks' | 'history') =>
  `/cases/${caseId}/show${tab ? `/${tab}` : ''}`;

// Cases

export const casesAtStagePath = (stage: string, assignedToId?: string) =>
  listPath('cases', { stage, assignedToId });

export const openCasesPath = (assignedToId?: string, extra: Filter = {}) =>
  listPath('cases', { ...extra, stage: OPEN_STAGES, assignedToId });

export const urgentCasesPath = (assignedToId: string) =>
  openCasesPath(assignedToId, { priority: 'urgent' });

export const unassignedCasesPath = (teamId?: string) =>
  listPath('cases', { assigned: false, stage: OPEN_STAGES, teamId });

/** A team's open cases (the admin's load by team); `extra` narrows them (urgent ones). */
export const teamOpenCasesPath = (teamId: string, extra: Filter = {}) =>
  listPath('cases', { ...extra, stage: OPEN_STAGES, teamId });

/** Open cases with no activity for `days` days (the caseworker's "inactive cases"). */
export function inactiveCasesPath(assignedToId: string, now: Date, days = 30): string {
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  return openCasesPath(assignedToId, { lastActivityAt_lte: before });
}

/** Open cases by age in days since opening, in the server's buckets ("0-30" … "365+"). */
export function casesByAgePath(bucket: CaseAgeBucket, today: string): string {
  const range: Record<CaseAgeBucket, [number, number | null]> = {
    '0-30': [0, 30],
    '31-90': [31, 90],
    '91-180': [91, 180],
    '181-365': [181, 365],
    '365+': [366, null],
  };
  const [youngest, oldest] = range[bucket];
  return openCasesPath(undefined, {
    // Older cases were opened earlier: the age bounds turn into opening-day bounds.
    openedOn_gte: oldest === null ? undefined : addDays(today, -oldest),
    openedOn_lte: youngest === 0 ? undefined : addDays(today, -youngest),
  });
}

// Deadlines

export const overdueDeadlinesPath = (assignedToId?: string, teamId?: string) =>
  listPath('deadlines', { status: 'open', overdue: true, assignedToId, teamId });

/** Open deadlines due from today to `days` days ahead. */
export const deadlinesDueWithinPath = (today: string, days: number, assignedToId?: string) =>
  listPath('deadlines', {
    status: 'open',
    dueOn_gte: today,
    dueOn_lte: addDays(today, days),
    assignedToId,
  });

// Tasks

export const myTasksPath = (status?: string) => listPath('tasks', { queue: 'mine', status });

export const reviewQueuePath = () => listPath('tasks', { queue: 'review' });

/**
 * Unfinished tasks due before today (the dashboards' overdue tasks): a caseworker's own (`mine`),
 * a team's (a supervisor's view: every task they may see), or one person's.
 */
export const overdueTasksPath = (scope: { queue?: 'mine'; assigneeId?: string } = {}) =>
  listPath('tasks', { queue: scope.queue, assigneeId: scope.assigneeId, overdue: true });

export const unfinishedTasksOfPath = (assigneeId: string) =>
  listPath('tasks', { assigneeId, status: UNFINISHED_TASK_STATUSES });

/** A team's unfinished tasks, its queue's included (the admin's load by team). */
export const teamUnfinishedTasksPath = (teamId: string) =>
  listPath('tasks', { teamId, status: UNFINISHED_TASK_STATUSES });

// The caseload page

/** The rebalancing page, for one team (an admin's pick; a supervisor's is their own). */
export const caseloadPath = (teamId?: string) =>
  teamId ? `/caseload?${new URLSearchParams({ teamId }).toString()}` : '/caseload';

// Accounts and audit (admins)

export const accountsPath = (role: string, active: boolean) => listPath('users', { role, active });

export const auditPath = () => listPath('audit-events');
