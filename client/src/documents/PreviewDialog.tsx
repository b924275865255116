import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import { useGetOne, useTranslate } from 'react-admin';
import { formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { useIsSmall } from '../layout/useIsSmall';
import { kindKey } from './DocumentFields';
import { previewKind, type PreviewKind } from './documentModel';
import type { DocumentListItem, DocumentResponse } from '@haven/shared';
import {
  useDocumentContent,
  useDownloadDocument,
  type DocumentContent,
} from './useDocumentContent';

/**
 * A document shown inside Haven, from a Blob fetched with the token (never a URL anyone else could
 * open): PDFs in the browser's viewer, images, plain text as text, audio with its controls. Types
 * the browser cannot show (DOCX, ODT, HEIC) get a message and the download. A withdrawn document
 * is shown greyed, with when and why it was withdrawn.
 */
export const PreviewDialog = ({ doc, onClose }: { doc: DocumentListItem; onClose: () => void }) => {
  const translate = useTranslate();
  const isSmall = useIsSmall();
  const kind = previewKind(doc.mime);
  const content = useDocumentContent(doc, kind !== null);
  const download = useDownloadDocument();
  const withdrawn = doc.status === 'withdrawn';

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="lg"
      fullScreen={isSmall}
      aria-labelledby="document-preview-title"
    >
      <DialogTitle id="document-preview-title">
        {doc.title}
        <Typography variant="body2" color="text.secondary" component="span" sx={{ ml: 1 }}>
          {translate(kindKey(doc.kind))}
        </Typography>
      </DialogTitle>
      <DialogContent dividers data-testid="document-preview-dialog" data-kind={kind ?? 'none'}>
        <Stack spacing={2} sx={{ height: '100%' }}>
          {withdrawn && <WithdrawalNote id={doc.id} />}
          <Box sx={{ opacity: withdrawn ? 0.6 : 1, flex: 1, minHeight: 0 }}>
            {kind === null ? (
              <Alert severity="info" data-testid="document-not-previewable">
                {translate('haven.documents.not_previewable')}
              </Alert>
            ) : (
              <PreviewBody kind={kind} title={doc.title} content={content} />
            )}
          </Box>
          <Typography variant="caption" color="text.secondary">
            {translate('haven.documents.audited_note')}
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button
          startIcon={<DownloadIcon />}
          onClick={() => void download(doc, content.file)}
          disabled={kind !== null && !content.file && !content.error}
          data-testid="document-preview-download"
        >
          {translate('haven.documents.download')}
        </Button>
        <Button variant="contained" onClick={onClose} autoFocus>
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const PreviewBody = ({
  kind,
  title,
  content,
}: {
  kind: PreviewKind;
  title: string;
  content: DocumentContent;
}) => {
  const translate = useTranslate();
  if (content.error) return <Alert severity="error">{content.error}</Alert>;
  if (!content.url) return <CircularProgress size={24} />;
  switch (kind) {
    case 'pdf':
      // Chromium refuses its PDF viewer inside any sandboxed frame (a sandbox token cannot allow
      // it), so an <object> shows the PDF, with a message and the download inside it for browsers
      // without a viewer (phones). It is safe here because the Blob's type is pinned to the
      // server's judgement (pinnedBlob): this blob: URL can only be a PDF, never markup.
      return (
        <Box
          component="object"
          data={content.url}
          type="application/pdf"
          aria-label={translate('haven.documents.preview_of', { title })}
          data-testid="document-preview-pdf"
          sx={{ width: '100%', height: '70vh', border: 0, display: 'block' }}
        >
          <Alert severity="info">{translate('haven.documents.pdf_fallback')}</Alert>
        </Box>
      );
    case 'image':
      return (
        <Box
          component="img"
          src={content.url}
          alt={translate('haven.documents.preview_of', { title })}
          data-testid="document-preview-image"
          sx={{ maxWidth: '100%', maxHeight: '70vh', display: 'block', mx: 'auto' }}
        />
      );
    case 'text':
      return (
        <Box
          component="pre"
          data-testid="document-preview-text"
          sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', m: 0, fontSize: '0.875rem' }}
        >
          {content.text}
        </Box>
      );
    case 'audio':
      return (
        <audio
          controls
          src={content.url}
          aria-label={translate('haven.documents.preview_of', { title })}
          data-testid="document-preview-audio"
          style={{ width: '100%' }}
        />
      );
  }
};

/** When and why a withdrawn document was withdrawn (the reason is on the single read only). */
const WithdrawalNote = ({ id }: { id: string }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const { data } = useGetOne<DocumentResponse>('documents', { id });
  // A list row (seeded into the cache without the reason) is replaced by the single read.
  const reason = data?.withdrawnReason;
  return (
    <Alert severity="warning" data-testid="document-withdrawal">
      {translate('haven.documents.withdrawn_on', {
        date: data?.withdrawnAt ? formatInstant(data.withdrawnAt, locale) : '—',
      })}
      {reason ? (
        <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap' }}>
          {translate('haven.documents.fields.reason')}: {reason}
        </Typography>
      ) : null}
    </Alert>
  );
};
