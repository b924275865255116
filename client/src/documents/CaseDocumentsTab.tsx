import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  FormControlLabel,
  Stack,
  Switch,
  TablePagination,
  Typography,
} from '@mui/material';
import type { CaseResponse, DocumentListItem } from '@haven/shared';
import { useState } from 'react';
import { useCanAccess, useGetList, useRecordContext, useTranslate } from 'react-admin';
import { DocumentTable, type DocumentAction, type DocumentSort } from './DocumentTable';
import { EditDocumentDialog } from './EditDocumentDialog';
import { PreviewDialog } from './PreviewDialog';
import { UploadDialog } from './UploadDialog';
import { WithdrawDocumentDialog } from './WithdrawDocumentDialog';
import { useDownloadDocument } from './useDocumentContent';
import { usePaginationLabels } from '../common/usePaginationLabels';

const PER_PAGE = 25;

/**
 * The case page's Documents tab: the case's files with preview, download, edit and withdrawal, and
 * the upload. Withdrawn documents stay listed (greyed, marked) when asked for.
 */
export const CaseDocumentsTab = ({ record: given }: { record?: CaseResponse }) => {
  const context = useRecordContext<CaseResponse>();
  const record = given ?? context;
  const translate = useTranslate();
  const paginationLabels = usePaginationLabels();
  const { canAccess: canWrite } = useCanAccess({ resource: 'documents', action: 'create' });
  const download = useDownloadDocument();
  const [showWithdrawn, setShowWithdrawn] = useState(false);
  const [sort, setSort] = useState<DocumentSort>({ field: 'createdAt', order: 'DESC' });
  const [page, setPage] = useState(1);
  const [uploading, setUploading] = useState(false);
  const [open, setOpen] = useState<{ action: DocumentAction; doc: DocumentListItem } | null>(null);
  const {
    data = [],
    total = 0,
    isPending,
    error,
  } = useGetList<DocumentListItem>(
    'documents',
    {
      pagination: { page, perPage: PER_PAGE },
      sort,
      filter: { caseId: record?.id, ...(showWithdrawn ? {} : { status: 'active' }) },
    },
    { enabled: Boolean(record?.id) },
  );
  // With no active document, whether withdrawn ones exist decides what the empty state says.
  const { total: withdrawnTotal = 0 } = useGetList<DocumentListItem>(
    'documents',
    {
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'createdAt', order: 'DESC' },
      filter: { caseId: record?.id, status: 'withdrawn' },
    },
    { enabled: Boolean(record?.id) && !showWithdrawn && !isPending && total === 0 },
  );
  if (!record) return null;

  const onAction = (action: DocumentAction, doc: DocumentListItem) => {
    if (action === 'download') void download(doc);
    else setOpen({ action, doc });
  };
  const close = () => setOpen(null);

  return (
    <Box sx={{ width: '100%' }} data-testid="case-documents">
      <Stack
        direction="row"
        spacing={1}
        useFlexGap
        sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 2 }}
      >
        {canWrite && (
          <Button
            variant="contained"
            startIcon={<UploadFileIcon />}
            onClick={() => setUploading(true)}
            data-testid="document-upload-open"
          >
            {translate('haven.documents.upload')}
          </Button>
        )}
        <Box sx={{ flex: 1 }} />
        <FormControlLabel
          control={
            <Switch
              checked={showWithdrawn}
              onChange={(event) => {
                setShowWithdrawn(event.target.checked);
                setPage(1);
              }}
              data-testid="documents-show-withdrawn"
            />
          }
          label={translate('haven.documents.show_withdrawn')}
        />
      </Stack>
      {error ? (
        <Alert severity="error">{translate(error.message, { _: error.message })}</Alert>
      ) : isPending ? (
        <CircularProgress size={24} />
      ) : total === 0 ? (
        <Box sx={{ py: 2 }} data-testid="documents-empty">
          {!showWithdrawn && withdrawnTotal > 0 ? (
            <Typography variant="body1">{translate('haven.documents.empty_withdrawn')}</Typography>
          ) : (
            <>
              <Typography variant="body1">{translate('haven.documents.empty')}</Typography>
              <Typography variant="body2" color="text.secondary">
                {translate('haven.documents.empty_help')}
              </Typography>
            </>
          )}
        </Box>
      ) : (
        <>
          <DocumentTable
            documents={data}
            sort={sort}
            onSort={(next) => {
              setSort(next);
              setPage(1);
            }}
            canWrite={canWrite ?? false}
            onAction={onAction}
          />
          {total > PER_PAGE && (
            <TablePagination
              component="div"
              count={total}
              page={page - 1}
              onPageChange={(_event, next) => setPage(next + 1)}
              rowsPerPage={PER_PAGE}
              rowsPerPageOptions={[PER_PAGE]}
              {...paginationLabels}
            />
          )}
        </>
      )}
      {uploading && <UploadDialog record={record} onClose={() => setUploading(false)} />}
      {open?.action === 'preview' && <PreviewDialog doc={open.doc} onClose={close} />}
      {open?.action === 'edit' && <EditDocumentDialog doc={open.doc} onClose={close} />}
      {open?.action === 'withdraw' && <WithdrawDocumentDialog doc={open.doc} onClose={close} />}
    </Box>
  );
};
