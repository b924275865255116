import type { Locale, LoginResponse, UserResponse } from '@haven/shared';

/**
 * The browser side of a session: the login answer, held in this tab's memory only. Nothing a
 * script could steal survives in localStorage; a reload or a second tab gets its own token for the
 * same server session from `POST /api/auth/refresh` (refresh.ts), which reads an HttpOnly cookie
 * scripts never see. Both providers read the token from here; nothing else touches it.
 */
let current: LoginResponse | null = null;
// When the server last accepted a request of this tab (its idle timer restarts with each).
let lastActivity = 0;
// Set when the server ended the session (401, idle or absolute timeout) so that the login page
// can say why the user is there; cleared by the next successful login.
let sessionEnded = false;
// The last language chosen on this browser, used before anyone has signed in.
const LOCALE_KEY = 'haven.locale';
// Who signed in last on this browser (an id, no credential); kept after logout (see authProvider.login).
const LAST_USER_KEY = 'haven.lastUserId';

// Who wants to hear that the session changed (sign-in, a lifted restriction, sign-out).
const listeners = new Set<() => void>();

/** Calls `listener` whenever the session changes; returns the unsubscribe (useSyncExternalStore's shape). */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

function storage(): Storage | undefined {
  return typeof globalThis.localStorage === 'undefined' ? undefined : globalThis.localStorage;
}

export function getSession(): LoginResponse | null {
  return current;
}

export function getToken(): string | null {
  return getSession()?.accessToken ?? null;
}

export function getCurrentUser(): UserResponse | null {
  return getSession()?.user ?? null;
}

export function saveSession(session: LoginResponse): void {
  queueMicrotask(changed);
  current = session;
  sessionEnded = false;
  storage()?.setItem(LAST_USER_KEY, session.user.id);
  touchSession();
  rememberLocale(session.user.locale);
}

export function updateCurrentUser(user: UserResponse): void {
  if (current) current = { ...current, user };
}

/** Replaces what the session may do (its restriction flags) without counting as a new sign-in. */
export function replaceSession(session: LoginResponse): void {
  queueMicrotask(changed);
  if (current) current = session;
}

export function clearSession(): void {
  queueMicrotask(changed);
  current = null;
  lastActivity = 0;
}

/** Drops the session because the server (or its timeouts) ended it, and remembers why. */
export function endSession(): void {
  clearSession();
  sessionEnded = true;
}

export function sessionWasEnded(): boolean {
  return sessionEnded;
}

export function forgetSessionEnded(): void {
  sessionEnded = false;
}

/** Records that the server just accepted a request, which restarts its idle timer. */
export function touchSession(now: number = Date.now()): void {
  if (current) lastActivity = now;
}

/**
 * Whether this tab's session has probably ended: past its absolute lifetime, or this tab idle for
 * longer than the idle timeout. Checked locally so that a stale tab goes to the login page at once
 * instead of failing its first request; another tab may have kept the session alive, so checkAuth
 * asks the refresh route before giving up on an idle one.
 */
export function sessionExpired(session: LoginResponse, now: number = Date.now()): boolean {
  const expiresAt = Date.parse(session.expiresAt);
  if (Number.isFinite(expiresAt) && now >= expiresAt) return true;
  if (session.idleTimeoutSeconds > 0 && lastActivity > 0) {
    return now - lastActivity >= session.idleTimeoutSeconds * 1000;
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
