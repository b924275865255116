import { QueryClient } from '@tanstack/react-query';

/**
 * The app's query cache, given to `<Admin queryClient>` so that the data provider can reach it
 * outside React: after a refusal because a record changed meanwhile (409), the records of that
 * resource on screen are fetched again, and the stale row shows what is true now.
 */
export const queryClient = new QueryClient();

/**
 * Fetches again whatever is shown of `resource` (its lists, records and references). Forms in
 * progress are not touched: this is called after a record action (a task's step, a deadline's
 * status), never after a form's own save, whose typed values must not be reset.
 */
export function refetchResource(resource: string): void {
  void queryClient.invalidateQueries({ queryKey: [resource] });
}
