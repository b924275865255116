import type { Role, SessionRestriction } from '@haven/shared';

/** The authenticated person a request acts for. Services take it as their first argument. */
export interface Actor {
  id: string;
  role: Role;
  teamId: string | null;
  sessionId: string;
  /** The caller's address, for the audit trail. */
  ip: string | null;
  /** Set while the session waits for a password change or a second factor: it opens only `/api/auth/*`. */
  restriction?: SessionRestriction | null;
}

/**
 * Everything of the actor a list's statement reads, as the key of its templates (`ListStatements`):
 * the scope (`AccessService`: role, id, team) and the list-read audit (`AuditService.listReadInsert`:
 * id, team, address). Two requests of one key and shape must build the same statement; a field
 * either starts to read belongs here (the tests compare every template they reuse with a fresh build).
 */
export const listStatementKey = (actor: Actor): string =>
  JSON.stringify([actor.role, actor.id, actor.teamId, actor.ip]);
