import { Chip, Stack, Typography } from '@mui/material';
import type { DataRequestListItem } from '@haven/shared';
import { useTranslate } from 'react-admin';
import { formatDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';

const today = () => new Date().toISOString().slice(0, 10);

/** Whether an open request is past its due date. */
export const isOverdue = (request: Pick<DataRequestListItem, 'status' | 'dueOn'>) =>
  request.status === 'open' && request.dueOn < today();

/** The due date, an open request past it highlighted. */
export const DueOn = ({ request }: { request: Pick<DataRequestListItem, 'status' | 'dueOn'> }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const overdue = isOverdue(request);
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Typography
        variant="body2"
        component="span"
        color={overdue ? 'error' : undefined}
        sx={{ fontWeight: overdue ? 600 : undefined, whiteSpace: 'nowrap' }}
      >
        {formatDay(request.dueOn, locale)}
      </Typography>
      {overdue && (
        <Chip size="small" color="error" label={translate('haven.data_requests.overdue')} />
      )}
    </Stack>
  );
};

const STATUS_COLOR = { open: 'primary', done: 'success', refused: 'default' } as const;

export const StatusChip = ({ request }: { request: Pick<DataRequestListItem, 'status'> }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={STATUS_COLOR[request.status]}
      label={translate(`haven.data_requests.status.${request.status}`)}
      data-testid="data-request-status"
    />
  );
};
