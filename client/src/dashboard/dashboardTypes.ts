import type { Role } from '@haven/shared';

/**
 * `GET /api/dashboard`, shaped by role (server/src/dashboard/dashboard.service.ts). The server
 * counts everything; the browser only shows and links the figures.
 */
export interface StageCount {
  stage: string;
  count: number;
}

export interface DeadlineItem {
  id: string;
  caseId: string;
  caseReference: string;
  title: string;
  kind: string;
  dueOn: string;
  assignedToId?: string | null;
}

export interface CaseworkerDashboard {
  role: 'caseworker';
  openCasesByStage: StageCount[];
  deadlines: { overdue: number; next14Days: number; items: DeadlineItem[] };
  myTasksByStatus: { status: string; count: number }[];
  inactiveCases: {
    count: number;
    days: number;
    items: { id: string; reference: string; lastActivityAt: string }[];
  };
}

export interface CaseloadRow {
  userId: string;
  fullName: string;
  teamId: string;
  openCases: number;
  urgentCases: number;
  overdueDeadlines: number;
  openTasks: number;
}

/** One team's load, on the admin's dashboard (`caseloadByTeam`). */
export interface TeamLoadRow {
  teamId: string;
  name: string;
  caseworkers: number;
  openCases: number;
  urgentCases: number;
  unassignedCases: number;
  overdueDeadlines: number;
  openTasks: number;
}

export interface SupervisorDashboard {
  role: 'supervisor' | 'admin';
  teamId: string | null;
  /** When the figures were counted (an admin's all-teams figures are a snapshot). */
  computedAt: string;
  /** A supervisor's team: a row per caseworker. */
  caseload?: CaseloadRow[];
  /** An admin's: the most loaded teams (the Caseload page has each team's caseworkers). */
  caseloadByTeam?: { teams: number; items: TeamLoadRow[] };
  casesByStage: StageCount[];
  casesByAge: { bucket: string; count: number }[];
  deadlinesAtRisk: { next7Days: number; overdue: number; items: DeadlineItem[] };
  reviewQueue: {
    count: number;
    items: {
      id: string;
      title: string;
      assigneeId: string | null;
      submittedAt: string | null;
      caseReference: string | null;
    }[];
  };
  unassignedIntake: {
    count: number;
    items: { id: string; reference: string; openedOn: string; priority: string }[];
  };
}

export interface AdminDashboard extends SupervisorDashboard {
  role: 'admin';
  accounts: { role: Role; active: number; inactive: number }[];
  recentAudit: {
    id: string;
    at: string;
    action: string;
    entityType: string | null;
    summary: string;
    actorId: string | null;
  }[];
}

export interface AnalystDashboard {
  role: 'analyst';
  statistics: { aggregate: string; microdata: string };
}

export type DashboardData =
  CaseworkerDashboard | SupervisorDashboard | AdminDashboard | AnalystDashboard;
