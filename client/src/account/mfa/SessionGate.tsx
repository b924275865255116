import type { SessionRestriction } from '@haven/shared';
import { Alert } from '@mui/material';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { FirstSignIn } from './FirstSignIn';
import { getMfaStatus } from './mfaApi';
import { sessionRestriction, setSessionRestriction } from './restriction';

/**
 * Inside the layout: a restricted session (a password to change, a second factor to set up) sees
 * only the screen that lifts it — the rest of the app would only meet 403s. The server has the last
 * word (its answer replaces what the login said, e.g. after a reload). In demo mode a banner says
 * that second factors are not enforced.
 */
export const SessionGate = ({ children }: { children: ReactNode }) => {
  const translate = useTranslate();
  const [restriction, setRestriction] = useState<SessionRestriction | null>(() =>
    sessionRestriction(),
  );
  const [demo, setDemo] = useState(false);

  const update = (next: SessionRestriction | null) => {
    setSessionRestriction(next);
    setRestriction(next);
  };

  useEffect(() => {
    const controller = new AbortController();
    getMfaStatus(controller.signal)
      .then((status) => {
        setDemo(status.demo);
        update(status.restriction);
      })
      // Unknown: keep what the login said; requests refused meanwhile say why.
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  return (
    <>
      {demo && (
        <Alert severity="warning" role="status" sx={{ mt: 1 }} data-testid="mfa-demo-banner">
          {translate('haven.mfa.demo_banner')}
        </Alert>
      )}
      {restriction ? <FirstSignIn restriction={restriction} onLifted={update} /> : children}
    </>
  );
};
