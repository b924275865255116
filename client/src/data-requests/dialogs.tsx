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
import {
  dataRequestDueOn,
  DATA_REQUEST_NOTE_MAX,
  DATA_REQUEST_TYPES,
  type CreateDataRequestRequest,
  type DataRequestListItem,
  type DataRequestResponse,
  type DataRequestStatus,
  type DataRequestType,
} from '@haven/shared';
import { useState, type ReactNode } from 'react';
import { useCanAccess, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { formatDay } from '../common/dates';
import { errorMessage } from '../common/errorMessage';
import { useDateLocale } from '../common/useDateLocale';
import type { HavenDataProvider } from '../providers/dataProvider';
import { DayTextField } from '../common/DayInput';

const today = () => new Date().toISOString().slice(0, 10);
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** A request's failure in the reader's language. */
function useFailureText() {
  const translate = useTranslate();
  return (problem: unknown) => {
    const message = errorMessage(problem);
    return translate(message, { _: message });
  };
}

const FormDialog = ({
  id,
  title,
  busy,
  failure,
  onClose,
  onSubmit,
  submitLabel,
  submitColor = 'primary',
  children,
}: {
  id: string;
  title: string;
  busy: boolean;
  failure: string | null;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  submitColor?: 'primary' | 'warning' | 'error';
  children: ReactNode;
}) => {
  const translate = useTranslate();
  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={`${id}-title`}
    >
      <form
        noValidate
        data-testid={`${id}-form`}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <DialogTitle id={`${id}-title`}>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {children}
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
            variant="contained"
            color={submitColor}
            disabled={busy}
            data-testid={`${id}-submit`}
          >
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/** Records a request received from the client; its due date is shown as the server derives it. */
export const CreateDataRequestDialog = ({
  clientId,
  onClose,
}: {
  clientId: string;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useDateLocale();
  const failureText = useFailureText();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const [type, setType] = useState<DataRequestType>('access');
  const [receivedOn, setReceivedOn] = useState(today());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const data: CreateDataRequestRequest = {
        clientId,
        type,
        receivedOn,
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      await dataProvider.create('data-requests', { data });
      notify('haven.data_requests.created', { type: 'success' });
      refresh();
      onClose();
    } catch (problem) {
      setFailure(failureText(problem));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      id="data-request-create"
      title={translate('haven.data_requests.new_title')}
      busy={busy}
      failure={failure}
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel={translate('ra.action.save')}
    >
      <TextField
        select
        autoFocus
        id="data-request-type"
        label={translate('resources.data-requests.fields.type')}
        value={type}
        onChange={(event) => setType(event.target.value as DataRequestType)}
        slotProps={{ select: { native: true } }}
      >
        {DATA_REQUEST_TYPES.map((value) => (
          <option key={value} value={value}>
            {translate(`haven.data_requests.type.${value}`)}
          </option>
        ))}
      </TextField>
      <DayTextField
        type="date"
        required
        id="data-request-received-on"
        label={translate('resources.data-requests.fields.receivedOn')}
        value={receivedOn}
        onChange={(event) => setReceivedOn(event.target.value)}
        helperText={
          isDay(receivedOn)
            ? translate('haven.data_requests.due_hint', {
                date: formatDay(dataRequestDueOn(receivedOn), locale),
              })
            : undefined
        }
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today() } }}
      />
      <TextField
        multiline
        minRows={2}
        id="data-request-note"
        label={translate('resources.data-requests.fields.note')}
        helperText={translate('haven.data_requests.note_help')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        slotProps={{ htmlInput: { maxLength: DATA_REQUEST_NOTE_MAX } }}
      />
    </FormDialog>
  );
};

/**
 * Closes an open request as done or refused. An erasure closed as done offers an admin the
 * anonymisation of the client (`POST /api/clients/:id/anonymise`), confirmed first.
 */
export const CloseDataRequestDialog = ({
  request,
  onClose,
}: {
  request: DataRequestListItem;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const failureText = useFailureText();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { canAccess: mayAnonymise } = useCanAccess({ resource: 'clients', action: 'anonymise' });
  const [status, setStatus] = useState<Exclude<DataRequestStatus, 'open'>>('done');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [offerAnonymise, setOfferAnonymise] = useState(false);

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await dataProvider.update<DataRequestResponse & { id: string }>('data-requests', {
        id: request.id,
        data: { status, ...(note.trim() ? { note: note.trim() } : {}) },
        previousData: request,
      });
      notify('haven.data_requests.closed', { type: 'success' });
      refresh();
      if (request.type === 'erasure' && status === 'done' && mayAnonymise) setOfferAnonymise(true);
      else onClose();
    } catch (problem) {
      setFailure(failureText(problem));
    } finally {
      setBusy(false);
    }
  };

  const anonymise = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await dataProvider.recordAction('clients', request.clientId, 'anonymise', { method: 'POST' });
      notify('haven.data_requests.anonymised', { type: 'success' });
      refresh();
      onClose();
    } catch (problem) {
      setFailure(failureText(problem));
    } finally {
      setBusy(false);
    }
  };

  if (offerAnonymise)
    return (
      <Dialog
        open
        onClose={busy ? undefined : onClose}
        aria-labelledby="data-request-anonymise-title"
      >
        <DialogTitle id="data-request-anonymise-title">
          {translate('haven.data_requests.anonymise_title')}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {translate('haven.data_requests.anonymise_content')}
          </DialogContentText>
          {failure && (
            <Alert severity="error" role="alert" sx={{ mt: 2 }}>
              {failure}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy} autoFocus>
            {translate('haven.data_requests.anonymise_later')}
          </Button>
          <Button
            color="error"
            variant="contained"
            disabled={busy}
            onClick={() => void anonymise()}
            data-testid="data-request-anonymise"
          >
            {translate('haven.data_requests.anonymise')}
          </Button>
        </DialogActions>
      </Dialog>
    );

  return (
    <FormDialog
      id="data-request-close"
      title={translate('haven.data_requests.close_title')}
      busy={busy}
      failure={failure}
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel={translate('haven.data_requests.close')}
      submitColor="warning"
    >
      <DialogContentText>{translate('haven.data_requests.close_content')}</DialogContentText>
      <TextField
        select
        autoFocus
        id="data-request-status"
        label={translate('resources.data-requests.fields.status')}
        value={status}
        onChange={(event) => setStatus(event.target.value as 'done' | 'refused')}
        slotProps={{ select: { native: true } }}
      >
        {(['done', 'refused'] as const).map((value) => (
          <option key={value} value={value}>
            {translate(`haven.data_requests.status.${value}`)}
          </option>
        ))}
      </TextField>
      <TextField
        multiline
        minRows={2}
        id="data-request-close-note"
        label={translate('resources.data-requests.fields.note')}
        helperText={translate('haven.data_requests.note_help')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        slotProps={{ htmlInput: { maxLength: DATA_REQUEST_NOTE_MAX } }}
      />
    </FormDialog>
  );
};
