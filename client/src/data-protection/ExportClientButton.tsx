import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  LinearProgress,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from '@mui/material';
import type { ClientResponse, Locale } from '@haven/shared';
import { useEffect, useRef, useState } from 'react';
import { useCanAccess, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { errorMessage } from '../common/errorMessage';
import { useUiLocale } from '../common/useUiLocale';
import { saveBlob } from '../statistics/download';
import { EXPORT_LANGUAGES, fetchClientExport } from './exportApi';
import { LabelledButton } from '../common/LabelledButton';

const K = 'haven.dataProtection.export';

/** What the dialog is doing: choosing, fetching (with the share received when known), or failed. */
type State =
  | { step: 'choose' }
  | { step: 'fetching'; fraction: number | null }
  | { step: 'failed'; message: string };

/**
 * "Export (subject access)" on a client's page, for those whose role may export (`clients.export`:
 * supervisors and admins; the server still checks the client is theirs): asks the language of the
 * summary, fetches the ZIP with the token, shows it coming, and hands it to the browser's download.
 */
export const ExportClientButton = () => {
  const record = useRecordContext<ClientResponse>();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'export' });
  const [open, setOpen] = useState(false);
  if (!record || !canAccess) return null;
  return (
    <>
      <LabelledButton
        label={`${K}.button`}
        onClick={() => setOpen(true)}
        data-testid="client-export-button"
        aria-haspopup="dialog"
      >
        <DownloadIcon />
      </LabelledButton>
      {open && (
        <ExportClientDialog
          clientId={record.id}
          reference={record.reference}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
};

const ExportClientDialog = ({
  clientId,
  reference,
  onClose,
}: {
  clientId: string;
  reference: string;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const uiLocale = useUiLocale();
  const [lang, setLang] = useState<Locale>(EXPORT_LANGUAGES.includes(uiLocale) ? uiLocale : 'en');
  const [state, setState] = useState<State>({ step: 'choose' });
  const controller = useRef<AbortController | null>(null);
  const busy = state.step === 'fetching';

  // Leaving the page (or closing) stops a download under way.
  useEffect(() => () => controller.current?.abort(), []);

  const start = async () => {
    const abort = new AbortController();
    controller.current = abort;
    setState({ step: 'fetching', fraction: null });
    try {
      const file = await fetchClientExport(clientId, lang, {
        signal: abort.signal,
        onProgress: (fraction) => setState({ step: 'fetching', fraction }),
      });
      saveBlob(file.blob, file.filename);
      notify(`${K}.done`, { type: 'success' });
      onClose();
    } catch (error) {
      if (abort.signal.aborted) return;
      const status = (error as { status?: number }).status;
      const text = status === 404 ? `${K}.not_found` : errorMessage(error);
      setState({ step: 'failed', message: translate(text, { _: text }) });
    }
  };

  const cancel = () => {
    controller.current?.abort();
    onClose();
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="client-export-title"
      aria-describedby="client-export-help"
    >
      <form
        noValidate
        data-testid="client-export-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void start();
        }}
      >
        <DialogTitle id="client-export-title">
          {translate(`${K}.title`)} ({reference})
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText id="client-export-help">{translate(`${K}.help`)}</DialogContentText>
            <FormControl disabled={busy}>
              <FormLabel id="client-export-language">{translate(`${K}.language`)}</FormLabel>
              <RadioGroup
                row
                aria-labelledby="client-export-language"
                name="lang"
                value={lang}
                onChange={(event) => setLang(event.target.value as Locale)}
              >
                {EXPORT_LANGUAGES.map((code) => (
                  <FormControlLabel
                    key={code}
                    value={code}
                    control={
                      <Radio
                        slotProps={{
                          input: { 'data-testid': `client-export-lang-${code}` } as object,
                        }}
                      />
                    }
                    label={translate(`${K}.lang_${code}`)}
                  />
                ))}
              </RadioGroup>
            </FormControl>
            {state.step === 'fetching' && (
              <Box role="status" aria-live="polite" data-testid="client-export-progress">
                <Typography variant="body2" sx={{ mb: 1 }}>
                  {state.fraction === null
                    ? translate(`${K}.preparing`)
                    : translate(`${K}.progress`, { percent: Math.round(state.fraction * 100) })}
                </Typography>
                <LinearProgress
                  variant={state.fraction === null ? 'indeterminate' : 'determinate'}
                  value={state.fraction === null ? undefined : state.fraction * 100}
                  aria-label={translate(`${K}.preparing`)}
                />
              </Box>
            )}
            {state.step === 'failed' && (
              <Alert severity="error" role="alert" data-testid="client-export-error">
                {state.message}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={cancel}>{translate(`${K}.cancel`)}</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={busy}
            startIcon={<DownloadIcon />}
            data-testid="client-export-confirm"
            autoFocus
          >
            {translate(`${K}.download`)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
