import {
  Alert,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { errorMessage } from '../../common/errorMessage';
import { getCurrentUser } from '../../providers/session';
import { getMfaStatus, removeTotp, type MfaStatus } from './mfaApi';
import { TotpEnrolment } from './TotpEnrolment';

/** The password-and-code confirmation for removing the authenticator app. */
const RemoveDialog = ({ onClose, onRemoved }: { onClose: () => void; onRemoved: () => void }) => {
  const translate = useTranslate();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password || !code.trim() || busy) return;
    setBusy(true);
    setError(null);
    removeTotp(password, code.trim())
      .then(onRemoved)
      .catch((reason: unknown) => {
        setBusy(false);
        const failure = reason as {
          status?: number;
          body?: { message?: unknown; retryAfterSeconds?: number };
        } | null;
        const message = typeof failure?.body?.message === 'string' ? failure.body.message : '';
        if (failure?.status === 400 && message.startsWith('password'))
          setError('haven.account.problems.wrong_current');
        else if (failure?.status === 400 && message.startsWith('code'))
          setError('haven.mfa.wrong_code');
        else if (failure?.status === 429) setError('haven.errors.throttled');
        else setError(errorMessage(reason));
      });
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="remove-totp-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="remove-totp-title">{translate('haven.mfa.remove_title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>{translate('haven.mfa.remove_intro')}</DialogContentText>
            {error && <Alert severity="error">{translate(error, { _: error })}</Alert>}
            <TextField
              name="password"
              type="password"
              label={translate('haven.mfa.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoFocus
            />
            <TextField
              name="code"
              label={translate('haven.mfa.code')}
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            type="submit"
            color="error"
            variant="contained"
            disabled={busy || !password || !code.trim()}
          >
            {translate('haven.mfa.totp_remove')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/** "Second factors" on the Account page: the authenticator app (set up, remove), passkeys counted, recovery codes left. */
export const SecondFactorsSection = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [failed, setFailed] = useState(false);
  const [enrolling, setEnrolling] = useState(false);
  const [removing, setRemoving] = useState(false);

  const load = useCallback(() => {
    setFailed(false);
    getMfaStatus()
      .then(setStatus)
      .catch(() => setFailed(true));
  }, []);
  useEffect(load, [load]);

  return (
    <Card data-testid="second-factors">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            {translate('haven.mfa.section_title')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {translate('haven.mfa.section_intro')}
          </Typography>
          {failed && <Alert severity="error">{translate('haven.mfa.load_failed')}</Alert>}
          {!status && !failed && <CircularProgress size={24} />}
          {status && enrolling && (
            <TotpEnrolment
              email={getCurrentUser()?.email ?? ''}
              onDone={() => {
                setEnrolling(false);
                load();
              }}
              onCancel={() => setEnrolling(false)}
            />
          )}
          {status && !enrolling && (
            <>
              {status.required && (
                <Alert severity="info">{translate('haven.mfa.required_note')}</Alert>
              )}
              <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                <Typography sx={{ minWidth: 220 }}>
                  {translate('haven.mfa.totp_title')}:{' '}
                  <strong data-testid="totp-state">
                    {translate(status.totp ? 'haven.mfa.totp_on' : 'haven.mfa.totp_off')}
                  </strong>
                </Typography>
                {status.totp ? (
                  <Button color="error" onClick={() => setRemoving(true)}>
                    {translate('haven.mfa.totp_remove')}
                  </Button>
                ) : (
                  <Button
                    variant="contained"
                    onClick={() => setEnrolling(true)}
                    data-testid="totp-add"
                  >
                    {translate('haven.mfa.totp_add')}
                  </Button>
                )}
              </Stack>
              <Typography>
                {translate('haven.mfa.passkeys_count', { smart_count: status.passkeys.length })}
              </Typography>
              {(status.totp || status.recoveryCodesLeft > 0) && (
                <Typography data-testid="recovery-left">
                  {translate('haven.mfa.recovery_left', { smart_count: status.recoveryCodesLeft })}
                </Typography>
              )}
              {status.totp && status.recoveryCodesLeft <= 3 && (
                <Alert severity="warning">{translate('haven.mfa.recovery_low')}</Alert>
              )}
            </>
          )}
        </Stack>
      </CardContent>
      {removing && (
        <RemoveDialog
          onClose={() => setRemoving(false)}
          onRemoved={() => {
            setRemoving(false);
            notify('haven.mfa.totp_removed', { type: 'success' });
            load();
          }}
        />
      )}
    </Card>
  );
};
