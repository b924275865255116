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
}

export const PASSWORD_MIN_LENGTH = 10;
