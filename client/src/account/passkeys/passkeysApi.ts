import type { LoginResponse } from '@haven/shared';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { apiFetch } from '../../providers/http';

/** One of the user's passkeys (`GET /api/auth/webauthn/credentials`). */
export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export const PASSKEY_NAME_MAX = 100;

export async function listPasskeys(): Promise<Passkey[]> {
  return (await apiFetch<Passkey[]>('/auth/webauthn/credentials')).json;
}

/**
 * What went wrong talking to the authenticator, as a translation key: the user closed the prompt
 * (or it timed out), this authenticator already holds one of their passkeys, Haven was opened at
 * another address than the one passkeys are bound to, or the browser has no WebAuthn. `null`: not the authenticator's doing (an HTTP error, shown as such).
 */
export function authenticatorProblem(error: unknown): string | null {
  if (isWebAuthnError(error)) {
    if (error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
      return 'haven.passkeys.already_registered';
    // Haven is opened at another address than HAVEN_PUBLIC_URL: passkeys are bound to that one.
    if (error.code === 'ERROR_INVALID_DOMAIN' || error.code === 'ERROR_INVALID_RP_ID')
      return 'haven.passkeys.wrong_address';
    return 'haven.passkeys.cancelled';
  }
  if (error instanceof Error && error.name === 'NotAllowedError') return 'haven.passkeys.cancelled';
  if (error instanceof Error && /WebAuthn is not supported/i.test(error.message))
    return 'haven.passkeys.unsupported';
  return null;
}

/**
 * SimpleWebAuthn's own error, recognised by its `ERROR_…` code rather than by class: the library is
 * imported only when a passkey is used, so the sign-in page's first load does not carry it.
 */
function isWebAuthnError(error: unknown): error is Error & { code: string } {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERROR_');
}

/** Asks the browser for a new passkey and keeps it under `name`. */
export async function addPasskey(name: string): Promise<Passkey> {
  const { json: optionsJSON } = await apiFetch<PublicKeyCredentialCreationOptionsJSON>(
    '/auth/webauthn/register/options',
    { method: 'POST' },
  );
  const { startRegistration } = await import('@simplewebauthn/browser');
  const response = await startRegistration({ optionsJSON });
  const { json } = await apiFetch<Omit<Passkey, 'lastUsedAt'>>('/auth/webauthn/register/verify', {
    method: 'POST',
    body: { response, name },
  });
  return { ...json, lastUsedAt: null };
}

export async function renamePasskey(id: string, name: string): Promise<Passkey> {
  return (
    await apiFetch<Passkey>(`/auth/webauthn/credentials/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: { name },
    })
  ).json;
}

export async function removePasskey(id: string): Promise<void> {
  await apiFetch<unknown>(`/auth/webauthn/credentials/${encodeURIComponent(id)}`, {
    method: 'DELETE',
  });
}

/** The second step of a sign-in answered with a passkey: the challenge is the password step's. */
export async function signInWithPasskey(challenge: string): Promise<LoginResponse> {
  const { json: optionsJSON } = await apiFetch<PublicKeyCredentialRequestOptionsJSON>(
    '/auth/webauthn/login/options',
    { method: 'POST', body: { challenge }, anonymous: true },
  );
  const { startAuthentication } = await import('@simplewebauthn/browser');
  const response = await startAuthentication({ optionsJSON });
  return (
    await apiFetch<LoginResponse>('/auth/webauthn/login/verify', {
      method: 'POST',
      body: { challenge, response },
      anonymous: true,
    })
  ).json;
}
