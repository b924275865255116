import { Chip, Stack } from '@mui/material';
import { useLocaleState, useRecordContext } from 'react-admin';
import { languageName } from './languages';

export const LanguagesField = ({ source = 'languages' }: { source?: string; label?: string }) => {
  const record = useRecordContext<Record<string, unknown>>();
  const [locale] = useLocaleState();
  const codes = record?.[source];
  if (!Array.isArray(codes) || codes.length === 0) return null;
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap' }}>
      {codes.map((code) => (
        <Chip key={String(code)} size="small" label={languageName(String(code), locale)} />
      ))}
    </Stack>
  );
};
