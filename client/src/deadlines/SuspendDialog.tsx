import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
} from '@mui/material';
import { DEADLINE_RULES, type DeadlineResponse } from '@haven/shared';
import { useState } from 'react';
import { useNotify, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { localDay } from '../common/dates';
import { errorMessage } from '../common/errorMessage';
import { day, fieldErrorText, firstError, required, type FieldError } from '../common/validation';
import { DayTextField } from '../common/DayInput';

/** Whether a request can suspend this deadline's period (France: legal aid and the CNDA appeal). */
export function isSuspendable(deadline: Pick<DeadlineResponse, 'ruleId' | 'status'>): boolean {
  return (
    deadline.status === 'open' &&
    deadline.ruleId !== null &&
    DEADLINE_RULES.some((rule) => rule.suspends === deadline.ruleId)
  );
}

/** The suspension recorded on a deadline, if any (from its explanation's parameters). */
export function suspensionOf(
  deadline: Pick<DeadlineResponse, 'explanation'>,
): { from: string; resumedOn: string; days: number } | null {
  const explanation = deadline.explanation;
  return explanation?.code === 'deadline.period' ? explanation.params.suspended : null;
}

/**
 * Records that a request suspended the deadline's period (the day it was made, the day the decision
 * on it was served) or removes that record; the server recomputes the date either way.
 */
export const SuspendDialog = ({
  record,
  onClose,
}: {
  record: DeadlineResponse;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [update, { isPending }] = useUpdate();
  const current = suspensionOf(record);
  const [from, setFrom] = useState(current?.from ?? '');
  const [resumedOn, setResumedOn] = useState(current?.resumedOn ?? '');
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [error, setError] = useState<string | null>(null);
  const text = (e: FieldError | undefined) => fieldErrorText(translate, e);

  const send = (data: { suspendedFrom: string | null; resumedOn: string | null }) =>
    update(
      'deadlines',
      { id: record.id, data, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('haven.deadlines.suspension.saved', { type: 'success' });
          refresh();
          onClose();
        },
        onError: (failure) => {
          const body = (failure as { body?: { errors?: Record<string, string> } }).body;
          if (body?.errors) setErrors(body.errors);
          const message = errorMessage(failure);
          setError(translate(message, { _: message }));
        },
      },
    );

  const save = () => {
    const today = localDay();
    const found: Record<string, FieldError> = {};
    const fromError = firstError(required(from), day(from, today));
    const resumedError = firstError(required(resumedOn), day(resumedOn, today));
    if (fromError) found.suspendedFrom = fromError;
    if (resumedError) found.resumedOn = resumedError;
    setErrors(found);
    if (Object.keys(found).length === 0) void send({ suspendedFrom: from, resumedOn });
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="suspend-title" fullWidth maxWidth="sm">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <DialogTitle id="suspend-title">
          {translate('haven.deadlines.suspension.title')}
        </DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {translate('haven.deadlines.suspension.help')}
          </DialogContentText>
          <Stack spacing={2}>
            <DayTextField
              type="date"
              label={translate('haven.deadlines.suspension.from')}
              value={from}
              onChange={(event) => setFrom(event.target.value)}
              error={Boolean(errors.suspendedFrom)}
              helperText={text(errors.suspendedFrom)}
              slotProps={{
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': 'suspend-from' },
              }}
              autoFocus
              required
            />
            <DayTextField
              type="date"
              label={translate('haven.deadlines.suspension.resumed_on')}
              value={resumedOn}
              onChange={(event) => setResumedOn(event.target.value)}
              error={Boolean(errors.resumedOn)}
              helperText={text(errors.resumedOn)}
              slotProps={{
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': 'suspend-resumed' },
              }}
              required
            />
            {error && <Alert severity="error">{error}</Alert>}
          </Stack>
        </DialogContent>
        <DialogActions>
          {current && (
            <Button
              color="warning"
              disabled={isPending}
              onClick={() => void send({ suspendedFrom: null, resumedOn: null })}
              data-testid="suspend-clear"
            >
              {translate('haven.deadlines.suspension.clear')}
            </Button>
          )}
          <Button onClick={onClose} disabled={isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={isPending} data-testid="suspend-save">
            {translate('haven.deadlines.suspension.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
