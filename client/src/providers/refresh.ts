import type { LoginResponse } from '@haven/shared';
import { getSession, saveSession } from './session';

/**
 * The path back to a token after a reload: `POST /api/auth/refresh` reads the HttpOnly cookie the
 * sign-in set (scripts never see it) and answers like a login, for the same server session. The
 * header is what a cross-site form cannot send. A plain fetch, not apiFetch: apiFetch itself calls
 * here when a request comes back 401.
 */
export const REFRESH_PATH = '/api/auth/refresh';

/**
 * Whether this browser may have a session to continue: the server sets a readable hint cookie beside
 * the HttpOnly refresh cookie and clears both together. Without it the sign-in form shows at once.
 */
export function mayBeSignedIn(): boolean {
  return (
    typeof document !== 'undefined' && /(?:^|;\s*)haven_signed_in=1(?:;|$)/.test(document.cookie)
  );
}

/** Signed out: the hint goes too, so the device does not tell that Haven was used on it. */
export function forgetSignedIn(): void {
  if (typeof document !== 'undefined')
    document.cookie = 'haven_signed_in=; Max-Age=0; Path=/; SameSite=Strict';
}

let inFlight: Promise<LoginResponse | null> | null = null;
let restored: Promise<void> | null = null;

/**
 * Asks for a new token for this browser's session; the answer replaces this tab's, or null: none to
 * continue. Concurrent callers share one request, so the cookie is rotated once. A tab signed in as
 * one user never turns into another: when someone else has signed in on this browser since (the
 * cookie is theirs now), the answer is not taken and this tab's session is over.
 */
export function refreshSession(): Promise<LoginResponse | null> {
  inFlight ??= (async () => {
    try {
      const response = await fetch(REFRESH_PATH, {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-Haven-Refresh': '1' },
        credentials: 'same-origin',
      });
      if (!response.ok) return null;
      const session = (await response.json()) as LoginResponse;
      if (typeof session?.accessToken !== 'string' || !session.user) return null;
      const mine = getSession();
      if (mine && mine.user.id !== session.user.id) return null;
      saveSession(session);
      return session;
    } catch {
      // Offline or the server down: nothing to continue with for now; the login page says so on submit.
      return null;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

/**
 * Settles once this tab has tried, once, to continue the browser's session (the app's start);
 * react-admin's checks wait for it so that a reload does not flash the login page. A tab that
 * signed in already has nothing to restore.
 */
export function whenRestored(): Promise<void> {
  restored ??=
    getSession() || !mayBeSignedIn() ? Promise.resolve() : refreshSession().then(() => undefined);
  return restored;
}

/** For tests: as if the page had just loaded. */
export function resetRestore(): void {
  restored = null;
  inFlight = null;
}
