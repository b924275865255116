import { describe, expect, it } from 'vitest';
import {
  OPEN_STAGES,
  casePath,
  casesAtStagePath,
  casesByAgePath,
  deadlinesDueWithinPath,
  hashLink,
  inactiveCasesPath,
  listPath,
  myTasksPath,
  openCasesPath,
  overdueDeadlinesPath,
  overdueTasksPath,
  reviewQueuePath,
  unassignedCasesPath,
  unfinishedTasksOfPath,
  urgentCasesPath,
  caseloadPath,
  teamOpenCasesPath,
  teamUnfinishedTasksPath,
  UNFINISHED_TASK_STATUSES,
} from './dashboardLinks';

/** What react-admin reads back from a list URL. */
function parse(path: string) {
  const [pathname, search] = path.split('?');
  const params = new URLSearchParams(search);
  return {
    pathname,
    filter: JSON.parse(params.get('filter') ?? '{}') as Record<string, unknown>,
    displayed: JSON.parse(params.get('displayedFilters') ?? '{}') as Record<string, boolean>,
  };
}

const ME = '203b6266-d8c4-4adf-9fe3-f6847ff677b7';
const TODAY = '2026-11-28';

describe('dashboard links', () => {
  it('writes a react-admin list URL with the filter as JSON, shown where it is one value', () => {
    const path = listPath('cases', { stage: 'lodged', assignedToId: ME, priority: undefined });
    expect(path).toBe(
      `/cases?filter=${encodeURIComponent(JSON.stringify({ stage: 'lodged', assignedToId: ME }))}` +
        `&displayedFilters=${encodeURIComponent(JSON.stringify({ stage: true, assignedToId: true }))}`,
    );
    expect(hashLink(path)).toBe(`#${path}`);
    expect(parse(openCasesPath(ME)).displayed).toEqual({ assignedToId: true });
  });

  it('links a stage bar to the cases at that stage, mine for a caseworker', () => {
    expect(parse(casesAtStagePath('lodged', ME))).toEqual({
      pathname: '/cases',
      filter: { stage: 'lodged', assignedToId: ME },
      displayed: { stage: true, assignedToId: true },
    });
    expect(parse(casesAtStagePath('closed')).filter).toEqual({ stage: 'closed' });
  });

  it('counts open cases as every stage but closed', () => {
    expect(OPEN_STAGES).not.toContain('closed');
    expect(OPEN_STAGES).toHaveLength(7);
    expect(parse(openCasesPath(ME)).filter).toEqual({ stage: OPEN_STAGES, assignedToId: ME });
    expect(parse(urgentCasesPath(ME)).filter).toEqual({
      priority: 'urgent',
      stage: OPEN_STAGES,
      assignedToId: ME,
    });
    expect(parse(unassignedCasesPath()).filter).toEqual({ assigned: false, stage: OPEN_STAGES });
  });

  it('turns an age bucket into opening-day bounds, as the server counts them', () => {
    expect(parse(casesByAgePath('0-30', TODAY)).filter).toEqual({
      stage: OPEN_STAGES,
      openedOn_gte: '2026-10-29',
    });
    expect(parse(casesByAgePath('31-90', TODAY)).filter).toEqual({
      stage: OPEN_STAGES,
      openedOn_gte: '2026-08-30',
      openedOn_lte: '2026-10-28',
    });
    expect(parse(casesByAgePath('365+', TODAY)).filter).toEqual({
      stage: OPEN_STAGES,
      openedOn_lte: '2025-11-27',
    });
  });

  it('links a team’s load (the admin’s dashboard) to that team’s lists and caseload', () => {
    const TEAM = 'a7f0c5e2-3b1d-4c8e-9f6a-1d2e3f4a5b6c';
    expect(parse(teamOpenCasesPath(TEAM)).filter).toEqual({ stage: OPEN_STAGES, teamId: TEAM });
    expect(parse(teamOpenCasesPath(TEAM, { priority: 'urgent' })).filter).toEqual({
      priority: 'urgent',
      stage: OPEN_STAGES,
      teamId: TEAM,
    });
    expect(parse(unassignedCasesPath(TEAM)).filter).toEqual({
      assigned: false,
      stage: OPEN_STAGES,
      teamId: TEAM,
    });
    expect(parse(overdueDeadlinesPath(undefined, TEAM)).filter).toEqual({
      status: 'open',
      overdue: true,
      teamId: TEAM,
    });
    expect(parse(teamUnfinishedTasksPath(TEAM)).filter).toEqual({
      teamId: TEAM,
      status: UNFINISHED_TASK_STATUSES,
    });
    expect(caseloadPath(TEAM)).toBe(`/caseload?teamId=${TEAM}`);
    expect(caseloadPath()).toBe('/caseload');
  });

  it('links inactive cases by their last activity', () => {
    const now = new Date('2026-11-28T12:00:00.000Z');
    expect(parse(inactiveCasesPath(ME, now)).filter).toEqual({
      lastActivityAt_lte: '2026-10-29T12:00:00.000Z',
      stage: OPEN_STAGES,
      assignedToId: ME,
    });
  });

  it('links deadlines: overdue, and due within a number of days', () => {
    expect(parse(overdueDeadlinesPath())).toEqual({
      pathname: '/deadlines',
      filter: { status: 'open', overdue: true },
      displayed: { status: true, overdue: true },
    });
    expect(parse(overdueDeadlinesPath(ME)).filter).toMatchObject({ assignedToId: ME });
    expect(parse(deadlinesDueWithinPath(TODAY, 14)).filter).toEqual({
      status: 'open',
      dueOn_gte: '2026-11-28',
      dueOn_lte: '2026-12-12',
    });
  });

  it('links tasks to their queue', () => {
    expect(parse(myTasksPath('in_review')).filter).toEqual({ queue: 'mine', status: 'in_review' });
    expect(parse(myTasksPath()).filter).toEqual({ queue: 'mine' });
    expect(parse(reviewQueuePath()).filter).toEqual({ queue: 'review' });
    expect(parse(unfinishedTasksOfPath(ME)).filter).toEqual({
      assigneeId: ME,
      status: ['open', 'in_progress', 'in_review'],
    });
  });

  it('links a case and one of its tabs', () => {
    expect(casePath('c1')).toBe('/cases/c1/show');
    expect(casePath('c1', 'deadlines')).toBe('/cases/c1/show/deadlines');
  });

  it('links the overdue tasks the dashboards count: mine, the team’s, one caseworker’s', () => {
    expect(parse(overdueTasksPath({ queue: 'mine' })).filter).toEqual({
      queue: 'mine',
      overdue: true,
    });
    expect(parse(overdueTasksPath()).filter).toEqual({ overdue: true });
    const one = parse(overdueTasksPath({ assigneeId: ME }));
    expect(one.pathname).toBe('/tasks');
    expect(one.filter).toEqual({ assigneeId: ME, overdue: true });
    expect(one.displayed).toEqual({ assigneeId: true, overdue: true });
  });
});
