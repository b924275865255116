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
import { GROUNDS, STRENGTHS, type Ground, type NoteResponse, type Strength } from '@haven/shared';
import { useState } from 'react';
import { useDataProvider, useGetOne, useNotify, useRefresh, useTranslate } from 'react-admin';
import { enumKey } from '../common/enums';
import { useIsSmall } from '../layout/useIsSmall';
import { useLeaveWarning } from '../intake/useLeaveWarning';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { EvidenceEditor } from './EvidenceEditor';
import { MarkdownEditor } from './MarkdownEditor';
import { addsGroundToCase, groundChoices } from './noteGrounds';
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
  // Unsaved changes: warn before the page is left, and ask before the dialog is closed.
  const [pristine] = useState(() => JSON.stringify(formValues(note, ground)));
  const unsaved = JSON.stringify(values) !== pristine;
  useLeaveWarning(unsaved);
  const close = () => {
    if (unsaved && !window.confirm(translate('haven.form.unsaved_leave'))) return;
    onClose();
  };
  const [errors, setErrors] = useState<NoteFormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The ground question: saving on a ground the case lacks asks first (the server refuses it
  // otherwise), so a note never changes the case's grounds behind the caseworker's back.
  const [asking, setAsking] = useState(false);
  const editing = Boolean(note);
  // The case the page already read (react-query's cache): its grounds are offered first.
  const { data: theCase } = useGetOne<{ id: string; grounds?: string[] | null }>(
    'cases',
    { id: caseId },
    { staleTime: 5 * 60_000 },
  );
  const caseGrounds = theCase?.grounds ?? undefined;
  const choices = groundChoices(caseGrounds);
  const addsGround = addsGroundToCase(values.ground, caseGrounds, note?.ground);

  const set = (change: Partial<NoteFormValues>) =>
    setValues((current) => ({ ...current, ...change }));
  const message = (key: string) => {
    const error = errors[key];
    return error ? translate(error.message, error.args) : undefined;
  };

  const save = async (addGroundToCase = false) => {
    const found = validateNote(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (addsGround && !addGroundToCase) {
      setAsking(true);
      return;
    }
    setAsking(false);
    setBusy(true);
    setFailure(null);
    try {
      const data = { ...noteRequest(values), ...(addGroundToCase ? { addGroundToCase } : {}) };
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
      const body = (error as { body?: { code?: string; errors?: Record<string, string> } }).body;
      if (body?.code === 'note.ground_not_on_case') {
        // The case's grounds changed meanwhile: ask now.
        refresh();
        setAsking(true);
        return;
      }
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
      onClose={busy ? undefined : close}
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
                helperText={
                  message('ground') ??
                  (addsGround ? translate('haven.notes.ground_question.not_on_case') : undefined)
                }
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                sx={{ flex: 1 }}
              >
                <option value="">{translate('haven.notes.choose')}</option>
                {choices.caseGrounds.length === 0 ? (
                  GROUNDS.map((value) => (
                    <option key={value} value={value}>
                      {translate(enumKey('ground', value))}
                    </option>
                  ))
                ) : (
                  <>
                    <optgroup
                      label={translate('haven.notes.ground_question.case_grounds')}
                      data-testid="note-ground-case"
                    >
                      {choices.caseGrounds.map((value) => (
                        <option key={value} value={value}>
                          {translate(enumKey('ground', value))}
                        </option>
                      ))}
                    </optgroup>
                    <optgroup
                      label={translate('haven.notes.ground_question.other_grounds')}
                      data-testid="note-ground-other"
                    >
                      {choices.otherGrounds.map((value) => (
                        <option key={value} value={value}>
                          {translate(enumKey('ground', value))}
                        </option>
                      ))}
                    </optgroup>
                  </>
                )}
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
          <Button onClick={close} disabled={busy}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy} data-testid="note-save">
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </form>
      {asking && values.ground && (
        <Dialog
          open
          onClose={() => setAsking(false)}
          aria-labelledby="note-ground-question-title"
          aria-describedby="note-ground-question-text"
          data-testid="note-ground-question"
        >
          <DialogTitle id="note-ground-question-title">
            {translate('haven.notes.ground_question.title', {
              ground: translate(enumKey('ground', values.ground)),
            })}
          </DialogTitle>
          <DialogContent>
            <DialogContentText id="note-ground-question-text">
              {translate('haven.notes.ground_question.text', {
                ground: translate(enumKey('ground', values.ground)),
              })}
            </DialogContentText>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setAsking(false)} data-testid="note-ground-back">
              {translate('haven.notes.ground_question.back')}
            </Button>
            <Button
              variant="contained"
              autoFocus
              onClick={() => void save(true)}
              disabled={busy}
              data-testid="note-ground-add"
            >
              {translate('haven.notes.ground_question.add')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </Dialog>
  );
};
