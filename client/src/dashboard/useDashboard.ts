import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../providers/http';
import type { DashboardData } from './dashboardTypes';

/**
 * The caller's figures (`GET /api/dashboard`). Kept in react-admin's query cache, so the app
 * bar's refresh button and any change made through react-admin (a claim, a reassignment) fetch
 * them again.
 */
export function useDashboard(enabled = true) {
  return useQuery({
    queryKey: ['haven', 'dashboard'],
    queryFn: async ({ signal }) => (await apiFetch<DashboardData>('/dashboard', { signal })).json,
    enabled,
  });
}
