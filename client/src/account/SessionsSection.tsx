import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useState } from 'react';
import { Confirm, useLogout, useNotify, useTranslate } from 'react-admin';
import { errorMessage } from '../common/errorMessage';
import { formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { describeUserAgent, listSessions, revokeSession, type SessionResponse } from './accountApi';

export interface SessionsSectionHandle {
  reload: () => void;
}

/** "Where you're signed in": the user's open sessions, this device marked, each one revocable. */
export const SessionsSection = forwardRef<SessionsSectionHandle>(
  function SessionsSection(_props, ref) {
    const translate = useTranslate();
    const notify = useNotify();
    const logout = useLogout();
    const locale = useDateLocale();
    const [sessions, setSessions] = useState<SessionResponse[] | null>(null);
    const [failed, setFailed] = useState(false);
    const [revoking, setRevoking] = useState<SessionResponse | null>(null);
    const [busy, setBusy] = useState(false);

    const load = useCallback(async (signal?: AbortSignal) => {
      try {
        setSessions(await listSessions(signal));
        setFailed(false);
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        setFailed(true);
      }
    }, []);

    useEffect(() => {
      const controller = new AbortController();
      void load(controller.signal);
      return () => controller.abort();
    }, [load]);

    useImperativeHandle(ref, () => ({ reload: () => void load() }), [load]);

    const confirmRevoke = async () => {
      if (!revoking) return;
      setBusy(true);
      try {
        await revokeSession(revoking.id);
        if (revoking.current) {
          await logout();
          return;
        }
        notify('haven.account.revoked', { type: 'info' });
        await load();
      } catch (error) {
        notify(errorMessage(error), { type: 'error' });
        await load();
      } finally {
        setBusy(false);
        setRevoking(null);
      }
    };

    const describe = (session: SessionResponse) => {
      const { browser, system } = describeUserAgent(session.userAgent);
      if (browser && system) return translate('haven.account.browser_on', { browser, system });
      return browser ?? system ?? translate('haven.account.unknown_browser');
    };

    return (
      <Card>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {translate('haven.account.sessions_title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('haven.account.sessions_intro')}
          </Typography>
          {failed && <Alert severity="error">{translate('haven.account.sessions_failed')}</Alert>}
          {!sessions && !failed && (
            <CircularProgress size={24} aria-label={translate('ra.page.loading')} />
          )}
          {sessions && (
            <List aria-label={translate('haven.account.sessions_title')}>
              {sessions.map((session) => (
                <ListItem
                  key={session.id}
                  divider
                  data-session-id={session.id}
                  secondaryAction={
                    <Button
                      color="error"
                      onClick={() => setRevoking(session)}
                      aria-label={translate(
                        session.current
                          ? 'haven.account.revoke_this'
                          : 'haven.account.revoke_named',
                        { name: describe(session) },
                      )}
                    >
                      {translate(
                        session.current ? 'haven.account.sign_out_here' : 'haven.account.revoke',
                      )}
                    </Button>
                  }
                >
                  <ListItemText
                    primary={
                      <Stack
                        component="span"
                        direction="row"
                        spacing={1}
                        sx={{ alignItems: 'center' }}
                      >
                        <span>{describe(session)}</span>
                        {session.current && (
                          <Chip
                            size="small"
                            color="primary"
                            label={translate('haven.account.this_device')}
                          />
                        )}
                      </Stack>
                    }
                    secondary={
                      <Box component="span" sx={{ display: 'block', pr: 12 }}>
                        {translate('haven.account.session_details', {
                          ip: session.ip ?? translate('haven.account.unknown_address'),
                          created: formatInstant(session.createdAt, locale),
                          seen: formatInstant(session.lastSeenAt, locale),
                        })}
                        {session.userAgent && (
                          <Box
                            component="span"
                            sx={{ display: 'block', fontSize: '0.75rem', wordBreak: 'break-all' }}
                          >
                            {session.userAgent}
                          </Box>
                        )}
                      </Box>
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </CardContent>
        <Confirm
          isOpen={revoking !== null}
          loading={busy}
          title={
            revoking?.current ? 'haven.account.revoke_this_title' : 'haven.account.revoke_title'
          }
          content={
            revoking?.current ? 'haven.account.revoke_this_confirm' : 'haven.account.revoke_confirm'
          }
          translateOptions={{ name: revoking ? describe(revoking) : '' }}
          confirm={revoking?.current ? 'haven.account.sign_out_here' : 'haven.account.revoke'}
          confirmColor="warning"
          onConfirm={() => void confirmRevoke()}
          onClose={() => setRevoking(null)}
        />
      </Card>
    );
  },
);
