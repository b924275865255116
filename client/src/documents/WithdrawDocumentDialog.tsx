import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { HavenDataProvider } from '../providers/dataProvider';
import { documentErrorText } from './documentErrors';
import { REASON_MAX } from './documentModel';
import type { DocumentListItem, WithdrawDocumentRequest } from '@haven/shared';

/**
 * Withdraws a document (`POST /api/documents/:id/withdraw`): never a deletion; the reason is
 * required, because whoever reads the case next needs it.
 */
export const WithdrawDocumentDialog = ({
  doc,
  onClose,
}: {
  doc: DocumentListItem;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const withdraw = async () => {
    if (!reason.trim()) {
      setError(translate('ra.validation.required'));
      document.getElementById('document-withdraw-reason')?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const body: WithdrawDocumentRequest = { reason: reason.trim() };
      await dataProvider.recordAction('documents', doc.id, 'withdraw', { method: 'POST', body });
      notify('haven.documents.withdrawn_done', { type: 'success' });
      refresh();
      onClose();
    } catch (problem) {
      setFailure(documentErrorText(problem, translate));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="document-withdraw-title"
      aria-describedby="document-withdraw-content"
    >
      <form
        noValidate
        data-testid="document-withdraw-form"
        onSubmit={(event) => {
          event.preventDefault();
          void withdraw();
        }}
      >
        <DialogTitle id="document-withdraw-title">
          {translate('haven.documents.withdraw_title', { title: doc.title })}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText id="document-withdraw-content">
              {translate('haven.documents.withdraw_content')}
            </DialogContentText>
            <TextField
              required
              autoFocus
              multiline
              minRows={2}
              id="document-withdraw-reason"
              name="reason"
              label={translate('haven.documents.fields.reason')}
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
                setError(null);
              }}
              error={Boolean(error)}
              helperText={error ?? translate('haven.documents.withdraw_reason_help')}
              slotProps={{ htmlInput: { maxLength: REASON_MAX } }}
            />
            {failure && (
              <Alert severity="error" role="alert">
                {failure}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {translate('ra.action.cancel')}
          </Button>
          <Button
            type="submit"
            color="warning"
            variant="contained"
            disabled={busy}
            data-testid="document-withdraw-confirm"
          >
            {translate('haven.documents.withdraw')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
