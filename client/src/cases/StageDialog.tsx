import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
} from '@mui/material';
import {
  OUTCOMES,
  STAGES,
  checkStageChange,
  stageIndex,
  type CaseResponse,
  type Outcome,
  type Stage,
} from '@haven/shared';
import { useState } from 'react';
import { useNotify, useTranslate, useUpdate } from 'react-admin';
import { enumKey } from '../common/enums';
import { errorMessage } from '../common/errorMessage';

const PROBLEM_MESSAGE = {
  stageReason: 'haven.cases.reason_required',
  outcome: 'haven.cases.outcome_required',
} as const;

/**
 * Moves a case to another stage with the server's rules (shared `checkStageChange`): forward
 * freely, back only with a reason, closed only with an outcome.
 */
export const StageDialog = ({ record, onClose }: { record: CaseResponse; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate();
  const following = STAGES[Math.min(stageIndex(record.stage) + 1, STAGES.length - 1)];
  const [stage, setStage] = useState<Stage>(following);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome | ''>(record.outcome ?? '');
  const [shown, setShown] = useState<{ stageReason?: string; outcome?: string }>({});
  const [error, setError] = useState<string | null>(null);

  const goingBack = stageIndex(stage) < stageIndex(record.stage);
  const closing = stage === 'closed';

  const save = () => {
    const problem = checkStageChange(record.stage, stage, {
      reason,
      outcome: closing ? outcome || null : record.outcome,
    });
    if (problem) {
      setShown({ [problem.field]: translate(PROBLEM_MESSAGE[problem.field]) });
      return;
    }
    const data: Record<string, unknown> = { stage };
    if (goingBack) data.stageReason = reason.trim();
    if (closing && outcome) data.outcome = outcome;
    void update(
      'cases',
      { id: record.id, data, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('haven.cases.stage_changed', {
            type: 'success',
            messageArgs: { stage: translate(enumKey('stage', stage)) },
          });
          onClose();
        },
        onError: (failure) => {
          const body = (failure as { body?: { errors?: Record<string, string> } }).body;
          if (body?.errors?.stageReason || body?.errors?.outcome) {
            setShown({ stageReason: body.errors.stageReason, outcome: body.errors.outcome });
          } else {
            const message = errorMessage(failure);
            setError(translate(message, { _: message }));
          }
        },
      },
    );
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="stage-title" fullWidth maxWidth="sm">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
        noValidate
      >
        <DialogTitle id="stage-title">{translate('haven.cases.change_stage')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              select
              autoFocus
              id="stage-select"
              name="stage"
              label={translate('resources.cases.fields.stage')}
              value={stage}
              onChange={(event) => {
                setStage(event.target.value as Stage);
                setShown({});
              }}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              {STAGES.map((value) => (
                <option key={value} value={value} disabled={value === record.stage}>
                  {translate(enumKey('stage', value))}
                </option>
              ))}
            </TextField>
            {goingBack && (
              <TextField
                id="stage-reason"
                name="stageReason"
                required
                multiline
                minRows={2}
                label={translate('resources.cases.fields.stageReason')}
                value={reason}
                onChange={(event) => {
                  setReason(event.target.value);
                  setShown({});
                }}
                error={Boolean(shown.stageReason)}
                helperText={shown.stageReason ?? translate('haven.cases.reason_help')}
                slotProps={{ htmlInput: { maxLength: 500 } }}
              />
            )}
            {closing && (
              <TextField
                select
                required
                id="stage-outcome"
                name="outcome"
                label={translate('resources.cases.fields.outcome')}
                value={outcome}
                onChange={(event) => {
                  setOutcome(event.target.value as Outcome);
                  setShown({});
                }}
                error={Boolean(shown.outcome)}
                helperText={shown.outcome ?? translate('haven.cases.outcome_help')}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              >
                <option value="">{translate('haven.form.choose')}</option>
                {OUTCOMES.map((value) => (
                  <option key={value} value={value}>
                    {translate(enumKey('outcome', value))}
                  </option>
                ))}
              </TextField>
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
          <Button type="submit" variant="contained" disabled={isPending}>
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
