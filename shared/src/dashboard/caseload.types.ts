/**
 * One caseworker's load: a row of the supervisor's dashboard (`caseload`) and of
 * `GET /api/caseload`, counted the same way in both.
 */
export interface CaseloadRow {
  userId: string;
  fullName: string;
  teamId: string;
  openCases: number;
  urgentCases: number;
  overdueDeadlines: number;
  openTasks: number;
  /** Of their unfinished tasks, those due before today. */
  overdueTasks: number;
}

/** A row of `GET /api/caseload`: the caseworker's user id is the row's id. */
export interface CaseloadListItem extends CaseloadRow {
  id: string;
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
  /** Unfinished tasks due before today. */
  overdueTasks: number;
}

/** The most loaded teams (the Caseload page has each team's caseworkers), and how many there are. */
export interface TeamLoad {
  teams: number;
  items: TeamLoadRow[];
}
