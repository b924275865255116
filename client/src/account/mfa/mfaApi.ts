import type {
  LoginResponse,
  MfaStatus,
  RecoveryCodesResponse,
  TotpEnrolmentResponse,
} from '@haven/shared';
import { apiFetch } from '../../providers/http';

export type { MfaStatus };

/** `POST /api/auth/mfa/verify`: answers a sign-in challenge with a code (no token yet: anonymous). */
export async function verifyChallenge(challenge: string, code: string): Promise<LoginResponse> {
  const { json } = await apiFetch<LoginResponse>('/auth/mfa/verify', {
    method: 'POST',
    body: { challenge, code },
    anonymous: true,
  });
  return json;
}

export async function getMfaStatus(signal?: AbortSignal): Promise<MfaStatus> {
  const { json } = await apiFetch<MfaStatus>('/auth/mfa', { signal });
  return json;
}

export async function startTotp(): Promise<TotpEnrolmentResponse> {
  const { json } = await apiFetch<TotpEnrolmentResponse>('/auth/mfa/totp', { method: 'POST' });
  return json;
}

export async function confirmTotp(code: string): Promise<string[]> {
  const { json } = await apiFetch<RecoveryCodesResponse>('/auth/mfa/totp/confirm', {
    method: 'POST',
    body: { code },
  });
  return json.recoveryCodes;
}

export async function removeTotp(password: string, code: string): Promise<void> {
  await apiFetch<unknown>('/auth/mfa/totp', { method: 'DELETE', body: { password, code } });
}

/** Admins: removes a user's second factors and ends their sessions. */
export async function resetUserMfa(userId: string): Promise<void> {
  await apiFetch<unknown>(`/users/${encodeURIComponent(userId)}/mfa/reset`, { method: 'POST' });
}

/** The recovery codes as a text file's content, one a line, under a heading naming the account. */
export function recoveryCodesFile(heading: string, codes: string[]): string {
  return [heading, '', ...codes, ''].join('\n');
}
