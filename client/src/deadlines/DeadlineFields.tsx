import { Box, Typography } from '@mui/material';
import type { DeadlineResponse } from '@haven/shared';
import { useRecordContext } from 'react-admin';
import { DueDate } from '../common/DayField';

/** The due date with days left (open ones) and the rule's confidence warning. */
export const DueOnField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<DeadlineResponse>();
  if (!record) return null;
  return <DueDate dueOn={record.dueOn} status={record.status} confidence={record.confidence} />;
};

/** The title, and below it how the date was reached (rule explanation or document alert). */
export const TitleField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<DeadlineResponse>();
  if (!record) return null;
  return (
    <Box>
      <Typography variant="body2">{record.title}</Typography>
      {record.explanation && (
        <Typography variant="caption" color="text.secondary" component="div">
          {record.explanation}
        </Typography>
      )}
    </Box>
  );
};
