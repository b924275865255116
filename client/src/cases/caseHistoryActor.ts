import type { CaseHistoryEvent } from '@haven/shared';

/**
 * Who a history row names: a person the caller may know (shown through the users resource), a
 * member of another team the server would not name, or the system (no actor at all).
 */
export function caseHistoryActor(
  event: Pick<CaseHistoryEvent, 'actorId' | 'actorElsewhere'>,
): { userId: string } | { key: string } {
  if (event.actorId) return { userId: event.actorId };
  return { key: event.actorElsewhere ? 'haven.cases.history.elsewhere' : 'haven.audit.system' };
}
