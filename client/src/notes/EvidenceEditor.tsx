import AddIcon from '@mui/icons-material/Add';
import DeleteOutlinedIcon from '@mui/icons-material/DeleteOutlined';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  IconButton,
  Paper,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { EVIDENCE_KINDS } from '@haven/shared';
import { useCanAccess, useTranslate } from 'react-admin';
import { DocumentPicker } from '../documents';
import { emptyEvidenceRow, type EvidenceRow, type NoteFormErrors } from './noteModel';

/**
 * The note's evidence inventory as editable rows: kind, description, where it is, language, and
 * the document of the case it is (when it was uploaded to Haven).
 */
export const EvidenceEditor = ({
  rows,
  onChange,
  errors,
  caseId,
}: {
  rows: EvidenceRow[];
  onChange: (rows: EvidenceRow[]) => void;
  errors: NoteFormErrors;
  /** The note's case: its documents can be linked. */
  caseId?: string;
}) => {
  const translate = useTranslate();
  const { canAccess: canReadDocuments } = useCanAccess({ resource: 'documents', action: 'list' });
  const message = (key: string) => {
    const error = errors[key];
    return error ? translate(error.message, error.args) : undefined;
  };
  const set = (index: number, change: Partial<EvidenceRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <Box data-testid="evidence-editor">
      <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>
        {translate('haven.notes.evidence')}
      </Typography>
      {errors.evidence && (
        <Typography variant="body2" color="error" sx={{ mb: 1 }}>
          {message('evidence')}
        </Typography>
      )}
      <Stack spacing={1.5}>
        {rows.map((row, index) => (
          <Paper key={index} variant="outlined" sx={{ p: 1.5 }} data-testid="evidence-row">
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5}>
              <TextField
                select
                required
                size="small"
                id={`evidence-${index}-kind`}
                name={`evidence.${index}.kind`}
                label={translate('haven.notes.evidence_fields.kind')}
                value={row.kind}
                onChange={(event) =>
                  set(index, { kind: event.target.value as EvidenceRow['kind'] })
                }
                error={Boolean(errors[`evidence.${index}.kind`])}
                helperText={message(`evidence.${index}.kind`)}
                slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                sx={{ flex: { md: '0 0 240px' } }}
              >
                <option value="">{translate('haven.notes.choose')}</option>
                {EVIDENCE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {translate(`haven.notes.evidence_kind.${kind}`)}
                  </option>
                ))}
              </TextField>
              <TextField
                required
                size="small"
                id={`evidence-${index}-description`}
                name={`evidence.${index}.description`}
                label={translate('haven.notes.evidence_fields.description')}
                value={row.description}
                onChange={(event) => set(index, { description: event.target.value })}
                error={Boolean(errors[`evidence.${index}.description`])}
                helperText={message(`evidence.${index}.description`)}
                sx={{ flex: { md: '2 1 0' }, minWidth: 0 }}
              />
              <TextField
                size="small"
                id={`evidence-${index}-reference`}
                name={`evidence.${index}.reference`}
                label={translate('haven.notes.evidence_fields.reference')}
                value={row.reference}
                onChange={(event) => set(index, { reference: event.target.value })}
                error={Boolean(errors[`evidence.${index}.reference`])}
                helperText={
                  message(`evidence.${index}.reference`) ??
                  translate('haven.notes.evidence_reference_help')
                }
                sx={{ flex: { md: '1 1 0' }, minWidth: 0 }}
              />
            </Stack>
            {caseId && canReadDocuments && (
              <DocumentPicker
                caseId={caseId}
                id={`evidence-${index}-document`}
                name={`evidence.${index}.documentId`}
                value={row.documentId}
                onChange={(documentId, doc) =>
                  set(index, {
                    documentId,
                    // A picked document fills what the item does not say yet.
                    ...(doc && !row.description.trim() ? { description: doc.title } : {}),
                    // (Evidence takes two-letter codes; a document may have a regional tag.)
                    ...(doc?.language && /^[a-z]{2}$/.test(doc.language) && !row.language.trim()
                      ? { language: doc.language }
                      : {}),
                  })
                }
                error={message(`evidence.${index}.documentId`)}
                sx={{ mt: 1.5, width: { xs: '100%', md: '50%' } }}
              />
            )}
            <Stack
              direction="row"
              spacing={1.5}
              useFlexGap
              sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap' }}
            >
              <TextField
                size="small"
                id={`evidence-${index}-language`}
                name={`evidence.${index}.language`}
                label={translate('haven.notes.evidence_fields.language')}
                value={row.language}
                onChange={(event) => set(index, { language: event.target.value })}
                error={Boolean(errors[`evidence.${index}.language`])}
                helperText={
                  message(`evidence.${index}.language`) ??
                  translate('haven.notes.evidence_language_help')
                }
                slotProps={{ htmlInput: { maxLength: 2 } }}
                sx={{ width: 200 }}
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={row.original}
                    onChange={(event) => set(index, { original: event.target.checked })}
                    name={`evidence.${index}.original`}
                  />
                }
                label={translate('haven.notes.evidence_fields.original')}
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={row.translated}
                    onChange={(event) => set(index, { translated: event.target.checked })}
                    name={`evidence.${index}.translated`}
                  />
                }
                label={translate('haven.notes.evidence_fields.translated')}
              />
              <Box sx={{ flex: 1 }} />
              <Tooltip title={translate('haven.notes.remove_evidence')}>
                <IconButton
                  aria-label={translate('haven.notes.remove_evidence')}
                  onClick={() => onChange(rows.filter((_row, i) => i !== index))}
                >
                  <DeleteOutlinedIcon />
                </IconButton>
              </Tooltip>
            </Stack>
          </Paper>
        ))}
      </Stack>
      <Button
        startIcon={<AddIcon />}
        onClick={() => onChange([...rows, emptyEvidenceRow()])}
        sx={{ mt: 1 }}
        data-testid="add-evidence"
      >
        {translate('haven.notes.add_evidence')}
      </Button>
    </Box>
  );
};
