import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  FormHelperText,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import {
  OUTCOMES,
  PROCEDURE_TRACKS,
  SERVICE_METHODS,
  renderExplanation,
  stageIndex,
  type CaseResponse,
  type Outcome,
  type ProcedureTrack,
  type ServiceMethod,
} from '@haven/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify, useTranslate, useUpdate } from 'react-admin';
import { ConfidenceNote } from '../common/DayField';
import { formatDay, utcDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { errorMessage } from '../common/errorMessage';
import { useDateLocale } from '../common/useDateLocale';
import { useUiLocale } from '../common/useUiLocale';
import { fieldErrorText, type FieldError } from '../common/validation';
import {
  decisionUpdate,
  derivedService,
  initialDecision,
  receivedMeans,
  trackForOutcome,
  validateDecision,
  type DecisionField,
  type DecisionValues,
} from './decisionForm';
import { DayTextField } from '../common/DayInput';

const FIELD_IDS: Record<DecisionField, string> = {
  outcome: 'decision-outcome',
  procedureTrack: 'decision-track',
  serviceMethod: 'decision-method',
  decisionReceivedOn: 'decision-received-on',
  decisionServedOn: 'decision-served-on-input',
};

/**
 * Records a decision in one step: the outcome, the procedure it was taken in, how and when it
 * arrived, and — worked out as the user types, with the shared rule the server applies — the legal
 * service date that starts the appeal deadlines. The user may give that date instead where the law
 * deems it otherwise. One update saves it all, moving the case on to the decision stage.
 */
export const DecisionDialog = ({
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
  const [values, setValues] = useState<DecisionValues>(() => initialDecision(record));
  const [shown, setShown] = useState<Partial<Record<DecisionField, FieldError>>>({});
  const [error, setError] = useState<string | null>(null);
  const today = utcDay();

  const set = (changes: Partial<DecisionValues>) => {
    setValues((current) => ({ ...current, ...changes }));
    setShown({});
    setError(null);
  };
  const fieldError = (field: DecisionField) => fieldErrorText(translate, shown[field]);

  const means = receivedMeans(record.jurisdiction, values.serviceMethod);
  const derived = derivedService(
    record.jurisdiction,
    values.serviceMethod,
    values.decisionReceivedOn,
  );
  const derivedConfidence =
    derived?.explanation.code === 'service.deemed' ? derived.explanation.params.confidence : null;
  const movesStage = stageIndex(record.stage) < stageIndex('decision');

  const save = () => {
    const problems = validateDecision(values, today);
    if (Object.keys(problems).length > 0) {
      setShown(problems);
      const first = (Object.keys(FIELD_IDS) as DecisionField[]).find((field) => problems[field]);
      if (first) document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    const { data, previousData } = decisionUpdate(record, values);
    void update(
      'cases',
      // The data provider sends what differs from previousData (see decisionUpdate).
      { id: record.id, data, previousData: previousData as unknown as CaseResponse },
      {
        mutationMode: 'pessimistic',
        onSuccess: (saved) => {
          notify('haven.decision.saved', {
            type: 'success',
            messageArgs: {
              date: saved.decisionServedOn ? formatDay(saved.decisionServedOn, dateLocale) : '—',
            },
          });
          void queryClient.invalidateQueries({
            queryKey: ['cases', record.id, 'suggested-deadlines'],
          });
          onClose();
        },
        onError: (failure) => {
          const body = (failure as { body?: { errors?: Record<string, string> } }).body;
          const fields = body?.errors ?? {};
          const known = (Object.keys(FIELD_IDS) as DecisionField[]).filter((f) => fields[f]);
          if (known.length > 0) {
            setShown(Object.fromEntries(known.map((field) => [field, fields[field]])));
          } else {
            const message = errorMessage(failure);
            setError(translate(message, { _: message }));
          }
        },
      },
    );
  };

  const dayInput = { max: today };

  return (
    <Dialog open onClose={onClose} aria-labelledby="decision-title" fullWidth maxWidth="sm">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <DialogTitle id="decision-title">{translate('haven.decision.title')}</DialogTitle>
        <DialogContent>
          <DialogContentText variant="body2" sx={{ mb: 1 }}>
            {translate('haven.decision.intro')}
          </DialogContentText>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              select
              autoFocus
              required
              id={FIELD_IDS.outcome}
              name="outcome"
              label={translate('resources.cases.fields.outcome')}
              value={values.outcome}
              onChange={(event) => {
                const outcome = event.target.value as Outcome | '';
                set({ outcome, procedureTrack: trackForOutcome(outcome, values.procedureTrack) });
              }}
              error={Boolean(shown.outcome)}
              helperText={fieldError('outcome') ?? translate('haven.decision.outcome_help')}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              <option value="">{translate('haven.form.choose')}</option>
              {OUTCOMES.map((value) => (
                <option key={value} value={value}>
                  {translate(enumKey('outcome', value))}
                </option>
              ))}
            </TextField>
            <TextField
              select
              required
              id={FIELD_IDS.procedureTrack}
              name="procedureTrack"
              label={translate('resources.cases.fields.procedureTrack')}
              value={values.procedureTrack}
              onChange={(event) => set({ procedureTrack: event.target.value as ProcedureTrack })}
              error={Boolean(shown.procedureTrack)}
              helperText={fieldError('procedureTrack') ?? translate('haven.decision.track_help')}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              {PROCEDURE_TRACKS.map((value) => (
                <option key={value} value={value}>
                  {translate(enumKey('procedureTrack', value))}
                </option>
              ))}
            </TextField>
            <TextField
              select
              required
              id={FIELD_IDS.serviceMethod}
              name="serviceMethod"
              label={translate('resources.cases.fields.serviceMethod')}
              value={values.serviceMethod}
              onChange={(event) => set({ serviceMethod: event.target.value as ServiceMethod | '' })}
              error={Boolean(shown.serviceMethod)}
              helperText={fieldError('serviceMethod') ?? translate('haven.decision.method_help')}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              <option value="">{translate('haven.form.choose')}</option>
              {SERVICE_METHODS.map((value) => (
                <option key={value} value={value}>
                  {translate(enumKey('serviceMethod', value))}
                </option>
              ))}
            </TextField>
            <DayTextField
              required
              id={FIELD_IDS.decisionReceivedOn}
              name="decisionReceivedOn"
              type="date"
              label={translate(`haven.decision.received_on.${means}`)}
              value={values.decisionReceivedOn}
              onChange={(event) => set({ decisionReceivedOn: event.target.value })}
              error={Boolean(shown.decisionReceivedOn)}
              helperText={
                fieldError('decisionReceivedOn') ??
                translate(`haven.decision.received_help.${means}`)
              }
              slotProps={{ inputLabel: { shrink: true }, htmlInput: dayInput }}
            />
            <Box
              aria-live="polite"
              data-testid="decision-service"
              sx={{ p: 2, borderRadius: 1, bgcolor: 'action.hover' }}
            >
              {derived ? (
                <Stack spacing={1}>
                  <Stack
                    direction="row"
                    spacing={1}
                    useFlexGap
                    sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}
                  >
                    <Typography variant="body2">{translate('haven.decision.served_on')}</Typography>
                    <Typography
                      variant="h6"
                      component="span"
                      data-testid="decision-served-on"
                      data-day={derived.servedOn}
                      sx={
                        values.override
                          ? { textDecoration: 'line-through', opacity: 0.6 }
                          : undefined
                      }
                    >
                      {formatDay(derived.servedOn, dateLocale, {
                        weekday: 'short',
                        day: 'numeric',
                        month: 'short',
                        year: 'numeric',
                      })}
                    </Typography>
                    <ConfidenceNote confidence={derivedConfidence} />
                  </Stack>
                  <Typography variant="body2" data-testid="decision-service-explanation">
                    {renderExplanation(derived.explanation, ui)}
                  </Typography>
                </Stack>
              ) : (
                <Typography variant="body2" color="text.secondary">
                  {translate('haven.decision.served_pending')}
                </Typography>
              )}
            </Box>
            <Box>
              <FormControlLabel
                control={
                  <Checkbox
                    id="decision-override"
                    name="override"
                    checked={values.override}
                    onChange={(event) =>
                      set({
                        override: event.target.checked,
                        decisionServedOn:
                          event.target.checked && !values.decisionServedOn
                            ? (derived?.servedOn ?? '')
                            : values.decisionServedOn,
                      })
                    }
                  />
                }
                label={translate('haven.decision.override')}
              />
              <FormHelperText sx={{ mt: 0 }}>
                {translate('haven.decision.override_help')}
              </FormHelperText>
            </Box>
            {values.override && (
              <DayTextField
                required
                id={FIELD_IDS.decisionServedOn}
                name="decisionServedOn"
                type="date"
                label={translate('haven.decision.served_on_given')}
                value={values.decisionServedOn}
                onChange={(event) => set({ decisionServedOn: event.target.value })}
                error={Boolean(shown.decisionServedOn)}
                helperText={fieldError('decisionServedOn')}
                slotProps={{ inputLabel: { shrink: true }, htmlInput: dayInput }}
              />
            )}
            {movesStage && (
              <Typography variant="body2" color="text.secondary">
                {translate('haven.decision.stage_note', {
                  stage: translate(enumKey('stage', 'decision')),
                })}
              </Typography>
            )}
            {error && (
              <Alert severity="error" role="alert">
                {error}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={isPending}
            data-testid="decision-save"
          >
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
