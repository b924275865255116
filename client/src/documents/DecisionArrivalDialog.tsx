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
  Typography,
} from '@mui/material';
import {
  SERVICE_METHODS,
  renderExplanation,
  type CaseResponse,
  type ServiceMethod,
} from '@haven/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify, useTranslate, useUpdate } from 'react-admin';
import { formatDay, utcDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import { useUiLocale } from '../common/useUiLocale';
import { fieldErrorText, type FieldError } from '../common/validation';
import { derivedService, receivedOnLabelKey } from '../cases/decisionForm';
import { documentErrorText } from './documentErrors';
import {
  arrivalUpdate,
  initialArrival,
  validateArrival,
  type ArrivalField,
  type ArrivalValues,
} from './decisionArrival';
import { DayTextField } from '../common/DayInput';

/**
 * Asked once a decision is uploaded: how and when it reached the person (the deemed-service facts,
 * with CaseEdit's labels), saved on the case so that the legal service date — and the appeal
 * deadlines from it — follow. Skipping leaves the case as it was.
 */
export const DecisionArrivalDialog = ({
  record,
  onClose,
}: {
  record: CaseResponse;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dateLocale = useDateLocale();
  const ui = useUiLocale();
  const queryClient = useQueryClient();
  const [update, { isPending }] = useUpdate<CaseResponse>();
  const [values, setValues] = useState<ArrivalValues>(() => initialArrival(record));
  const [shown, setShown] = useState<Partial<Record<ArrivalField, FieldError>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const today = utcDay();

  const set = (change: Partial<ArrivalValues>) => {
    setValues((current) => ({ ...current, ...change }));
    setShown({});
    setFailure(null);
  };
  const fieldError = (field: ArrivalField) => fieldErrorText(translate, shown[field]);
  const derived = derivedService(
    record.jurisdiction,
    values.serviceMethod,
    values.decisionReceivedOn,
  );

  const save = () => {
    const problems = validateArrival(values, today);
    if (Object.keys(problems).length > 0) {
      setShown(problems);
      const first = problems.serviceMethod ? 'arrival-method' : 'arrival-received-on';
      document.getElementById(first)?.focus();
      return;
    }
    const data = arrivalUpdate(record, values);
    if (!data) {
      onClose();
      return;
    }
    void update(
      'cases',
      { id: record.id, data, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('haven.documents.decision_arrival.saved', { type: 'success' });
          void queryClient.invalidateQueries({
            queryKey: ['cases', record.id, 'suggested-deadlines'],
          });
          onClose();
        },
        onError: (error) => setFailure(documentErrorText(error, translate)),
      },
    );
  };

  return (
    <Dialog
      open
      onClose={isPending ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="arrival-title"
      aria-describedby="arrival-intro"
    >
      <form
        noValidate
        data-testid="decision-arrival-form"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <DialogTitle id="arrival-title">
          {translate('haven.documents.decision_arrival.title')}
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="arrival-intro" variant="body2" sx={{ mb: 1 }}>
            {translate('haven.documents.decision_arrival.intro')}
          </DialogContentText>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              select
              required
              autoFocus
              id="arrival-method"
              name="serviceMethod"
              label={translate('resources.cases.fields.serviceMethod')}
              value={values.serviceMethod}
              onChange={(event) => set({ serviceMethod: event.target.value as ServiceMethod })}
              error={Boolean(shown.serviceMethod)}
              helperText={
                fieldError('serviceMethod') ?? translate('haven.cases.service_method_help')
              }
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              <option value="">{translate('haven.form.choose')}</option>
              {SERVICE_METHODS.map((method) => (
                <option key={method} value={method}>
                  {translate(enumKey('serviceMethod', method))}
                </option>
              ))}
            </TextField>
            <DayTextField
              required
              type="date"
              id="arrival-received-on"
              name="decisionReceivedOn"
              label={translate(receivedOnLabelKey(record.jurisdiction, values.serviceMethod))}
              value={values.decisionReceivedOn}
              onChange={(event) => set({ decisionReceivedOn: event.target.value })}
              error={Boolean(shown.decisionReceivedOn)}
              helperText={
                fieldError('decisionReceivedOn') ?? translate('haven.cases.received_on_help')
              }
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today } }}
            />
            {derived && (
              <Typography
                variant="body2"
                color="text.secondary"
                aria-live="polite"
                data-testid="arrival-derived-service"
              >
                {translate('haven.cases.service_from_these', {
                  date: formatDay(derived.servedOn, dateLocale),
                })}
                {' — '}
                {renderExplanation(derived.explanation, ui)}
              </Typography>
            )}
            {failure && (
              <Alert severity="error" role="alert">
                {failure}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isPending} data-testid="decision-arrival-skip">
            {translate('haven.documents.decision_arrival.skip')}
          </Button>
          <Button
            type="submit"
            variant="contained"
            disabled={isPending}
            data-testid="decision-arrival-save"
          >
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
