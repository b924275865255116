import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatInstant } from './dates';
import { useDateLocale } from './useDateLocale';

/**
 * An instant of the record ("updated at", an audit event's time) in the interface's language on a
 * 24-hour clock: the replacement of react-admin's `<DateField showTime>`, which writes the
 * browser's locale ("12/7/2026, 2:16:27 AM" in a Russian interface).
 */
export const InstantField = ({
  source,
  seconds = false,
}: {
  source: string;
  label?: string;
  sortable?: boolean;
  seconds?: boolean;
}) => {
  const record = useRecordContext<Record<string, unknown>>();
  const locale = useDateLocale();
  const value = record?.[source];
  if (typeof value !== 'string' || !value) return null;
  return (
    <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
      {formatInstant(value, locale, { seconds })}
    </Typography>
  );
};
