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
