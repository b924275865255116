import DownloadIcon from '@mui/icons-material/Download';
import VisibilityIcon from '@mui/icons-material/Visibility';
import { Chip, IconButton, Stack, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import { useGetManyAggregate, useTranslate } from 'react-admin';
import { kindKey } from './DocumentFields';
import { PreviewDialog } from './PreviewDialog';
import type { DocumentListItem } from '@haven/shared';
import { useDownloadDocument } from './useDocumentContent';

/**
 * A document an evidence item points at: its title and kind, with preview and download. The title
 * comes from the list route (the links of a note in one request); opening or downloading the
 * document reads its content, which the server audits.
 */
export const DocumentLink = ({ documentId }: { documentId: string }) => {
  const translate = useTranslate();
  const download = useDownloadDocument();
  const [previewing, setPreviewing] = useState(false);
  const { data, error, isPending } = useGetManyAggregate<DocumentListItem>(
    'documents',
    { ids: [documentId] },
    { retry: false },
  );
  const doc = data?.find((item) => item.id === documentId);
  if (isPending) return null;
  if (error || !doc) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="evidence-document-missing">
        {translate('haven.documents.document_unavailable')}
      </Typography>
    );
  }
  const withdrawn = doc.status === 'withdrawn';
  return (
    <Stack
      direction="row"
      spacing={0.5}
      useFlexGap
      sx={{ alignItems: 'center', flexWrap: 'wrap' }}
      data-testid="evidence-document"
      data-document-id={doc.id}
    >
      <Typography
        variant="body2"
        sx={{ overflowWrap: 'anywhere', color: withdrawn ? 'text.disabled' : undefined }}
      >
        {doc.title}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {translate(kindKey(doc.kind), { _: doc.kind })}
      </Typography>
      {withdrawn && (
        <Chip size="small" variant="outlined" label={translate('haven.documents.withdrawn')} />
      )}
      <Tooltip title={translate('haven.documents.preview')}>
        <IconButton
          size="small"
          aria-label={`${translate('haven.documents.preview')}: ${doc.title}`}
          onClick={() => setPreviewing(true)}
          data-testid="evidence-document-preview"
        >
          <VisibilityIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Tooltip title={translate('haven.documents.download')}>
        <IconButton
          size="small"
          aria-label={`${translate('haven.documents.download')}: ${doc.title}`}
          onClick={() => void download(doc)}
          data-testid="evidence-document-download"
        >
          <DownloadIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      {previewing && <PreviewDialog doc={doc} onClose={() => setPreviewing(false)} />}
    </Stack>
  );
};
