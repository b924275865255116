import type { LoginResponse, SessionRestriction } from '@haven/shared';
import { useSyncExternalStore } from 'react';
import { getSession, replaceSession, subscribeSession } from '../../providers/session';

/** What the signed-in session waits for before it opens more than `/api/auth/*`, from the login answer. */
export function sessionRestriction(
  session: LoginResponse | null = getSession(),
): SessionRestriction | null {
  if (!session) return null;
  if (session.passwordChangeRequired) return 'password_change';
  if (session.mfaEnrollmentRequired) return 'mfa_enrollment';
  return null;
}

/** Records what the server says the session now waits for (after a password change, a confirmed factor, a reload). */
export function setSessionRestriction(restriction: SessionRestriction | null): void {
  const session = getSession();
  if (!session || sessionRestriction(session) === restriction) return;
  const { passwordChangeRequired: _password, mfaEnrollmentRequired: _enrolment, ...rest } = session;
  replaceSession({
    ...rest,
    ...(restriction === 'password_change' ? { passwordChangeRequired: true as const } : {}),
    ...(restriction === 'mfa_enrollment' ? { mfaEnrollmentRequired: true as const } : {}),
  });
}

/** The session's restriction, kept current in a component (the menu hides while one is pending). */
export function useSessionRestriction(): SessionRestriction | null {
  return useSyncExternalStore(subscribeSession, () => sessionRestriction());
}
