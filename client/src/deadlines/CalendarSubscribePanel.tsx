import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import EventIcon from '@mui/icons-material/Event';
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
import { useRef, useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';

/**
 * "Subscribe in your calendar": a secret feed URL of the user's open deadlines (case references
 * and titles only). The server keeps only a hash of the token, so a link cannot be shown again:
 * getting one always makes a new one, and the old one stops working at once.
 */
export const CalendarSubscribePanel = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const issue = async () => {
    setBusy(true);
    setConfirming(false);
    try {
      const answer = await dataProvider.resourceAction<{ token: string; url: string }>(
        'calendar',
        'token',
        { method: 'POST' },
      );
      setUrl(answer.url);
      notify(url ? 'haven.calendar.rotated' : 'haven.calendar.created', { type: 'success' });
    } catch (failure) {
      const message = errorMessage(failure);
      notify(message, { type: 'error' });
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
        {url ? (
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
            <Alert severity="warning">{translate('haven.calendar.secret')}</Alert>
            <div>
              <Button
                startIcon={<SyncIcon />}
                onClick={() => setConfirming(true)}
                disabled={busy}
                data-testid="calendar-rotate"
              >
                {translate('haven.calendar.rotate')}
              </Button>
            </div>
          </Stack>
        ) : (
          <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
            <Button
              variant="contained"
              startIcon={<EventIcon />}
              onClick={() => void issue()}
              disabled={busy}
              data-testid="calendar-create"
            >
              {translate('haven.calendar.create')}
            </Button>
            <Typography variant="caption" color="text.secondary">
              {translate('haven.calendar.create_help')}
            </Typography>
          </Stack>
        )}
      </CardContent>
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="rotate-title">
        <DialogTitle id="rotate-title">{translate('haven.calendar.rotate_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('haven.calendar.rotate_warning')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)} autoFocus>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            color="warning"
            variant="contained"
            onClick={() => void issue()}
            data-testid="calendar-rotate-confirm"
          >
            {translate('haven.calendar.rotate_confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
};
