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
import { useState } from 'react';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { KindSelect, LanguageSelect } from './DocumentFields';
import { documentErrorText } from './documentErrors';
import { TITLE_MAX, validateDetails, type UploadErrors } from './documentModel';
import type { DocumentKind, DocumentListItem } from '@haven/shared';
import { fieldErrorText } from '../common/validation';

type EditField = 'title' | 'kind' | 'language';

/**
 * A document's title, kind and language. The update carries the version read, so that a change
 * someone else saved meanwhile is refused (409) rather than overwritten.
 */
export const EditDocumentDialog = ({
  doc,
  onClose,
}: {
  doc: DocumentListItem;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider();
  const [values, setValues] = useState({
    title: doc.title,
    kind: doc.kind,
    language: doc.language ?? '',
  });
  const [errors, setErrors] = useState<Partial<Record<EditField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const text = (problem: UploadErrors[EditField]) => fieldErrorText(translate, problem);

  const save = async () => {
    const found = validateDetails(values);
    const shown: Partial<Record<EditField, string>> = {};
    for (const field of ['title', 'kind', 'language'] as const) {
      const message = text(found[field]);
      if (message) shown[field] = message;
    }
    setErrors(shown);
    if (Object.keys(shown).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await dataProvider.update('documents', {
        id: doc.id,
        data: { title: values.title.trim(), kind: values.kind, language: values.language || null },
        previousData: doc,
      });
      notify('haven.documents.updated', { type: 'success' });
      refresh();
      onClose();
    } catch (error) {
      const fields = (error as { body?: { errors?: Record<string, string> } }).body?.errors;
      if (fields) setErrors(fields);
      setFailure(documentErrorText(error, translate));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="document-edit-title"
    >
      <form
        noValidate
        data-testid="document-edit-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <DialogTitle id="document-edit-title">
          {translate('haven.documents.edit_title')}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              required
              autoFocus
              size="small"
              id="document-edit-title-input"
              name="title"
              label={translate('haven.documents.fields.title')}
              value={values.title}
              onChange={(event) => setValues({ ...values, title: event.target.value })}
              error={Boolean(errors.title)}
              helperText={errors.title}
              slotProps={{ htmlInput: { maxLength: TITLE_MAX } }}
            />
            <KindSelect
              id="document-edit-kind"
              name="kind"
              value={values.kind}
              onChange={(kind) => setValues({ ...values, kind: kind as DocumentKind })}
              error={errors.kind}
            />
            <LanguageSelect
              id="document-edit-language"
              name="language"
              value={values.language}
              onChange={(language) => setValues({ ...values, language })}
              error={errors.language}
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
          <Button type="submit" variant="contained" disabled={busy} data-testid="document-save">
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
