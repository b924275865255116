import {
  isMfaChallenge,
  type Locale,
  type LoginResponse,
  type LoginResult,
  type MfaMethod,
  type UserResponse,
} from '@haven/shared';
import { verifyChallenge } from '../account/mfa/mfaApi';
import type { AuthProvider, UserIdentity } from 'react-admin';
import { roleCanAccess } from './access';
import { apiFetch, type HavenErrorBody } from './http';
import { forgetSignedIn, refreshSession, whenRestored } from './refresh';
import {
  clearSession,
  endSession,
  getCurrentUser,
  getSession,
  getToken,
  lastUserId,
  rememberLocale,
  saveSession,
  sessionExpired,
  updateCurrentUser,
} from './session';

/**
 * A login failure the login form can show as it is: a translation key plus its arguments
 * (react-admin's own login form would drop the arguments).
 */
export class LoginError extends Error {
  constructor(
    message: string,
    readonly messageArgs: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

export function loginErrorFor(error: unknown): LoginError {
  const status = (error as { status?: number } | null)?.status;
  const body: HavenErrorBody = (error as { body?: HavenErrorBody } | null)?.body ?? {};
  // The second step: a wrong code, or a challenge that died (expired, used, five wrong codes).
  if (status === 401 && body.code === 'auth.wrong_code')
    return new LoginError('haven.mfa.wrong_code');
  if (status === 401 && body.code === 'auth.challenge_expired')
    return new LoginError('haven.mfa.challenge_expired');
  // The server answers a wrong email and a wrong password alike; so do we.
  if (status === 401) return new LoginError('haven.auth.wrong_credentials');
  if (status === 429) {
    const seconds = body.retryAfterSeconds;
    return typeof seconds === 'number'
      ? new LoginError('haven.auth.too_many_attempts', {
          smart_count: Math.max(1, Math.ceil(seconds / 60)),
        })
      : new LoginError('haven.auth.too_many_attempts_later');
  }
  if (status === 0) return new LoginError('haven.errors.network');
  const message = (error as { message?: unknown } | null)?.message;
  return new LoginError(typeof message === 'string' && message ? message : 'ra.auth.sign_in_error');
}

/**
 * The password was right and the account has a second factor: not an error for the user, but
 * `login` must not resolve (react-admin would treat the user as signed in). The login form catches
 * it and asks for the second step, which calls `login({ challenge, code })` (or `login({ session })`
 * once a passkey opened one).
 */
export class MfaChallenge extends Error {
  constructor(
    readonly challenge: string,
    readonly methods: MfaMethod[],
  ) {
    super('haven.mfa.second_step_title');
    this.name = 'MfaChallenge';
  }
}

/** What `authProvider.login` takes: the password step, the code step, or a session a passkey opened. */
export type LoginParams =
  | { username: string; password: string }
  | { challenge: string; code: string }
  | { session: LoginResponse };

async function signIn(params: LoginParams): Promise<LoginResponse> {
  if ('session' in params) return params.session;
  try {
    if ('challenge' in params) return await verifyChallenge(params.challenge, params.code);
    const { json } = await apiFetch<LoginResult>('/auth/login', {
      method: 'POST',
      body: { email: String(params.username ?? '').trim(), password: params.password },
      anonymous: true,
    });
    if (isMfaChallenge(json)) throw new MfaChallenge(json.challenge, json.methods);
    return json;
  } catch (error) {
    if (error instanceof MfaChallenge) throw error;
    throw loginErrorFor(error);
  }
}

/**
 * react-admin's rejection for checkAuth/checkError: `message` is shown (a translation key), or
 * `false` for no notification; `redirectTo` overrides the login page.
 */
function authRejection(message: string | false, redirectTo?: string): Promise<never> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- react-admin reads a plain { message, redirectTo }; an Error cannot carry `message: false`.
  return Promise.reject({ message, redirectTo });
}

export interface HavenIdentity extends UserIdentity {
  id: string;
  fullName: string;
  email: string;
  role: UserResponse['role'];
  teamId: string | null;
  locale: Locale;
}

export const authProvider: AuthProvider = {
  async login(params: LoginParams) {
    const session = await signIn(params);
    const previousUserId = lastUserId();
    saveSession(session);
    // react-admin returns to the page the last session was on. On a shared office computer that
    // page (and its search terms) belonged to someone else: a different user starts afresh.
    if (previousUserId && previousUserId !== session.user.id) return { redirectTo: '/' };
    return undefined;
  },

  async logout() {
    // Ending the server session is what stops the refresh cookie too: the next refresh is refused.
    if (getToken()) {
      try {
        await apiFetch<unknown>('/auth/logout', { method: 'POST' });
      } catch {
        // The token may be dead already; signing out locally is what matters to the user.
      }
    }
    forgetSignedIn();
    clearSession();
  },

  async checkAuth() {
    // After a reload the token is not known until the refresh cookie has been tried.
    await whenRestored();
    const session = getSession();
    if (session && !sessionExpired(session)) return;
    // This tab was idle, but another may have kept the session alive: ask before giving up.
    if (session && (await refreshSession())) return;
    if (session) endSession();
    // No notification: the login page itself says why the user is there (see LoginPage).
    return authRejection(false);
  },

  checkError(error: { status?: number } | null) {
    if (error?.status === 401) {
      // Already signed out here (a request still in flight during logout): nothing ended.
      if (!getSession()) return authRejection(false);
      // The server ended the session (logout elsewhere, idle or absolute timeout, deactivation).
      // Dropping the token first stops further requests with it; the login page then shows
      // "Your session has ended, please sign in again".
      endSession();
      return authRejection('haven.auth.session_ended', '/login');
    }
    // 403 is "your role may not do this", not "you are signed out": stay signed in.
    return Promise.resolve();
  },

  async getIdentity(): Promise<HavenIdentity> {
    await whenRestored();
    const user = getCurrentUser();
    if (!user) throw new Error('Not signed in');
    return {
      id: user.id,
      fullName: user.fullName,
      email: user.email,
      role: user.role,
      teamId: user.teamId,
      locale: user.locale,
    };
  },

  async getPermissions() {
    await whenRestored();
    return getCurrentUser()?.role ?? null;
  },

  async canAccess({ resource, action }) {
    await whenRestored();
    return roleCanAccess(getCurrentUser()?.role, resource, action);
  },
};

/**
 * Remembers the language a user chose: on this browser, and on the server for their next login
 * anywhere. `PATCH /api/users/:id` is for admins; `PATCH /api/auth/me` lets anyone set their own.
 */
export async function saveUserLocale(locale: Locale): Promise<void> {
  rememberLocale(locale);
  const user = getCurrentUser();
  if (!user || user.locale === locale) return;
  try {
    const { json } = await apiFetch<UserResponse | null>('/auth/me', {
      method: 'PATCH',
      body: { locale },
    });
    updateCurrentUser(
      json && typeof json === 'object' && 'id' in json ? json : { ...user, locale },
    );
  } catch (error) {
    // The choice still applies to this browser; it only won't follow the user elsewhere.
    console.warn('Could not save the language on the server', error);
  }
}
