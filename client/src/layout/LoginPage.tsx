import { Alert, Box, Button, CardContent, CircularProgress } from '@mui/material';
import { useLayoutEffect, useState } from 'react';
import {
  Form,
  Login,
  LocalesMenuButton,
  PasswordInput,
  TextInput,
  required,
  useLocaleState,
  useLogin,
  useTranslate,
} from 'react-admin';
import type { LoginResponse } from '@haven/shared';
import { SecondStep, StepError } from '../account/mfa';
import { PasskeySignInButton } from '../account/passkeys';
import { LoginError, MfaChallenge, loginErrorFor } from '../providers/authProvider';
import { getCurrentUser, sessionWasEnded } from '../providers/session';
import { forgetEarlyLogin, peekEarlyLogin } from './earlyLogin';
import { LabelledProgress } from './LabelledProgress';

interface Credentials {
  username: string;
  password: string;
}

/**
 * react-admin's login form, plus what Haven must say here: why a wrong login failed (wrong
 * credentials or throttled, with the wait), and that a session ended when the server ended it.
 * Messages show inline rather than in a snackbar that disappears. An account with a second factor
 * gets a second step (a code, a recovery code, or a passkey) after the password.
 */
const LoginForm = () => {
  const login = useLogin();
  const translate = useTranslate();
  const [, setLocale] = useLocaleState();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<LoginError | null>(null);
  const [sessionEnded] = useState(sessionWasEnded);
  // The password was right; the account's second factor is asked for next.
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  // What was typed into the page's own form while the scripts were on their way (earlyLogin.ts):
  // the fields start with it, the cursor goes back where it was, and the page's form goes. Kept
  // until the second step (the form's default values must not change while it is shown: it would
  // reset), then dropped, so a return from the second step starts empty, as it always has.
  const [early, setEarly] = useState(() => {
    const typed = peekEarlyLogin();
    return (
      typed && {
        values: { username: typed.username, password: typed.password },
        focus: typed.focus,
      }
    );
  });
  useLayoutEffect(() => {
    if (!early) return;
    forgetEarlyLogin();
    const field =
      early.focus && document.querySelector<HTMLInputElement>(`input[name="${early.focus}"]`);
    if (!field) return;
    field.focus();
    try {
      field.setSelectionRange(field.value.length, field.value.length);
    } catch {
      // An e-mail input has no selection to set: the cursor is in it, which is what matters.
    }
  }, [early]);

  const signedIn = () => {
    // The user's own language, chosen on any device, wins over this browser's last one.
    const user = getCurrentUser();
    if (user) setLocale(user.locale);
  };

  const submit = (values: Record<string, unknown>) => {
    const credentials = values as unknown as Credentials;
    setLoading(true);
    setError(null);
    login(credentials)
      .then(signedIn)
      .catch((reason: unknown) => {
        setLoading(false);
        if (reason instanceof MfaChallenge) {
          setEarly(undefined);
          setChallenge(reason);
        } else setError(reason instanceof LoginError ? reason : loginErrorFor(reason));
      });
  };

  /** The second step; rejects (after showing why) so the step can clear its field. */
  const secondStep = (params: { challenge: string; code: string } | { session: LoginResponse }) =>
    login(params)
      .then(signedIn)
      .catch((reason: unknown) => {
        const failure = reason instanceof LoginError ? reason : loginErrorFor(reason);
        setError(failure);
        // A dead challenge cannot be answered again: back to the password.
        if (failure.message === 'haven.mfa.challenge_expired') setChallenge(null);
        throw failure;
      });

  if (challenge) {
    return (
      <CardContent sx={{ width: { xs: 'auto', sm: 320 }, pb: 2 }}>
        <SecondStep
          challenge={challenge.challenge}
          methods={challenge.methods}
          notice={error && <StepError message={error.message} args={error.messageArgs} />}
          onSubmit={(code) => {
            setError(null);
            return secondStep({ challenge: challenge.challenge, code });
          }}
          onPasskey={(session) => secondStep({ session }).catch(() => undefined)}
          onBack={() => {
            setError(null);
            setChallenge(null);
          }}
          renderPasskey={(props) => <PasskeySignInButton {...props} />}
        />
      </CardContent>
    );
  }

  const notice = error ? (
    <Alert severity="error" role="alert" data-testid="login-error">
      {translate(error.message, { _: error.message, ...error.messageArgs })}
    </Alert>
  ) : sessionEnded ? (
    <Alert severity="info" role="status" data-testid="session-ended">
      {translate('haven.auth.session_ended')}
    </Alert>
  ) : null;

  return (
    <Form onSubmit={submit} noValidate defaultValues={early?.values}>
      <CardContent sx={{ width: { xs: 'auto', sm: 320 }, pb: 2 }}>
        {notice && <Box sx={{ mb: 2 }}>{notice}</Box>}
        <TextInput
          autoFocus
          source="username"
          type="email"
          label={translate('haven.auth.email')}
          autoComplete="username"
          validate={required()}
        />
        <PasswordInput
          source="password"
          label={translate('ra.auth.password')}
          autoComplete="current-password"
          validate={required()}
        />
        <Button
          variant="contained"
          type="submit"
          color="primary"
          disabled={loading}
          fullWidth
          sx={{ mt: 2 }}
        >
          {loading ? <CircularProgress size={19} thickness={3} /> : translate('ra.auth.sign_in')}
        </Button>
        <Box sx={{ mt: 2, display: 'flex', justifyContent: 'center' }}>
          <LocalesMenuButton />
        </Box>
      </CardContent>
    </Form>
  );
};

export const LoginPage = () => (
  <LabelledProgress>
    <Login>
      <LoginForm />
    </Login>
  </LabelledProgress>
);
