import { ROLES, hasPermission } from '@haven/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../test/memoryStorage';
import { aLogin, aUser } from '../test/records';
import { permissionFor } from './access';
import { LoginError, MfaChallenge, authProvider, saveUserLocale } from './authProvider';
import { apiFetch } from './http';
import { resetRestore } from './refresh';
import {
  clearSession,
  forgetSessionEnded,
  getToken,
  saveSession,
  sessionWasEnded,
  touchSession,
} from './session';

const RESOURCES = ['users', 'teams', 'audit-events', 'clients', 'cases', 'deadlines'] as const;
// The permission prefix of each resource in the shared role map.
const PREFIX: Record<(typeof RESOURCES)[number], string> = {
  users: 'users',
  teams: 'teams',
  'audit-events': 'audit',
  clients: 'clients',
  cases: 'cases',
  deadlines: 'deadlines',
};

let requests: {
  url: string;
  method: string;
  body: unknown;
  headers: Headers;
  credentials?: RequestCredentials;
}[];

type Reply = [status: number, body: unknown, headers?: Record<string, string>];

/** Answers every request by its URL and the token it carries. */
function answerBy(reply: (url: string, token: string | null) => Reply) {
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      requests.push({
        url,
        method: init.method ?? 'GET',
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
        headers,
        credentials: init.credentials,
      });
      const [status, body, extra = {}] = reply(
        url,
        headers.get('Authorization')?.replace(/^Bearer /, '') ?? null,
      );
      return Promise.resolve(
        new Response(body === undefined ? null : JSON.stringify(body), { status, headers: extra }),
      );
    }),
  );
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  answerBy(() => [status, body, headers]);
}

const NO_SESSION: Reply = [
  401,
  { statusCode: 401, message: 'No session to continue; please sign in', error: 'Unauthorized' },
];

let storage: Storage;

