import type { Locale, Role } from '../auth/roles.js';

export interface UserResponse {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  teamId: string | null;
  active: boolean;
  locale: Locale;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface LoginResponse {
  accessToken: string;
  /** When the session ends at the latest (absolute lifetime), ISO 8601. */
  expiresAt: string;
  /** Idle timeout in seconds: the session ends after this long without a request. */
  idleTimeoutSeconds: number;
  user: UserResponse;
  /** The password was set by an admin: the session opens only `/api/auth/*` until the user sets their own. */
  passwordChangeRequired?: true;
  /** The role must have a second factor and the user has none: the session opens only `/api/auth/*` until one is confirmed. */
  mfaEnrollmentRequired?: true;
}

/** The shortest password a user or an admin may set (NIST SP 800-63B asks at least 8; OWASP ASVS 5.0 L2, 12). */
export const PASSWORD_MIN_LENGTH = 12;
