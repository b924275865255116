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
} from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useTranslate } from 'react-admin';
import { useIsSmall } from '../layout/useIsSmall';
import { fetchFile, saveBlob, type FetchedFile } from '../statistics/download';
import { errorMessage } from '../common/errorMessage';

/**
 * The claim as one printable document (`GET /api/cases/:id/claim-summary?format=html`, an audited
 * read). It is fetched with the token and shown in a sandboxed frame that runs no script; Print
 * prints only the frame.
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
  const [file, setFile] = useState<(FetchedFile & { html: string }) | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchFile(
      `/cases/${encodeURIComponent(caseId)}/claim-summary`,
      new URLSearchParams({ format: 'html' }),
      filename,
      controller.signal,
    )
      .then(async (fetched) => setFile({ ...fetched, html: await fetched.blob.text() }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message = errorMessage(error);
        setFailure(translate(message, { _: message }));
      });
    return () => controller.abort();
  }, [caseId, filename, translate]);

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
      <DialogActions>
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
