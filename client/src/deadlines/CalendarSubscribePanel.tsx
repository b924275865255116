import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import EventIcon from '@mui/icons-material/Event';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import SyncIcon from '@mui/icons-material/Sync';
import {
  Alert,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  IconButton,
  InputAdornment,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { HavenDataProvider } from '../providers/dataProvider';
import { apiFetch } from '../providers/http';
import { errorMessage } from '../common/errorMessage';
import { formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';

interface TokenStatus {
  active: boolean;
  createdAt: string | null;
}

type Confirming = 'rotate' | 'revoke' | null;

/**
 * "Subscribe in your calendar": a secret feed URL of the user's open deadlines, which names each
 * event by case reference and deadline kind only (the feed is read by a third-party calendar
 * provider). The server keeps only a hash of the token, so the link is shown once, right after it is
 * made; later visits show only that a link is active, with "Make a new link" and "Revoke".
 */
export const CalendarSubscribePanel = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const dateLocale = useDateLocale();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<TokenStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    dataProvider
      .resourceAction<TokenStatus>('calendar', 'token', { signal: controller.signal })
      .then(setStatus)
      .catch(() => {
        // Unknown status: offer to make a link, which works whatever the state.
        if (!controller.signal.aborted) setStatus({ active: false, createdAt: null });
      });
    return () => controller.abort();
  }, [dataProvider]);

  const issue = async () => {
    setBusy(true);
    setConfirming(null);
    try {
      const answer = await dataProvider.resourceAction<{ token: string; url: string }>(
        'calendar',
        'token',
        { method: 'POST' },
      );
      notify(status?.active ? 'haven.calendar.rotated' : 'haven.calendar.created', {
        type: 'success',
      });
      setUrl(answer.url);
      setStatus({ active: true, createdAt: new Date().toISOString() });
    } catch (failure) {
      notify(errorMessage(failure), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    setBusy(true);
    setConfirming(null);
    try {
      // The data provider's resource actions are GET and POST only.
      await apiFetch('/calendar/token', { method: 'DELETE' });
      setUrl(null);
      setStatus({ active: false, createdAt: null });
      notify('haven.calendar.revoked', { type: 'success' });
    } catch (failure) {
      notify(errorMessage(failure), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission (or an insecure origin): select the text for Ctrl+C instead.
      input.current?.select();
      notify('haven.calendar.copy_manually', { type: 'info' });
      return;
    }
    notify('haven.calendar.copied', { type: 'info' });
  };

  const activeActions = (
    <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
      <Button
        startIcon={<SyncIcon />}
        onClick={() => setConfirming('rotate')}
        disabled={busy}
        data-testid="calendar-rotate"
      >
        {translate('haven.calendar.rotate')}
      </Button>
      <Button
        color="error"
        startIcon={<LinkOffIcon />}
        onClick={() => setConfirming('revoke')}
        disabled={busy}
        data-testid="calendar-revoke"
      >
        {translate('haven.calendar.revoke')}
      </Button>
    </Stack>
  );

  let body;
  if (url) {
    body = (
      <Stack spacing={2}>
        <TextField
          inputRef={input}
          label={translate('haven.calendar.url')}
          value={url}
          fullWidth
          onFocus={(event) => event.target.select()}
          slotProps={{
            htmlInput: { readOnly: true, 'data-testid': 'calendar-url' },
            input: {
              endAdornment: (
                <InputAdornment position="end">
                  <Tooltip title={translate('haven.calendar.copy')}>
                    <IconButton
                      aria-label={translate('haven.calendar.copy')}
                      onClick={() => void copy()}
                    >
                      <ContentCopyIcon />
                    </IconButton>
                  </Tooltip>
                </InputAdornment>
              ),
            },
          }}
        />
        <Alert severity="warning">
          {translate('haven.calendar.secret')} {translate('haven.calendar.shown_once')}
        </Alert>
        {activeActions}
      </Stack>
    );
  } else if (status?.active) {
    body = (
      <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Typography variant="body2" data-testid="calendar-active">
          {status.createdAt
            ? translate('haven.calendar.active_since', {
                date: formatInstant(status.createdAt, dateLocale),
              })
            : translate('haven.calendar.active')}
        </Typography>
        {activeActions}
      </Stack>
    );
  } else {
    body = (
      <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
        <Button
          variant="contained"
          startIcon={<EventIcon />}
          onClick={() => void issue()}
          disabled={busy || status === null}
          data-testid="calendar-create"
        >
          {translate('haven.calendar.create')}
        </Button>
        <Typography variant="caption" color="text.secondary">
          {translate('haven.calendar.create_help')}
        </Typography>
      </Stack>
    );
  }

  return (
    <Card variant="outlined" sx={{ mt: 3 }} data-testid="calendar-panel">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <EventIcon color="primary" />
          <Typography variant="h6" component="h2">
            {translate('haven.calendar.title')}
          </Typography>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('haven.calendar.help')}
        </Typography>
        {body}
      </CardContent>
      <Dialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        aria-labelledby="calendar-confirm-title"
      >
        <DialogTitle id="calendar-confirm-title">
          {translate(
            confirming === 'revoke' ? 'haven.calendar.revoke_title' : 'haven.calendar.rotate_title',
          )}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {translate(
              confirming === 'revoke'
                ? 'haven.calendar.revoke_warning'
                : 'haven.calendar.rotate_warning',
            )}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(null)} autoFocus>
            {translate('ra.action.cancel')}
          </Button>
          {confirming === 'revoke' ? (
            <Button
              color="error"
              variant="contained"
              onClick={() => void revoke()}
              data-testid="calendar-revoke-confirm"
            >
              {translate('haven.calendar.revoke_confirm')}
            </Button>
          ) : (
            <Button
              color="warning"
              variant="contained"
              onClick={() => void issue()}
              data-testid="calendar-rotate-confirm"
            >
              {translate('haven.calendar.rotate_confirm')}
            </Button>
          )}
        </DialogActions>
      </Dialog>
    </Card>
  );
};