beforeEach(() => {
  requests = [];
  storage = memoryStorage();
  vi.stubGlobal('localStorage', storage);
  // The server's readable hint that a session may go on (beside the HttpOnly refresh cookie).
  vi.stubGlobal('document', { cookie: 'haven_signed_in=1' });
  // Each test starts as a page that has just loaded, with no refresh cookie unless it says so.
  clearSession();
  forgetSessionEnded();
  resetRestore();
  answerBy(() => NO_SESSION);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('canAccess mirrors the shared role map', () => {
  for (const role of ROLES) {
    it(`for ${role}`, async () => {
      saveSession(aLogin(role));
      for (const resource of RESOURCES) {
        for (const [action, verb] of [
          ['list', 'read'],
          ['show', 'read'],
          ['create', 'write'],
          ['edit', 'write'],
          ['delete', 'write'],
        ] as const) {
          const expected = hasPermission(role, `${PREFIX[resource]}.${verb}` as never);
          await expect(
            authProvider.canAccess!({ resource, action }),
            `${role} ${action} ${resource}`,
          ).resolves.toBe(expected);
        }
      }
      await expect(
        authProvider.canAccess!({ resource: 'audit-events', action: 'verify' }),
      ).resolves.toBe(hasPermission(role, 'audit.verify'));
    });
  }

  it('uses a permission named after the action where the role map has one', async () => {
    expect(permissionFor('intake', 'create')).toBe('intake.create');
    expect(permissionFor('cases', 'reassign')).toBe('cases.reassign');
    expect(permissionFor('cases', 'edit')).toBe('cases.write');
    for (const role of ROLES) {
      saveSession(aLogin(role));
      await expect(authProvider.canAccess!({ resource: 'intake', action: 'create' })).resolves.toBe(
        hasPermission(role, 'intake.create'),
      );
      await expect(
        authProvider.canAccess!({ resource: 'cases', action: 'reassign' }),
      ).resolves.toBe(hasPermission(role, 'cases.reassign'));
    }
  });

  it('denies what the role map does not name, and everything when signed out', async () => {
    expect(permissionFor('teams', 'launch')).toBeNull();
    expect(permissionFor('secrets', 'list')).toBeNull();
    await expect(authProvider.canAccess!({ resource: 'users', action: 'list' })).resolves.toBe(
      false,
    );
    saveSession(aLogin('admin'));
    await expect(authProvider.canAccess!({ resource: 'secrets', action: 'list' })).resolves.toBe(
      false,
    );
  });
});

describe('login', () => {
  it('posts the email and password and keeps the session', async () => {
    const session = aLogin('supervisor');
    answer(200, session);
    await authProvider.login({ username: ' supervisor@haven.local ', password: 'haven-demo' });
    expect(requests[0]).toMatchObject({
      url: '/api/auth/login',
      method: 'POST',
      body: { email: 'supervisor@haven.local', password: 'haven-demo' },
    });
    expect(requests[0].headers.get('Authorization')).toBeNull();
    expect(getToken()).toBe(session.accessToken);
    await expect(authProvider.getPermissions!({})).resolves.toBe('supervisor');
    await expect(authProvider.getIdentity!()).resolves.toMatchObject({
      id: session.user.id,
      fullName: session.user.fullName,
      role: 'supervisor',
    });
    await expect(authProvider.checkAuth({})).resolves.toBeUndefined();
  });

  it('keeps no session when the account has a second factor, and asks for it', async () => {
    answer(200, { mfaRequired: true, challenge: 'c-1', methods: ['totp', 'recovery'] });
    const error = await authProvider
      .login({ username: 'caseworker@haven.local', password: 'haven-demo' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MfaChallenge);
    expect(error).toMatchObject({ challenge: 'c-1', methods: ['totp', 'recovery'] });
    expect(getToken()).toBeNull();
  });

  it('answers the challenge with a code and keeps the session; a wrong code says so', async () => {
    answer(401, {
      statusCode: 401,
      message: 'Wrong code',
      error: 'Unauthorized',
      code: 'auth.wrong_code',
    });
    const wrong = await authProvider
      .login({ challenge: 'c-1', code: '000000' })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ message: 'haven.mfa.wrong_code' });
    const session = aLogin('caseworker');
    answer(200, session);
    await authProvider.login({ challenge: 'c-1', code: '123456' });
    expect(requests[1]).toMatchObject({
      url: '/api/auth/mfa/verify',
      method: 'POST',
      body: { challenge: 'c-1', code: '123456' },
    });
    expect(requests[1].headers.get('Authorization')).toBeNull();
    expect(getToken()).toBe(session.accessToken);
  });

  it('says "wrong email or password" on a 401', async () => {
    answer(401, { statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' });
    const error = await authProvider
      .login({ username: 'a@b.c', password: 'nope' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginError);
    expect(error).toMatchObject({ message: 'haven.auth.wrong_credentials' });
  });

  it('says how many minutes to wait on a 429, from Retry-After', async () => {
    answer(
      429,
      { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' },
      { 'Retry-After': '125' },
    );
    await expect(authProvider.login({ username: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      message: 'haven.auth.too_many_attempts',
      messageArgs: { smart_count: 3 },
    });
    answer(429, { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' });
    await expect(authProvider.login({ username: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      message: 'haven.auth.too_many_attempts_later',
    });
  });
});

describe('returning after sign-in', () => {
  it('lets the same user return to their page, but starts a different user afresh', async () => {
    answer(200, aLogin('supervisor'));
    await expect(authProvider.login({ username: 's@h.l', password: 'p' })).resolves.toBeUndefined();
    await authProvider.logout({});
    await expect(authProvider.login({ username: 's@h.l', password: 'p' })).resolves.toBeUndefined();
    await authProvider.logout({});

    answer(
      200,
      aLogin('analyst', {
        user: aUser({ id: '00000000-0000-4000-8000-000000000002', role: 'analyst' }),
      }),
    );
    await expect(authProvider.login({ username: 'a@h.l', password: 'p' })).resolves.toEqual({
      redirectTo: '/',
    });
  });
});

describe('session', () => {
  it('rejects checkAuth without a token', async () => {
    await expect(authProvider.checkAuth({})).rejects.toMatchObject({ message: false });
  });

  it('ends the session on a 401 and says so', async () => {
    saveSession(aLogin('caseworker'));
    await expect(authProvider.checkError({ status: 401 })).rejects.toMatchObject({
      message: 'haven.auth.session_ended',
    });
    expect(getToken()).toBeNull();
    expect(sessionWasEnded()).toBe(true);
    await expect(authProvider.checkAuth({})).rejects.toBeDefined();
  });

  it('does not claim the session ended when a late 401 arrives after logout', async () => {
    await expect(authProvider.checkError({ status: 401 })).rejects.toMatchObject({
      message: false,
    });
    expect(sessionWasEnded()).toBe(false);
  });

  it('sends no request without a token, only the one attempt to continue a session', async () => {
    await expect(saveUserLocale('ru')).resolves.toBeUndefined();
    const { dataProvider } = await import('./dataProvider');
    await expect(dataProvider.getOne('users', { id: 'u1' })).rejects.toMatchObject({ status: 401 });
    expect(requests.map((r) => r.url)).toEqual(['/api/auth/refresh']);
    expect(requests[0].headers.get('Authorization')).toBeNull();
  });

  it('stays signed in on a 403 or any other error', async () => {
    saveSession(aLogin('caseworker'));
    await expect(authProvider.checkError({ status: 403 })).resolves.toBeUndefined();
    await expect(authProvider.checkError({ status: 500 })).resolves.toBeUndefined();
    expect(getToken()).not.toBeNull();
  });

  it('ends a session past its absolute lifetime locally', async () => {
    saveSession(aLogin('caseworker', { expiresAt: new Date(Date.now() - 1000).toISOString() }));
    await expect(authProvider.checkAuth({})).rejects.toBeDefined();
    expect(sessionWasEnded()).toBe(true);
  });

  it('logs out on the server, then forgets the token even if the server fails', async () => {
    saveSession(aLogin('caseworker'));
    answer(500, {});
    await authProvider.logout({});
    expect(requests[0]).toMatchObject({ url: '/api/auth/logout', method: 'POST' });
    expect(requests[0].headers.get('Authorization')).toBe('Bearer token-of-caseworker');
    expect(getToken()).toBeNull();
    expect(sessionWasEnded()).toBe(false);
    // The readable signed-in hint is expired with it.
    expect(document.cookie).toMatch(/^haven_signed_in=; Max-Age=0; Path=\//);
  });
});

describe('language', () => {
  it('saves a new language with PATCH /api/auth/me', async () => {
    saveSession(aLogin('analyst'));
    answer(200, aUser({ role: 'analyst', locale: 'ru', version: 2 }));
    await saveUserLocale('ru');
    expect(requests).toEqual([
      expect.objectContaining({ url: '/api/auth/me', method: 'PATCH', body: { locale: 'ru' } }),
    ]);
    await expect(authProvider.getIdentity!()).resolves.toMatchObject({ locale: 'ru' });
    // Already saved: no second request.
    await saveUserLocale('ru');
    expect(requests).toHaveLength(1);
  });
});

describe('the token lives in memory; a reload continues the session through the refresh cookie', () => {
  /** Entries of localStorage named like a session or holding a token (the tests' tokens are `token-of-…`). */
  const tokenLike = () =>
    Array.from({ length: storage.length }, (_, i) => storage.key(i)!).filter(
      (key) => /session|token|auth/i.test(key) || /token|eyJ/.test(storage.getItem(key) ?? ''),
    );

  it('keeps nothing token-like in localStorage after signing in', async () => {
    answer(200, aLogin('supervisor'));
    await authProvider.login({ username: 's@h.l', password: 'p' });
    expect(getToken()).toBe('token-of-supervisor');
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)!);
    expect(keys.sort()).toEqual(['haven.lastUserId', 'haven.locale']);
    for (const key of keys) expect(storage.getItem(key)).not.toContain('token-of');
    expect(tokenLike()).toEqual([]);
  });

  it('asks the refresh route once on start, with its header, and continues the session it answers', async () => {
    answerBy((url) => (url === '/api/auth/refresh' ? [200, aLogin('analyst')] : [404, {}]));
    // react-admin asks these together when the app starts.
    const [, permissions, identity] = await Promise.all([
      authProvider.checkAuth({}),
      authProvider.getPermissions!({}),
      authProvider.getIdentity!(),
      authProvider.canAccess!({ resource: 'cases', action: 'list' }),
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      url: '/api/auth/refresh',
      method: 'POST',
      credentials: 'same-origin',
    });
    expect(requests[0].headers.get('X-Haven-Refresh')).toBe('1');
    expect(requests[0].headers.get('Authorization')).toBeNull();
    expect(permissions).toBe('analyst');
    expect(identity).toMatchObject({ role: 'analyst' });
    expect(getToken()).toBe('token-of-analyst');
    await expect(authProvider.checkAuth({})).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
    expect(tokenLike()).toEqual([]);
  });

  it('shows the login page at once, asking nothing, when the browser holds no signed-in hint', async () => {
    vi.stubGlobal('document', { cookie: 'other=1; haven_signed_in=0' });
    await expect(authProvider.checkAuth({})).rejects.toMatchObject({ message: false });
    expect(requests).toEqual([]);
    expect(sessionWasEnded()).toBe(false);
  });

  it('goes to the login page without "session ended" when there is no session to continue', async () => {
    await expect(authProvider.checkAuth({})).rejects.toMatchObject({ message: false });
    expect(requests.map((r) => r.url)).toEqual(['/api/auth/refresh']);
    expect(sessionWasEnded()).toBe(false);
    await expect(authProvider.getPermissions!({})).resolves.toBeNull();
    expect(requests).toHaveLength(1);
  });

  it('answers a 401 once with a refresh and sends the request again with the new token', async () => {
    saveSession(aLogin('caseworker', { accessToken: 'old-token' }));
    answerBy((url, token) => {
      if (url === '/api/auth/refresh')
        return [200, aLogin('caseworker', { accessToken: 'new-token' })];
      return token === 'new-token' ? [200, { data: 'ok' }] : NO_SESSION;
    });
    await expect(apiFetch('/clients')).resolves.toMatchObject({ json: { data: 'ok' } });
    expect(requests.map((r) => [r.url, r.headers.get('Authorization')])).toEqual([
      ['/api/clients', 'Bearer old-token'],
      ['/api/auth/refresh', null],
      ['/api/clients', 'Bearer new-token'],
    ]);
    expect(getToken()).toBe('new-token');
  });

  it('gives up after one refresh when the session has ended, and checkError then says so', async () => {
    saveSession(aLogin('caseworker'));
    answerBy(() => NO_SESSION);
    const error = await apiFetch('/clients').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401 });
    expect(requests.map((r) => r.url)).toEqual(['/api/clients', '/api/auth/refresh']);
    await expect(authProvider.checkError(error as { status: number })).rejects.toMatchObject({
      message: 'haven.auth.session_ended',
    });
    expect(getToken()).toBeNull();
  });

  it('never turns a tab into another user when someone else signed in on this browser since', async () => {
    saveSession(aLogin('caseworker'));
    const someoneElse = aLogin('admin', {
      user: aUser({ id: '00000000-0000-4000-8000-000000000009', role: 'admin' }),
    });
    answerBy((url) => (url === '/api/auth/refresh' ? [200, someoneElse] : NO_SESSION));
    await expect(apiFetch('/clients')).rejects.toMatchObject({ status: 401 });
    expect(getToken()).toBe('token-of-caseworker');
    expect(requests.filter((r) => r.url === '/api/clients')).toHaveLength(1);
  });

  it('asks the refresh route before ending a session this tab left idle (another tab may have kept it alive)', async () => {
    saveSession(aLogin('caseworker', { idleTimeoutSeconds: 60 }));
    touchSession(Date.now() - 61_000);
    answerBy((url) =>
      url === '/api/auth/refresh'
        ? [200, aLogin('caseworker', { accessToken: 'kept-alive', idleTimeoutSeconds: 60 })]
        : NO_SESSION,
    );
    await expect(authProvider.checkAuth({})).resolves.toBeUndefined();
    expect(getToken()).toBe('kept-alive');

    touchSession(Date.now() - 61_000);
    answerBy(() => NO_SESSION);
    await expect(authProvider.checkAuth({})).rejects.toBeDefined();
    expect(sessionWasEnded()).toBe(true);
  });
});
