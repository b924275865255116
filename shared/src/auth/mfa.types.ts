import type { LoginResponse } from '../users/user.types.js';

/** What a restricted session is waiting for; until then it opens only `/api/auth/*`. */
export const SESSION_RESTRICTIONS = ['password_change', 'mfa_enrollment'] as const;
export type SessionRestriction = (typeof SESSION_RESTRICTIONS)[number];

/** How a sign-in's second step may be answered. */
export const MFA_METHODS = ['totp', 'webauthn', 'recovery'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

/** The answer to a right password when the account has a second factor: no token yet. */
export interface MfaChallengeResponse {
  mfaRequired: true;
  /** Answer it with `POST /api/auth/mfa/verify` (or a passkey) within five minutes. */
  challenge: string;
  /** The methods this account can use. */
  methods: MfaMethod[];
}

/** Every answer `POST /api/auth/login` can give. */
export type LoginResult = LoginResponse | MfaChallengeResponse;

export function isMfaChallenge(result: LoginResult): result is MfaChallengeResponse {
  return 'mfaRequired' in result && result.mfaRequired === true;
}

/** The 403 error code of a request a restricted session may not make. */
export const RESTRICTED_SESSION_CODE = 'auth.restricted';

/** Recovery codes handed out at once, each usable once. */
export const RECOVERY_CODE_COUNT = 10;

export interface TotpEnrolmentResponse {
  /** Base32, for typing into an authenticator app. */
  secret: string;
  otpauthUrl: string;
}

export interface RecoveryCodesResponse {
  recoveryCodes: string[];
}

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: string;
}

/** `GET /api/auth/mfa`: the caller's second factors. */
export interface MfaStatus {
  totp: boolean;
  passkeys: PasskeySummary[];
  recoveryCodesLeft: number;
  /** The caller's role must have a second factor (`HAVEN_MFA_REQUIRED_ROLES`). */
  required: boolean;
  /** What the caller's session still waits for, if anything. */
  restriction: SessionRestriction | null;
  /** Demo mode, where no role must have a second factor: the interface says so. */
  demo: boolean;
}
