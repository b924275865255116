import GavelIcon from '@mui/icons-material/Gavel';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  TextField,
} from '@mui/material';
import type { CaseResponse } from '@haven/shared';
import { useState } from 'react';
import { useCanAccess, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { errorMessage } from '../common/errorMessage';
import { clearLegalHold, setLegalHold } from './api';
import { DayTextField } from '../common/DayInput';
import { LabelledButton } from '../common/LabelledButton';

const K = 'haven.legalHold';

/** The case's legal hold as a chip (shown to everyone who sees the case). */
export const LegalHoldChip = () => {
  const record = useRecordContext<CaseResponse>();
  const translate = useTranslate();
  const hold = record?.legalHold;
  if (!hold) return null;
  const label = !hold.active
    ? translate(`${K}.expired`, { date: hold.until })
    : hold.until
      ? translate(`${K}.chip_until`, { date: hold.until })
      : translate(`${K}.chip`);
  return (
    <Chip
      size="small"
      color={hold.active ? 'warning' : 'default'}
      icon={<GavelIcon />}
      label={label}
      title={hold.reason}
      data-testid="legal-hold-chip"
    />
  );
};

/** "Legal hold…" for supervisors and admins: set, change or clear the hold in a dialog. */
export const LegalHoldButton = () => {
  const record = useRecordContext<CaseResponse>();
  const { canAccess } = useCanAccess({ resource: 'cases', action: 'hold' });
  const [open, setOpen] = useState(false);
  if (!record || !canAccess) return null;
  return (
    <>
      <LabelledButton
        label={`${K}.set`}
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        data-testid="legal-hold-button"
      >
        <GavelIcon />
      </LabelledButton>
      {open && <LegalHoldDialog record={record} onClose={() => setOpen(false)} />}
    </>
  );
};

const LegalHoldDialog = ({ record, onClose }: { record: CaseResponse; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [reason, setReason] = useState(record.legalHold?.reason ?? '');
  const [until, setUntil] = useState(record.legalHold?.until ?? '');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      notify(done, { type: 'success' });
      refresh();
      onClose();
    } catch (error) {
      setFailure(translate(errorMessage(error), { _: errorMessage(error) }));
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="legal-hold-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => setLegalHold(record.id, reason.trim(), until || null), `${K}.saved`);
        }}
      >
        <DialogTitle id="legal-hold-title">{translate(`${K}.title`)}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate(`${K}.help`)}</DialogContentText>
          <Stack spacing={2}>
            <TextField
              label={translate(`${K}.reason`)}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              required
              multiline
              minRows={2}
              autoFocus
              slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'legal-hold-reason' } }}
            />
            <DayTextField
              label={translate(`${K}.until`)}
              type="date"
              value={until}
              onChange={(event) => setUntil(event.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            {failure && <Alert severity="error">{failure}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          {record.legalHold && (
            <Button
              color="warning"
              disabled={busy}
              onClick={() => void run(() => clearLegalHold(record.id), `${K}.cleared`)}
            >
              {translate(`${K}.clear`)}
            </Button>
          )}
          <Button onClick={onClose} disabled={busy}>
            {translate(`${K}.cancel`)}
          </Button>
          <Button type="submit" variant="contained" disabled={busy || !reason.trim()}>
            {translate(`${K}.save`)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
