import PersonOffIcon from '@mui/icons-material/PersonOff';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';
import type { ClientResponse } from '@haven/shared';
import { useState } from 'react';
import { useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { errorMessage } from '../common/errorMessage';
import { anonymiseClient, isAnonymised } from './api';
import { LabelledButton } from '../common/LabelledButton';

const K = 'haven.anonymise';

/** "Anonymised" beside an anonymised client's name. */
export const AnonymisedChip = () => {
  const record = useRecordContext<ClientResponse>();
  const translate = useTranslate();
  if (!isAnonymised(record)) return null;
  return <Chip size="small" label={translate(`${K}.anonymised`)} data-testid="anonymised-chip" />;
};

/** The admin's "Anonymise" on a client's page, confirmed by typing the client's reference. */
export const AnonymiseButton = () => {
  const record = useRecordContext<ClientResponse>();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'anonymise' });
  const [open, setOpen] = useState(false);
  if (!record || !canAccess || isAnonymised(record)) return null;
  return (
    <>
      <LabelledButton
        label={`${K}.button`}
        color="error"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        data-testid="anonymise-button"
      >
        <PersonOffIcon />
      </LabelledButton>
      {open && <AnonymiseDialog record={record} onClose={() => setOpen(false)} />}
    </>
  );
};

const AnonymiseDialog = ({ record, onClose }: { record: ClientResponse; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const confirmed = typed.trim() === record.reference;
  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await anonymiseClient(record.id);
      notify(`${K}.done`, { type: 'success' });
      refresh();
      onClose();
    } catch (error) {
      setFailure(translate(errorMessage(error), { _: errorMessage(error) }));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="anonymise-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (confirmed) void submit();
        }}
      >
        <DialogTitle id="anonymise-title">{translate(`${K}.title`)}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {translate(`${K}.text`, { reference: record.reference })}
          </DialogContentText>
          <TextField
            label={translate(`${K}.confirm_label`)}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoFocus
            fullWidth
            slotProps={{ htmlInput: { 'data-testid': 'anonymise-confirm' } }}
          />
          {failure && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {failure}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {translate(`${K}.cancel`)}
          </Button>
          <Button type="submit" color="error" variant="contained" disabled={busy || !confirmed}>
            {translate(`${K}.confirm`)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
