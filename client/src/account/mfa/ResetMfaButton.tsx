import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { errorMessage } from '../../common/errorMessage';
import { resetUserMfa } from './mfaApi';

/** Admins, on a user's page: removes the user's second factors and signs them out everywhere, after a confirmation. */
export const ResetMfaButton = () => {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!record) return null;

  const reset = () => {
    setBusy(true);
    resetUserMfa(record.id)
      .then(() => notify('haven.mfa.reset_done', { type: 'success' }))
      .catch((reason: unknown) => notify(errorMessage(reason), { type: 'error' }))
      .finally(() => {
        setBusy(false);
        setOpen(false);
      });
  };

  return (
    <>
      <Button size="small" color="warning" onClick={() => setOpen(true)} data-testid="mfa-reset">
        {translate('haven.mfa.reset')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="mfa-reset-title">
        <DialogTitle id="mfa-reset-title">{translate('haven.mfa.reset_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('haven.mfa.reset_body')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            {translate('ra.action.cancel')}
          </Button>
          <Button color="error" variant="contained" onClick={reset} disabled={busy}>
            {translate('haven.mfa.reset')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
