import { Box, Typography } from '@mui/material';
import { renderExplanation, type DeadlineResponse } from '@haven/shared';
import { useRecordContext } from 'react-admin';
import { DueDate } from '../common/DayField';
import { useUiLocale } from '../common/useUiLocale';
import { deadlineTitle } from './ruleText';

/** The due date with days left (open ones), and the rule's confidence warning and what it means. */
export const DueOnField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<DeadlineResponse>();
  if (!record) return null;
  return (
    <DueDate dueOn={record.dueOn} status={record.status} confidence={record.confidence} note />
  );
};

/**
 * The title (a rule's own description in the reader's language when the title is that description),
 * and below it how the date was reached, rendered in the reader's language from `{code, params}`.
 */
export const TitleField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<DeadlineResponse>();
  const locale = useUiLocale();
  if (!record) return null;
  return (
    <Box>
      <Typography variant="body2" data-testid="deadline-title">
        {deadlineTitle(record, locale)}
      </Typography>
      {record.explanation && (
        <Typography
          variant="caption"
          color="text.secondary"
          component="div"
          data-testid="deadline-explanation"
        >
          {renderExplanation(record.explanation, locale)}
        </Typography>
      )}
    </Box>
  );
};
