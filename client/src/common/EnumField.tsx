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

type ChipColor = 'error' | 'warning' | 'default' | 'info' | 'success';

const PRIORITY_COLOR: Record<string, ChipColor> = {
  urgent: 'error',
  high: 'warning',
  normal: 'default',
  low: 'info',
};

/** A record's enum value as a coloured, translated chip. */
const EnumChip = ({
  source,
  enumName,
  colors,
  filled = [],
}: {
  source: string;
  enumName: string;
  colors: Record<string, ChipColor>;
  filled?: string[];
}) => {
  const record = useRecordContext<Record<string, unknown>>();
  const translate = useTranslate();
  const value = record?.[source];
  if (typeof value !== 'string') return null;
  return (
    <Chip
      size="small"
      variant={filled.includes(value) ? 'filled' : 'outlined'}
      color={colors[value] ?? 'default'}
      label={translate(enumKey(enumName, value), { _: value })}
    />
  );
};

export const PriorityChip = ({ source = 'priority' }: { source?: string; label?: string }) => (
  <EnumChip
    source={source}
    enumName="priority"
    colors={PRIORITY_COLOR}
    filled={['urgent', 'high']}
  />
);

const STATUS_COLOR: Record<string, ChipColor> = {
  open: 'info',
  done: 'success',
  missed: 'error',
  waived: 'default',
};

export const DeadlineStatusChip = ({ source = 'status' }: { source?: string; label?: string }) => (
  <EnumChip source={source} enumName="deadlineStatus" colors={STATUS_COLOR} />
);
