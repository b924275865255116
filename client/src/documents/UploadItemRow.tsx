import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import DeleteOutlinedIcon from '@mui/icons-material/DeleteOutlined';
import {
  Alert,
  Box,
  IconButton,
  LinearProgress,
  Paper,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { useDateLocale } from '../common/useDateLocale';
import { KindSelect, LanguageSelect } from './DocumentFields';
import { TITLE_MAX, formatSize } from './documentModel';
import type { DocumentKind } from '@haven/shared';
import type { QueuedUpload } from './uploadQueue';

/** One file of the upload dialog: its name and size, kind, title, language, progress and outcome. */
export const UploadItemRow = ({
  entry,
  index,
  busy,
  onChange,
  onRemove,
}: {
  entry: QueuedUpload;
  index: number;
  busy: boolean;
  onChange: (change: Partial<QueuedUpload>) => void;
  onRemove: () => void;
}) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const locked = busy || entry.status === 'done' || entry.status === 'uploading';
  const percent = Math.round(entry.progress * 100);
  const id = (field: string) => `upload-${index}-${field}`;

  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5 }}
      data-testid="upload-item"
      data-status={entry.status}
      data-file={entry.file.name}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        {entry.status === 'done' && (
          <CheckCircleIcon
            color="success"
            fontSize="small"
            titleAccess={translate('haven.documents.uploaded')}
          />
        )}
        <Typography variant="body2" sx={{ fontWeight: 600, overflowWrap: 'anywhere', flex: 1 }}>
          {entry.file.name}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
          {formatSize(entry.file.size, locale)}
        </Typography>
        {!locked && (
          <Tooltip title={translate('haven.documents.remove_file')}>
            <IconButton
              size="small"
              aria-label={`${translate('haven.documents.remove_file')}: ${entry.file.name}`}
              onClick={onRemove}
            >
              <DeleteOutlinedIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        )}
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5}>
        <KindSelect
          id={id('kind')}
          name={`uploads.${index}.kind`}
          value={entry.kind}
          onChange={(kind) => onChange({ kind: kind as DocumentKind })}
          error={entry.errors.kind}
          disabled={locked}
          sx={{ flex: { md: '0 0 260px' } }}
        />
        <TextField
          required
          size="small"
          id={id('title')}
          name={`uploads.${index}.title`}
          label={translate('haven.documents.fields.title')}
          value={entry.title}
          onChange={(event) => onChange({ title: event.target.value })}
          error={Boolean(entry.errors.title)}
          helperText={entry.errors.title}
          disabled={locked}
          slotProps={{ htmlInput: { maxLength: TITLE_MAX } }}
          sx={{ flex: 1, minWidth: 0 }}
        />
        <LanguageSelect
          id={id('language')}
          name={`uploads.${index}.language`}
          value={entry.language}
          onChange={(language) => onChange({ language })}
          error={entry.errors.language}
          disabled={locked}
          sx={{ flex: { md: '0 0 200px' } }}
        />
      </Stack>
      {entry.status === 'uploading' && (
        <Box sx={{ mt: 1 }}>
          <LinearProgress
            variant="determinate"
            value={percent}
            aria-label={translate('haven.documents.upload_progress', { percent })}
            data-testid="upload-progress"
          />
          <Typography variant="caption" color="text.secondary">
            {translate('haven.documents.upload_progress', { percent })}
          </Typography>
        </Box>
      )}
      {entry.status === 'done' && (
        <Typography variant="caption" color="success.main" data-testid="upload-done">
          {translate('haven.documents.uploaded')}
        </Typography>
      )}
      {(entry.errors.file || entry.message) && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="upload-error">
          {entry.errors.file ?? entry.message}
        </Alert>
      )}
    </Paper>
  );
};
