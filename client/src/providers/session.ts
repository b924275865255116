import type { Locale, LoginResponse, UserResponse } from '@haven/shared';

/**
 * The browser side of a session: the login answer, kept in localStorage so that a reload or a
 * second tab stays signed in. Both providers read the token from here; nothing else touches it.
 */
const SESSION_KEY = 'haven.session';
const LAST_ACTIVITY_KEY = 'haven.lastActivity';
// Set when the server ended the session (401, idle or absolute timeout) so that the login page
// can say why the user is there; cleared by the next successful login.
const SESSION_ENDED_KEY = 'haven.sessionEnded';
// The last language chosen on this browser, used before anyone has signed in.
const LOCALE_KEY = 'haven.locale';
// Who signed in last on this browser; kept after logout (see authProvider.login).
const LAST_USER_KEY = 'haven.lastUserId';

function storage(): Storage | undefined {
  return typeof globalThis.localStorage === 'undefined' ? undefined : globalThis.localStorage;
}

export function getSession(): LoginResponse | null {
  const raw = storage()?.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as LoginResponse;
    return typeof session.accessToken === 'string' && session.user ? session : null;
  } catch {
    // A corrupt entry is no session at all.
    return null;
  }
}

export function getToken(): string | null {
  return getSession()?.accessToken ?? null;
}

export function getCurrentUser(): UserResponse | null {
  return getSession()?.user ?? null;
}

export function saveSession(session: LoginResponse): void {
  const store = storage();
  store?.setItem(SESSION_KEY, JSON.stringify(session));
  store?.removeItem(SESSION_ENDED_KEY);
  store?.setItem(LAST_USER_KEY, session.user.id);
  touchSession();
  rememberLocale(session.user.locale);
}

export function updateCurrentUser(user: UserResponse): void {
  const session = getSession();
  if (!session) return;
  storage()?.setItem(SESSION_KEY, JSON.stringify({ ...session, user }));
}

export function clearSession(): void {
  storage()?.removeItem(SESSION_KEY);
  storage()?.removeItem(LAST_ACTIVITY_KEY);
}

/** Drops the session because the server (or its timeouts) ended it, and remembers why. */
export function endSession(): void {
  clearSession();
  storage()?.setItem(SESSION_ENDED_KEY, '1');
}

export function sessionWasEnded(): boolean {
  return storage()?.getItem(SESSION_ENDED_KEY) === '1';
}

export function forgetSessionEnded(): void {
  storage()?.removeItem(SESSION_ENDED_KEY);
}

/** Records that the server just accepted a request, which restarts its idle timer. */
export function touchSession(now: number = Date.now()): void {
  if (getSession()) storage()?.setItem(LAST_ACTIVITY_KEY, String(now));
}

/**
 * Whether the server has certainly ended this session already: past its absolute lifetime, or
 * idle for longer than the idle timeout. Checked locally so that a stale tab goes to the login
 * page at once instead of failing its first request.
 */
export function sessionExpired(session: LoginResponse, now: number = Date.now()): boolean {
  const expiresAt = Date.parse(session.expiresAt);
  if (Number.isFinite(expiresAt) && now >= expiresAt) return true;
  const last = Number(storage()?.getItem(LAST_ACTIVITY_KEY));
  if (session.idleTimeoutSeconds > 0 && Number.isFinite(last) && last > 0) {
    return now - last >= session.idleTimeoutSeconds * 1000;
  }
  return false;
}

export function lastUserId(): string | null {
  return storage()?.getItem(LAST_USER_KEY) ?? null;
}

export function rememberLocale(locale: Locale): void {
  storage()?.setItem(LOCALE_KEY, locale);
}

export function rememberedLocale(): string | null {
  return storage()?.getItem(LOCALE_KEY) ?? null;
}
