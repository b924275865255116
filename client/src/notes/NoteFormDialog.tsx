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
import { GROUNDS, STRENGTHS, type Ground, type NoteResponse, type Strength } from '@haven/shared';
import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { enumKey } from '../common/enums';
import { useIsSmall } from '../layout/useIsSmall';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { EvidenceEditor } from './EvidenceEditor';
import { MarkdownEditor } from './MarkdownEditor';
import {
  formValues,
  noteRequest,
  validateNote,
  type NoteFormErrors,
  type NoteFormValues,
} from './noteModel';

/**
 * Writes a new grounds-of-claim note or edits one: ground, title, strength, the Markdown body with
 * its preview, and the evidence inventory. An edit sends the version it started from, so a note
 * someone else changed meanwhile is refused (409) rather than overwritten; the server keeps the
 * replaced text as a revision.
 */
export const NoteFormDialog = ({
  caseId,
  note,
  ground,
  onClose,
}: {
  caseId: string;
  /** The note in full (body and evidence) when editing. */
  note?: NoteResponse | null;
  /** The ground a new note is for. */
  ground?: Ground | null;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const isSmall = useIsSmall();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const [values, setValues] = useState<NoteFormValues>(() => formValues(note, ground));
  const [errors, setErrors] = useState<NoteFormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = Boolean(note);

  const set = (change: Partial<NoteFormValues>) =>
    setValues((current) => ({ ...current, ...change }));
  const message = (key: string) => {
    const error = errors[key];
    return error ? translate(error.message, error.args) : undefined;
  };

  const save = async () => {
    const found = validateNote(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const data = noteRequest(values);
      if (note) {
        await dataProvider.update('notes', { id: note.id, data, previousData: note });
        notify('haven.notes.updated', { type: 'success' });
      } else {
        await dataProvider.create('notes', { data: { caseId, ...data } });
        notify('haven.notes.created', { type: 'success' });
      }
      refresh();
      onClose();
    } catch (error) {
      const body = (error as { body?: { errors?: Record<string, string> } }).body;
      if (body?.errors) {
        setErrors(
          Object.fromEntries(
            Object.entries(body.errors).map(([field, text]) => [field, { message: text }]),
          ),
        );
      }
      const text = errorMessage(error);
      setFailure(translate(text, { _: text }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="note-form-title"
      fullWidth
      maxWidth="lg"
      fullScreen={isSmall}
    >
      <form
        noValidate
        data-testid="note-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <DialogTitle id="note-form-title">
          {translate(editing ? 'haven.notes.edit_title' : 'haven.notes.new_title')}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField
                select
                required
                id="note-ground"
                name="ground"
                label={translate('haven.notes.fields.ground')}
                value={values.ground}
                onChange={(event) => set({ ground: event.target.value as Ground })}
                error={Boolean(errors.ground)}
                helperText={message('ground')}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                sx={{ flex: 1 }}
              >
                <option value="">{translate('haven.notes.choose')}</option>
                {GROUNDS.map((value) => (
                  <option key={value} value={value}>
                    {translate(enumKey('ground', value))}
                  </option>
                ))}
              </TextField>
              <TextField
                select
                required
                id="note-strength"
                name="strength"
                label={translate('haven.notes.fields.strength')}
                value={values.strength}
                onChange={(event) => set({ strength: event.target.value as Strength })}
                error={Boolean(errors.strength)}
                helperText={message('strength') ?? translate('haven.notes.strength_help')}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                sx={{ flex: 1 }}
              >
                {STRENGTHS.map((value) => (
                  <option key={value} value={value}>
                    {translate(`haven.notes.strength.${value}`)}
                  </option>
                ))}
              </TextField>
            </Stack>
            <TextField
              required
              autoFocus
              id="note-title"
              name="title"
              label={translate('haven.notes.fields.title')}
              value={values.title}
              onChange={(event) => set({ title: event.target.value })}
              error={Boolean(errors.title)}
              helperText={message('title')}
              slotProps={{ htmlInput: { maxLength: 200 } }}
            />
            <MarkdownEditor
              id="note-body"
              label={translate('haven.notes.fields.body')}
              value={values.body}
              onChange={(body) => set({ body })}
              error={Boolean(errors.body)}
              helperText={message('body')}
            />
            <EvidenceEditor
              caseId={caseId}
              rows={values.evidence}
              onChange={(evidence) => set({ evidence })}
              errors={errors}
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
          <Button type="submit" variant="contained" disabled={busy} data-testid="note-save">
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
