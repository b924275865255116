import { Stack, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { DaysLeftChip } from '../common/DayField';
import { formatDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';

/** The case's next open deadline (derived by the server) with the days left, coloured by urgency. */
export const NextDeadlineField = ({
  source = 'nextDeadlineOn',
}: {
  source?: string;
  label?: string;
  sortable?: boolean;
}) => {
  const record = useRecordContext<Record<string, unknown>>();
  const locale = useDateLocale();
  const translate = useTranslate();
  const value = record?.[source];
  if (typeof value !== 'string' || !value) {
    return (
      <Typography variant="body2" color="text.secondary" component="span">
        {translate('haven.deadlines.none')}
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="next-deadline">
      <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
        {formatDay(value, locale)}
      </Typography>
      <DaysLeftChip dueOn={value} />
    </Stack>
  );
};
