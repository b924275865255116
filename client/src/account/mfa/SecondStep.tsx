import type { LoginResponse, MfaMethod } from '@haven/shared';
import { Alert, Box, Button, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';

/** What the passkey slot gets: the challenge to answer, and where to hand the session it opens. */
export interface PasskeySlotProps {
  challenge: string;
  onSignedIn: (session: LoginResponse) => void | Promise<void>;
  disabled?: boolean;
}

/**
 * The second step of a sign-in: a code of the authenticator app, or (toggled) a recovery code, and
 * — when the account has passkeys — whatever `renderPasskey` puts in its slot. `onSubmit` rejects
 * with a translation key (and its arguments) to show; `onBack` returns to the password.
 */
export const SecondStep = ({
  challenge,
  methods,
  onSubmit,
  onPasskey,
  onBack,
  renderPasskey,
  notice,
}: {
  challenge: string;
  methods: MfaMethod[];
  onSubmit: (code: string) => Promise<void>;
  onPasskey: (session: LoginResponse) => void | Promise<void>;
  onBack: () => void;
  renderPasskey?: (props: PasskeySlotProps) => ReactNode;
  notice?: ReactNode;
}) => {
  const translate = useTranslate();
  const hasTotp = methods.includes('totp');
  const [recovery, setRecovery] = useState(!hasTotp);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!code.trim() || busy) return;
    setBusy(true);
    onSubmit(code.trim()).catch(() => {
      setBusy(false);
      setCode('');
    });
  };

  const showCodeForm = hasTotp || methods.includes('recovery');
  return (
    <Stack spacing={2} data-testid="mfa-second-step">
      <Typography variant="h6" component="h2">
        {translate('haven.mfa.second_step_title')}
      </Typography>
      {notice}
      {methods.includes('webauthn') &&
        renderPasskey?.({ challenge, onSignedIn: onPasskey, disabled: busy })}
      {showCodeForm && (
        <Box component="form" onSubmit={submit} noValidate>
          <Stack spacing={2}>
            <Typography variant="body2">
              {translate(recovery ? 'haven.mfa.recovery_intro' : 'haven.mfa.second_step_intro')}
            </Typography>
            <TextField
              key={recovery ? 'recovery' : 'totp'}
              name="code"
              label={translate(recovery ? 'haven.mfa.recovery_code' : 'haven.mfa.code')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              autoFocus
              fullWidth
              slotProps={{
                htmlInput: recovery
                  ? { maxLength: 64, spellCheck: false, autoCapitalize: 'none' }
                  : { inputMode: 'numeric', maxLength: 6, pattern: '[0-9]*' },
              }}
            />
            <Button
              type="submit"
              variant="contained"
              disabled={busy || !code.trim()}
              fullWidth
              data-testid="mfa-verify"
            >
              {busy ? <CircularProgress size={19} thickness={3} /> : translate('haven.mfa.verify')}
            </Button>
            {hasTotp && methods.includes('recovery') && (
              <Button
                size="small"
                onClick={() => {
                  setRecovery(!recovery);
                  setCode('');
                }}
                data-testid="mfa-toggle-recovery"
              >
                {translate(recovery ? 'haven.mfa.use_app' : 'haven.mfa.use_recovery')}
              </Button>
            )}
          </Stack>
        </Box>
      )}
      <Button size="small" onClick={onBack} disabled={busy}>
        {translate('haven.mfa.back')}
      </Button>
    </Stack>
  );
};

/** A login failure's message as an Alert (second step). */
export const StepError = ({
  message,
  args,
}: {
  message: string;
  args?: Record<string, unknown>;
}) => {
  const translate = useTranslate();
  return (
    <Alert severity="error" role="alert" data-testid="login-error">
      {translate(message, { _: message, ...args })}
    </Alert>
  );
};
