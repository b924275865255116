import DescriptionIcon from '@mui/icons-material/Description';
import DownloadIcon from '@mui/icons-material/Download';
import PrintIcon from '@mui/icons-material/Print';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
} from '@mui/material';
import { LOCALES, type Locale } from '@haven/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslate } from 'react-admin';
import { useUiLocale } from '../common/useUiLocale';
import { useIsSmall } from '../layout/useIsSmall';
import { fetchFile, saveBlob, type FetchedFile } from '../statistics/download';
import { errorMessage } from '../common/errorMessage';

/**
 * The claim as one printable document (`GET /api/cases/:id/claim-summary?format=html&lang=…`, an
 * audited read), in the language the user picks (the interface's by default: a caseworker may
 * need an English copy for a court while working in Russian). It is fetched with the token and
 * shown in a sandboxed frame that runs no script; Print prints only the frame.
 */
export const ClaimSummaryButton = ({
  caseId,
  reference,
}: {
  caseId: string;
  reference?: string;
}) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="outlined"
        startIcon={<DescriptionIcon />}
        onClick={() => setOpen(true)}
        data-testid="claim-summary"
      >
        {translate('haven.notes.claim_summary')}
      </Button>
      {open && (
        <ClaimSummaryDialog
          caseId={caseId}
          filename={`claim-summary-${reference ?? caseId}.html`}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
};

const ClaimSummaryDialog = ({
  caseId,
  filename,
  onClose,
}: {
  caseId: string;
  filename: string;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const isSmall = useIsSmall();
  const frame = useRef<HTMLIFrameElement>(null);
  const uiLang = useUiLocale();
  const [lang, setLang] = useState<Locale>(uiLang);
  const [file, setFile] = useState<(FetchedFile & { html: string }) | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setFile(null);
    setFailure(null);
    fetchFile(
      `/cases/${encodeURIComponent(caseId)}/claim-summary`,
      new URLSearchParams({ format: 'html', lang }),
      filename.replace(/\.html$/, `-${lang}.html`),
      controller.signal,
    )
      .then(async (fetched) => setFile({ ...fetched, html: await fetched.blob.text() }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message = errorMessage(error);
        setFailure(translate(message, { _: message }));
      });
    return () => controller.abort();
  }, [caseId, filename, lang, translate]);

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="md"
      fullScreen={isSmall}
      aria-labelledby="claim-summary-title"
    >
      <DialogTitle id="claim-summary-title">{translate('haven.notes.claim_summary')}</DialogTitle>
      <DialogContent dividers sx={{ p: 0, height: '70vh' }}>
        {failure ? (
          <Alert severity="error" sx={{ m: 2 }}>
            {failure}
          </Alert>
        ) : !file ? (
          <Box sx={{ p: 2 }}>
            <CircularProgress size={24} />
          </Box>
        ) : (
          <Box
            component="iframe"
            ref={frame}
            title={translate('haven.notes.claim_summary')}
            // No allow-scripts: the document shows and prints, and nothing in it runs.
            sandbox="allow-same-origin allow-modals"
            srcDoc={file.html}
            data-testid="claim-summary-frame"
            sx={{ border: 0, width: '100%', height: '100%', bgcolor: 'common.white' }}
          />
        )}
      </DialogContent>
      <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
        <TextField
          select
          size="small"
          label={translate('haven.claim_summary.language')}
          value={lang}
          onChange={(event) => setLang(event.target.value as Locale)}
          sx={{ minWidth: 180, mr: 'auto' }}
          slotProps={{ htmlInput: { 'data-testid': 'claim-summary-language' } }}
        >
          {LOCALES.map((locale) => (
            <MenuItem key={locale} value={locale}>
              {translate(`haven.locales.${locale}`)}
            </MenuItem>
          ))}
        </TextField>
        <Button
          startIcon={<DownloadIcon />}
          disabled={!file}
          onClick={() => file && saveBlob(file.blob, file.filename)}
        >
          {translate('haven.notes.download')}
        </Button>
        <Button
          startIcon={<PrintIcon />}
          disabled={!file}
          onClick={() => frame.current?.contentWindow?.print()}
        >
          {translate('haven.notes.print')}
        </Button>
        <Button variant="contained" onClick={onClose}>
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
