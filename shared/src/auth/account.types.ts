/** Why a new password was refused: the `code` of the 400, which the client translates. */
export const PASSWORD_PROBLEMS = [
  'password.too_short',
  'password.is_email',
  'password.contains_email',
  'password.common',
  'password.unchanged',
  'password.wrong_current',
] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/** `POST /api/auth/password`. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** One of the caller's open sessions (`GET /api/auth/sessions`). */
export interface SessionResponse {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  /** The address the session signed in from, as the server saw it; null for sessions older than this record. */
  ip: string | null;
  /** The browser's User-Agent at sign-in (at most 300 characters). */
  userAgent: string | null;
  /** The session this request is made with. */
  current: boolean;
}
