import type { Role } from '@haven/shared';

/** The authenticated person a request acts for. Services take it as their first argument. */
export interface Actor {
  id: string;
  role: Role;
  teamId: string | null;
  sessionId: string;
  /** The caller's address, for the audit trail. */
  ip: string | null;
}
