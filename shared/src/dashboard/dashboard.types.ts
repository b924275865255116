import type { AuditAction } from '../audit/audit.types.js';
import type { Role } from '../auth/roles.js';
import type { DeadlineKind, Priority, Stage } from '../cases/case.enums.js';
import type { TaskKind, TaskStatus } from '../tasks/task.types.js';
import type { CaseloadRow, TeamLoad } from './caseload.types.js';
import type { DashboardDataRequest } from '../data-requests/data-request.types.js';

/*
 * `GET /api/dashboard`: the caller's figures, shaped by role (`role` says which). The server
 * counts everything; the browser only shows and links the figures.
 */

export interface StageCount {
  stage: Stage;
  count: number;
}

export interface TaskStatusCount {
  status: TaskStatus;
  count: number;
}

/** Open cases by days since they were opened, in this order. */
export const CASE_AGE_BUCKETS = ['0-30', '31-90', '91-180', '181-365', '365+'] as const;
export type CaseAgeBucket = (typeof CASE_AGE_BUCKETS)[number];

export interface CaseAgeCount {
  bucket: CaseAgeBucket;
  count: number;
}

/** An open deadline as a dashboard lists it. */
export interface DashboardDeadline {
  id: string;
  caseId: string;
  caseReference: string;
  title: string;
  kind: DeadlineKind;
  dueOn: string;
}

/** A deadline at risk in a team, with whom its case is assigned to. */
export interface AtRiskDeadline extends DashboardDeadline {
  assignedToId: string | null;
}

/** An open case without activity for `inactiveCases.days` days. */
export interface InactiveCase {
  id: string;
  reference: string;
  lastActivityAt: string;
}

/** A task waiting for review. */
export interface ReviewQueueItem {
  id: string;
  kind: TaskKind;
  title: string;
  assigneeId: string | null;
  submittedAt: string | null;
  caseReference: string | null;
}

/** An open case no one is assigned to. */
export interface UnassignedCase {
  id: string;
  reference: string;
  openedOn: string;
  priority: Priority;
}

export interface CaseworkerDashboard {
  role: 'caseworker';
  openCasesByStage: StageCount[];
  deadlines: { overdue: number; next14Days: number; items: DashboardDeadline[] };
  myTasksByStatus: TaskStatusCount[];
  /** Their unfinished tasks (open, in progress, in review) due before today. */
  overdueTasks: number;
  inactiveCases: { count: number; days: number; items: InactiveCase[] };
}

/** The figures a supervisor sees of their team and an admin of every team. */
export interface TeamFigures {
  /** The supervisor's team; null across all teams. */
  teamId: string | null;
  casesByStage: StageCount[];
  casesByAge: CaseAgeCount[];
  deadlinesAtRisk: { next7Days: number; overdue: number; items: AtRiskDeadline[] };
  reviewQueue: { count: number; items: ReviewQueueItem[] };
  /** Unfinished tasks (open, in progress, in review) due before today, the team queue's included. */
  overdueTasks: number;
  unassignedIntake: { count: number; items: UnassignedCase[] };
  /** The open requests of the team's clients about their data, the soonest due first (`overdue`: past due). */
  dataRequests: { open: number; overdue: number; items: DashboardDataRequest[] };
}

export interface SupervisorDashboard extends TeamFigures {
  role: 'supervisor';
  teamId: string;
  /** When the figures were counted. */
  computedAt: string;
  /** A row per active caseworker of the team. */
  caseload: CaseloadRow[];
}

export interface AccountCount {
  role: Role;
  active: number;
  inactive: number;
}

/** A recent audit event on the admin's dashboard. */
export interface RecentAuditEvent {
  id: string;
  at: string;
  action: AuditAction;
  entityType: string | null;
  summary: string;
  actorId: string | null;
}

/** The figures an admin sees across teams, and a word on the accounts and the audit trail. */
export interface AdminFigures {
  accounts: AccountCount[];
  recentAudit: RecentAuditEvent[];
}

export interface AdminDashboard extends TeamFigures, AdminFigures {
  role: 'admin';
  teamId: null;
  /** When the all-teams figures were counted: they are a snapshot. */
  computedAt: string;
  /** The most loaded teams, instead of a row per caseworker of every team. */
  caseloadByTeam: TeamLoad;
}

/** Analysts never see a person or a case: their figures are the anonymised statistics. */
export interface AnalystDashboard {
  role: 'analyst';
  statistics: { aggregate: string; microdata: string };
}

export type DashboardResponse =
  CaseworkerDashboard | SupervisorDashboard | AdminDashboard | AnalystDashboard;
