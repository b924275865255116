import type { TotpEnrolmentResponse } from '@haven/shared';
import { Alert, Box, Button, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslate } from 'react-admin';
import { errorMessage } from '../../common/errorMessage';
import { confirmTotp, startTotp } from './mfaApi';
import { RecoveryCodesView } from './RecoveryCodesView';

/** The base32 key in groups of four, easier to copy by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * Setting up an authenticator app: a new secret as a QR code and as text, confirmed with a code of
 * it; then the recovery codes, shown once. `onDone` after the codes were acknowledged; `onCancel`
 * (when given: the first-sign-in screen has no way round it) before confirming.
 */
export const TotpEnrolment = ({
  email,
  onDone,
  onCancel,
}: {
  email: string;
  onDone: () => void;
  onCancel?: () => void;
}) => {
  const translate = useTranslate();
  const [enrolment, setEnrolment] = useState<TotpEnrolmentResponse | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  useEffect(() => {
    let live = true;
    startTotp()
      .then(async (started) => {
        // Imported on demand: the QR encoder is needed once per enrolment, not on every first load.
        const { default: QRCode } = await import('qrcode');
        const image = await QRCode.toDataURL(started.otpauthUrl, {
          margin: 1,
          width: 220,
          errorCorrectionLevel: 'M',
        });
        if (!live) return;
        setEnrolment(started);
        setQr(image);
      })
      .catch(
        (reason: unknown) =>
          live &&
          setError(
            errorMessage(reason) === 'haven.errors.server'
              ? 'haven.mfa.enrol_failed'
              : errorMessage(reason),
          ),
      );
    return () => {
      live = false;
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!code.trim() || busy) return;
    setBusy(true);
    setError(null);
    confirmTotp(code.trim())
      .then(setCodes)
      .catch((reason: unknown) => {
        setBusy(false);
        const status = (reason as { status?: number } | null)?.status;
        setError(status === 400 ? 'haven.mfa.wrong_code' : errorMessage(reason));
      });
  };

  if (codes) return <RecoveryCodesView codes={codes} email={email} onDone={onDone} />;

  return (
    <Stack spacing={2} component="form" onSubmit={submit} noValidate data-testid="totp-enrolment">
      <Typography variant="h6" component="h2">
        {translate('haven.mfa.enrol_title')}
      </Typography>
      {error && (
        <Alert severity="error" role="alert">
          {translate(error, { _: error })}
        </Alert>
      )}
      {!enrolment && !error && <CircularProgress size={24} />}
      {enrolment && (
        <>
          <Typography>{translate('haven.mfa.enrol_step_scan')}</Typography>
          {qr && (
            <Box
              component="img"
              src={qr}
              alt={translate('haven.mfa.qr_alt')}
              sx={{ width: 220, height: 220, alignSelf: 'flex-start' }}
            />
          )}
          <Typography>{translate('haven.mfa.enrol_step_secret')}</Typography>
          <Box
            component="code"
            data-testid="totp-secret"
            data-secret={enrolment.secret}
            sx={{ fontSize: '1.1rem', wordBreak: 'break-all', userSelect: 'all' }}
          >
            {grouped(enrolment.secret)}
          </Box>
          <Typography>{translate('haven.mfa.enrol_step_confirm')}</Typography>
          <TextField
            name="code"
            label={translate('haven.mfa.code')}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="one-time-code"
            slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6, pattern: '[0-9]*' } }}
            sx={{ maxWidth: 200 }}
            autoFocus
          />
          <Stack direction="row" spacing={2}>
            <Button
              type="submit"
              variant="contained"
              disabled={busy || !code.trim()}
              data-testid="totp-confirm"
            >
              {busy ? (
                <CircularProgress size={19} thickness={3} />
              ) : (
                translate('haven.mfa.enrol_confirm')
              )}
            </Button>
            {onCancel && (
              <Button onClick={onCancel} disabled={busy}>
                {translate('haven.mfa.enrol_cancel')}
              </Button>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
};
