import { Box, Paper, Stack, Tab, Tabs, TextField, Typography } from '@mui/material';
import { useDeferredValue, useState } from 'react';
import { useTranslate } from 'react-admin';
import { useIsSmall } from '../layout/useIsSmall';
import { MarkdownView } from './MarkdownView';

/**
 * A Markdown text area with a live preview: side by side on a wide screen, as Write / Preview tabs
 * on a phone. The preview is rendered safely (see MarkdownView): what looks like HTML shows as text.
 */
export const MarkdownEditor = ({
  id,
  label,
  value,
  onChange,
  error,
  helperText,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: boolean;
  helperText?: string;
}) => {
  const translate = useTranslate();
  const isSmall = useIsSmall();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  // Typing stays fast on long notes: the preview may lag a keystroke behind.
  const preview = useDeferredValue(value);

  const editor = (
    <TextField
      id={id}
      name="body"
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      multiline
      minRows={10}
      maxRows={30}
      fullWidth
      error={error}
      helperText={helperText ?? translate('haven.notes.markdown_help')}
      slotProps={{ htmlInput: { 'data-testid': 'note-body-input', spellCheck: true } }}
    />
  );
  const previewPane = (
    <Paper variant="outlined" sx={{ p: 1.5, minHeight: 200, overflow: 'auto', flex: 1 }}>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
        {translate('haven.notes.preview')}
      </Typography>
      {preview.trim() ? (
        <MarkdownView source={preview} testId="note-body-preview" />
      ) : (
        <Typography variant="body2" color="text.secondary">
          {translate('haven.notes.preview_empty')}
        </Typography>
      )}
    </Paper>
  );

  if (isSmall) {
    return (
      <Box>
        <Tabs value={tab} onChange={(_event, next: 'write' | 'preview') => setTab(next)}>
          <Tab value="write" label={translate('haven.notes.write')} />
          <Tab value="preview" label={translate('haven.notes.preview')} />
        </Tabs>
        <Box sx={{ mt: 1 }}>{tab === 'write' ? editor : previewPane}</Box>
      </Box>
    );
  }
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'stretch' }}>
      <Box sx={{ flex: 1, minWidth: 0 }}>{editor}</Box>
      <Box sx={{ flex: 1, minWidth: 0, display: 'flex' }}>{previewPane}</Box>
    </Stack>
  );
};
