import type { Role } from '@haven/shared';
import { useGetIdentity, useGetList } from 'react-admin';
import type { HavenIdentity } from '../providers/authProvider';
import { WAITING_STATUSES, isReviewer, waitingCount } from './taskActions';

// A minute is fresh enough for a badge, and cheap: two counting requests of one row each.
const REFRESH_MS = 60_000;
const ONE_ROW = { page: 1, perPage: 1 };
// react-admin's default sort is `id`, which the tasks list does not sort by (a 400).
const SORT = { field: 'createdAt', order: 'DESC' as const };

/**
 * How many tasks wait for the signed-in user: their own open or started tasks, plus the review
 * queue for supervisors and admins. Any change made through react-admin (a claim, an approval)
 * refreshes it at once; otherwise it polls every minute.
 */
export function useWaitingTaskCount(): { count: number; isPending: boolean } {
  const { identity } = useGetIdentity();
  const role: Role | undefined = (identity as HavenIdentity | undefined)?.role;
  const enabled = role !== undefined && role !== 'analyst';
  const mine = useGetList(
    'tasks',
    { pagination: ONE_ROW, sort: SORT, filter: { queue: 'mine', status: [...WAITING_STATUSES] } },
    { enabled, refetchInterval: REFRESH_MS },
  );
  const review = useGetList(
    'tasks',
    { pagination: ONE_ROW, sort: SORT, filter: { queue: 'review' } },
    { enabled: enabled && role !== undefined && isReviewer(role), refetchInterval: REFRESH_MS },
  );
  return {
    count: role ? waitingCount(mine.total, review.total, role) : 0,
    isPending: enabled && mine.isPending,
  };
}
