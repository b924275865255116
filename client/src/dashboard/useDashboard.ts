import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DashboardResponse } from '@haven/shared';
import { apiFetch } from '../providers/http';

/**
 * The caller's figures (`GET /api/dashboard`). Kept in react-admin's query cache, so the app
 * bar's refresh button and any change made through react-admin (a claim, a reassignment) fetch
 * them again.
 */
export function useDashboard(enabled = true) {
  return useQuery({
    queryKey: ['haven', 'dashboard'],
    queryFn: async ({ signal }) =>
      (await apiFetch<DashboardResponse>('/dashboard', { signal })).json,
    enabled,
  });
}

/** Admins: recount the all-teams figures now instead of reading the server's snapshot. */
export function useRecountDashboard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await apiFetch<DashboardResponse>('/dashboard?fresh=true')).json,
    onSuccess: (data) => queryClient.setQueryData(['haven', 'dashboard'], data),
  });
}
