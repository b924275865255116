import type { SessionRestriction } from '@haven/shared';
import { Alert, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { getCurrentUser } from '../../providers/session';
import { ChangePasswordForm } from '../ChangePasswordForm';
import { PasskeysSection } from '../passkeys';
import { getMfaStatus } from './mfaApi';
import { TotpEnrolment } from './TotpEnrolment';

/**
 * What a restricted session shows instead of the app: the forced change of an admin-set password,
 * or the setup of a second factor a role requires (an authenticator app, or a passkey). `onLifted`
 * gets what the session waits for next (after a password change it may be the enrolment).
 */
export const FirstSignIn = ({
  restriction,
  onLifted,
}: {
  restriction: SessionRestriction;
  onLifted: (next: SessionRestriction | null) => void;
}) => {
  const translate = useTranslate();
  const [failed, setFailed] = useState(false);
  const recheck = () => {
    setFailed(false);
    getMfaStatus()
      .then((status) => onLifted(status.restriction))
      .catch(() => setFailed(true));
  };

  return (
    <Stack
      spacing={2}
      sx={{ mt: 2, mb: 4, maxWidth: 720 }}
      data-testid={`first-sign-in-${restriction}`}
    >
      <Typography variant="h5" component="h1">
        {translate('haven.mfa.first_sign_in_title')}
      </Typography>
      {failed && <Alert severity="error">{translate('haven.mfa.load_failed')}</Alert>}
      <Card>
        <CardContent>
          {restriction === 'password_change' ? (
            <Stack spacing={2}>
              <Alert severity="info">{translate('haven.mfa.password_change_intro')}</Alert>
              <ChangePasswordForm
                onDone={recheck}
                submitLabel={translate('haven.mfa.password_change_submit')}
              />
            </Stack>
          ) : (
            <Stack spacing={2}>
              <Alert severity="info">{translate('haven.mfa.enrolment_intro')}</Alert>
              <TotpEnrolment email={getCurrentUser()?.email ?? ''} onDone={recheck} />
            </Stack>
          )}
        </CardContent>
      </Card>
      {restriction === 'mfa_enrollment' && (
        <>
          <PasskeysSection />
          <Button variant="outlined" onClick={recheck} sx={{ alignSelf: 'flex-start' }}>
            {translate('haven.mfa.verify')}
          </Button>
        </>
      )}
    </Stack>
  );
};
