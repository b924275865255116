import type { UserResponse } from '@haven/shared';
import { useGetList } from 'react-admin';

/**
 * The active caseworkers of a team: who a case of that team may be assigned to (the server's
 * rule, CasesService.checkAssignee). Supervisors can list their own team's accounts.
 */
export function useCaseworkers(teamId: string | null | undefined, enabled = true) {
  return useGetList<UserResponse>(
    'users',
    {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'fullName', order: 'ASC' },
      filter: { role: 'caseworker', active: true, ...(teamId ? { teamId } : {}) },
    },
    { enabled: enabled && Boolean(teamId) },
  );
}
