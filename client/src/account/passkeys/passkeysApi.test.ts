import { WebAuthnError } from '@simplewebauthn/browser';
import { describe, expect, it } from 'vitest';
import { authenticatorProblem } from './passkeysApi';

const webauthnError = (
  code: ConstructorParameters<typeof WebAuthnError>[0]['code'],
  name = 'InvalidStateError',
) => new WebAuthnError({ message: 'x', code, cause: new Error('cause'), name });

describe('authenticatorProblem', () => {
  it('tells an authenticator that already holds a passkey apart from a closed prompt', () => {
    expect(authenticatorProblem(webauthnError('ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'))).toBe(
      'haven.passkeys.already_registered',
    );
    expect(
      authenticatorProblem(
        webauthnError('ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY', 'NotAllowedError'),
      ),
    ).toBe('haven.passkeys.cancelled');
    expect(
      authenticatorProblem(
        new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'),
      ),
    ).toBe('haven.passkeys.cancelled');
  });

  it('says when Haven is opened at another address than the one passkeys are bound to', () => {
    expect(authenticatorProblem(webauthnError('ERROR_INVALID_RP_ID', 'SecurityError'))).toBe(
      'haven.passkeys.wrong_address',
    );
    expect(authenticatorProblem(webauthnError('ERROR_INVALID_DOMAIN', 'SecurityError'))).toBe(
      'haven.passkeys.wrong_address',
    );
  });

  it('says when the browser has no WebAuthn, and leaves HTTP errors to their own messages', () => {
    expect(authenticatorProblem(new Error('WebAuthn is not supported in this browser'))).toBe(
      'haven.passkeys.unsupported',
    );
    expect(authenticatorProblem({ status: 401, message: 'haven.auth.session_ended' })).toBeNull();
  });
});
