import type { LoginResponse } from '@haven/shared';
import { Alert, Box, Button, CircularProgress } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { authenticatorProblem, signInWithPasskey } from './passkeysApi';

/** Why a passkey sign-in failed, as a translation key. */
function signInProblem(error: unknown): string {
  const problem = authenticatorProblem(error);
  if (problem) return problem;
  const status = (error as { status?: number } | null)?.status;
  if (status === 401) return 'haven.passkeys.sign_in_failed';
  if (status === 429) return 'haven.errors.throttled';
  if (status === 0) return 'haven.errors.network';
  return 'haven.errors.server';
}

/**
 * "Use a passkey" in the second step of a sign-in: answers the password step's `challenge` with a
 * passkey instead of a code, and hands the new session to `onSignedIn`.
 */
export const PasskeySignInButton = ({
  challenge,
  onSignedIn,
  disabled,
}: {
  challenge: string;
  onSignedIn: (session: LoginResponse) => void | Promise<void>;
  disabled?: boolean;
}) => {
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = () => {
    setBusy(true);
    setError(null);
    signInWithPasskey(challenge)
      .then((session) => onSignedIn(session))
      .catch((reason: unknown) => {
        setBusy(false);
        setError(signInProblem(reason));
      });
  };

  return (
    <Box>
      {error && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }} data-testid="passkey-sign-in-error">
          {translate(error)}
        </Alert>
      )}
      <Button
        variant="outlined"
        fullWidth
        onClick={start}
        disabled={busy || disabled}
        data-testid="passkey-sign-in"
      >
        {busy ? <CircularProgress size={19} thickness={3} /> : translate('haven.passkeys.sign_in')}
      </Button>
    </Box>
  );
};
