import { PASSWORD_PROBLEMS, type PasswordProblem, type SessionResponse } from '@haven/shared';
import { apiFetch, type HavenErrorBody } from '../providers/http';

export type { SessionResponse };

/** `POST /api/auth/password`: 204, or an HttpError whose body carries a `password.*` code. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await apiFetch<unknown>('/auth/password', {
    method: 'POST',
    body: { currentPassword, newPassword },
  });
}

export async function listSessions(signal?: AbortSignal): Promise<SessionResponse[]> {
  const { json } = await apiFetch<{ data: SessionResponse[] }>('/auth/sessions', { signal });
  return json.data;
}

export async function revokeSession(id: string): Promise<void> {
  await apiFetch<unknown>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** The field a refused change is about, and the translation key of the reason, from the server's code. */
export function passwordFailure(
  error: unknown,
): { field: 'currentPassword' | 'newPassword'; key: string } | null {
  const body = (error as { body?: HavenErrorBody } | null)?.body;
  const code = body?.code;
  if (!code || !(PASSWORD_PROBLEMS as readonly string[]).includes(code)) return null;
  const problem = code as PasswordProblem;
  return {
    field: problem === 'password.wrong_current' ? 'currentPassword' : 'newPassword',
    key: `haven.account.problems.${problem.slice('password.'.length)}`,
  };
}

/**
 * A short, readable name for a browser from its User-Agent ("Firefox on Windows"), or null when it is
 * not recognised; the full string is shown beside it.
 */
export function describeUserAgent(userAgent: string | null): {
  browser: string | null;
  system: string | null;
} {
  if (!userAgent) return { browser: null, system: null };
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|Chromium\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : null;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return { browser, system };
}
