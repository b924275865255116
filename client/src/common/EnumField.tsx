import { Chip, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { enumKey } from './enums';

/** One enumeration value of the record, translated. */
export const EnumField = ({
  source,
  enumName,
  emptyText,
}: {
  source: string;
  enumName: string;
  label?: string;
  emptyText?: string;
  sortable?: boolean;
}) => {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const value = record?.[source];
  if (typeof value !== 'string' || !value) {
    return emptyText ? (
      <Typography variant="body2" component="span" color="text.secondary">
        {translate(emptyText)}
      </Typography>
    ) : null;
  }
  return (
    <Typography variant="body2" component="span">
      {translate(enumKey(enumName, value), { _: value })}
    </Typography>
  );
};

const PRIORITY_COLOR: Record<string, 'error' | 'warning' | 'default' | 'info'> = {
  urgent: 'error',
  high: 'warning',
  normal: 'default',
  low: 'info',
};

export const PriorityChip = ({ source = 'priority' }: { source?: string; label?: string }) => {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const value = record?.[source];
  if (typeof value !== 'string') return null;
  return (
    <Chip
      size="small"
      variant={value === 'urgent' || value === 'high' ? 'filled' : 'outlined'}
      color={PRIORITY_COLOR[value] ?? 'default'}
      label={translate(enumKey('priority', value), { _: value })}
    />
  );
};

const STATUS_COLOR: Record<string, 'default' | 'success' | 'error' | 'info'> = {
  open: 'info',
  done: 'success',
  missed: 'error',
  waived: 'default',
};

export const DeadlineStatusChip = ({ source = 'status' }: { source?: string; label?: string }) => {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const value = record?.[source];
  if (typeof value !== 'string') return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={STATUS_COLOR[value] ?? 'default'}
      label={translate(enumKey('deadlineStatus', value), { _: value })}
    />
  );
};
