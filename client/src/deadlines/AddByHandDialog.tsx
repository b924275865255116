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
import { DEADLINE_KINDS } from '@haven/shared';
import { useState } from 'react';
import { useCreate, useNotify, useRefresh, useTranslate } from 'react-admin';
import { formatDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import {
  day,
  fieldErrorText,
  maxLength,
  required,
  firstError,
  type FieldError,
} from '../common/validation';
import { errorMessage } from '../common/errorMessage';
import { DayTextField } from '../common/DayInput';

/** A deadline typed in by hand: kind, title and due date (e.g. an interview the authority set). */
export const AddByHandDialog = ({ caseId, onClose }: { caseId: string; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dateLocale = useDateLocale();
  const [create, { isPending }] = useCreate();
  const [kind, setKind] = useState('');
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [error, setError] = useState<string | null>(null);
  const text = (e: FieldError | undefined) => fieldErrorText(translate, e);

  const save = () => {
    const found: Record<string, FieldError> = {};
    const kindError = required(kind);
    const titleError = firstError(required(title), maxLength(title, 200));
    const dueError = firstError(required(dueOn), day(dueOn));
    if (kindError) found.kind = kindError;
    if (titleError) found.title = titleError;
    if (dueError) found.dueOn = dueError;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    void create(
      'deadlines',
      { data: { caseId, kind, title: title.trim(), dueOn } },
      {
        onSuccess: () => {
          notify('haven.deadlines.added', {
            type: 'success',
            messageArgs: { date: formatDay(dueOn, dateLocale) },
          });
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
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="hand-title" fullWidth maxWidth="sm">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <DialogTitle id="hand-title">{translate('haven.deadlines.add_by_hand')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              select
              autoFocus
              required
              id="hand-kind"
              name="kind"
              label={translate('resources.deadlines.fields.kind')}
              value={kind}
              onChange={(event) => setKind(event.target.value)}
              error={Boolean(errors.kind)}
              helperText={text(errors.kind)}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              <option value="">{translate('haven.form.choose')}</option>
              {DEADLINE_KINDS.map((value) => (
                <option key={value} value={value}>
                  {translate(enumKey('deadlineKind', value))}
                </option>
              ))}
            </TextField>
            <TextField
              required
              id="hand-title-input"
              name="title"
              label={translate('resources.deadlines.fields.title')}
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              error={Boolean(errors.title)}
              helperText={text(errors.title)}
            />
            <DayTextField
              required
              id="hand-due"
              name="dueOn"
              type="date"
              label={translate('resources.deadlines.fields.dueOn')}
              value={dueOn}
              onChange={(event) => setDueOn(event.target.value)}
              error={Boolean(errors.dueOn)}
              helperText={text(errors.dueOn)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
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
            {translate('haven.deadlines.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
