import { Card, CardContent, Stack, Typography } from '@mui/material';
import { useRef } from 'react';
import { Title, useAuthenticated, useNotify, useTranslate } from 'react-admin';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SessionsSection, type SessionsSectionHandle } from './SessionsSection';
import { PasskeysSection } from './passkeys';
import { SecondFactorsSection } from './mfa/SecondFactorsSection';

/** The signed-in user's own account: their password and where they are signed in. */
export const AccountPage = () => {
  useAuthenticated();
  const translate = useTranslate();
  const notify = useNotify();
  const sessions = useRef<SessionsSectionHandle>(null);
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4, maxWidth: 900 }}>
      <Title title={translate('haven.account.title')} />
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {translate('haven.account.change_password')}
          </Typography>
          <ChangePasswordForm
            onDone={() => {
              notify('haven.account.password_changed', { type: 'success' });
              sessions.current?.reload();
            }}
          />
        </CardContent>
      </Card>
      <SecondFactorsSection />
      <PasskeysSection />
      <SessionsSection ref={sessions} />
    </Stack>
  );
};
