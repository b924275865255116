import type { UserFormValues } from './userValidation';

/** What a change of team or role would unassign (`GET /api/users/:id/open-work`). */
export interface OpenWork {
  openCases: number;
  openTasks: number;
}

/**
 * Whether saving these values gives the account another team or role: the server then hands the
 * user's open cases and unfinished tasks back to their teams, so the form asks first.
 */
export function movesUser(
  record: { role?: string; teamId?: string | null },
  values: Pick<UserFormValues, 'role' | 'teamId'>,
): boolean {
  const role = values.role ?? record.role;
  const teamId = values.teamId === undefined ? (record.teamId ?? null) : values.teamId || null;
  return role !== record.role || teamId !== (record.teamId ?? null);
}

/** Whether the change needs the admin's confirmation: unknown counts (the preview failed) do. */
export function needsConfirmation(work: OpenWork | null): boolean {
  return work === null || work.openCases + work.openTasks > 0;
}
