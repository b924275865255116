import { Chip, Stack, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { enumKey } from './enums';

/** A list of enumeration values (grounds, vulnerabilities, consent scopes) as translated chips. */
export const EnumChipsField = ({
  source,
  enumName,
  emptyText,
  color,
}: {
  source: string;
  enumName: string;
  label?: string;
  emptyText?: string;
  color?: 'default' | 'primary' | 'warning';
}) => {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const values = record?.[source];
  if (!Array.isArray(values) || values.length === 0) {
    return emptyText ? (
      <Typography variant="body2" color="text.secondary" component="span">
        {translate(emptyText)}
      </Typography>
    ) : null;
  }
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {values.map((value) => (
        <Chip
          key={String(value)}
          size="small"
          color={color}
          variant="outlined"
          label={translate(enumKey(enumName, String(value)), { _: String(value) })}
        />
      ))}
    </Stack>
  );
};
