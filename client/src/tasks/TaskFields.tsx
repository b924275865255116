import SmartToyOutlinedIcon from '@mui/icons-material/SmartToyOutlined';
import { Chip, Stack, Tooltip, Typography } from '@mui/material';
import type { TaskResponse, TaskStatus } from '@haven/shared';
import { Link, useRecordContext, useTranslate } from 'react-admin';
import { DueDate } from '../common/DayField';
import { ReferenceChip } from '../common/ReferenceField';
import { TaskTitle } from '../common/TaskTitle';
import { NoteReviewPreview, TaskKindChip } from './NoteReviewParts';

/** Where a case's tasks are worked on: its Tasks tab. */
export const caseTasksPath = (caseId: string) => `/cases/${caseId}/show/tasks`;

const STATUS_COLOR: Record<TaskStatus, 'default' | 'info' | 'warning' | 'success'> = {
  open: 'default',
  in_progress: 'info',
  in_review: 'warning',
  done: 'success',
};

export const TaskStatusChip = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<TaskResponse>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      variant={record.status === 'open' ? 'outlined' : 'filled'}
      color={STATUS_COLOR[record.status]}
      label={translate(`haven.tasks.status.${record.status}`)}
      data-testid="task-status"
      data-status={record.status}
    />
  );
};

/** Made by Haven itself (a deadline reminder), not by a person. */
export const SystemChip = () => {
  const translate = useTranslate();
  return (
    <Tooltip title={translate('haven.tasks.system_help')}>
      <Chip
        size="small"
        variant="outlined"
        icon={<SmartToyOutlinedIcon />}
        label={translate('haven.tasks.system')}
        data-testid="task-system"
      />
    </Tooltip>
  );
};

/** The title, marked when Haven made the task, with the reviewer's comment when it came back. */
export const TaskTitleField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<TaskResponse>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Stack spacing={0.25}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Typography variant="body2" component="span" data-testid="task-title">
          <TaskTitle task={record} />
        </Typography>
        {record.system && <SystemChip />}
        <TaskKindChip task={record} />
      </Stack>
      {record.kind === 'note_review' && record.status !== 'done' && (
        <NoteReviewPreview task={record} />
      )}
      {record.reviewComment && record.status !== 'done' && (
        <Typography variant="caption" color="warning.main" data-testid="task-review-comment">
          {translate('haven.tasks.returned_with', { comment: record.reviewComment })}
        </Typography>
      )}
    </Stack>
  );
};

export const TaskCaseField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<TaskResponse>();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.caseId) {
    return (
      <Typography variant="body2" color="text.secondary" component="span">
        {translate('haven.tasks.no_case')}
      </Typography>
    );
  }
  return (
    <Link
      to={caseTasksPath(record.caseId)}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
      sx={{ whiteSpace: 'nowrap' }}
    >
      {record.caseReference ? (
        <ReferenceChip reference={record.caseReference} kind="case" />
      ) : (
        record.caseId
      )}
    </Link>
  );
};

export const TaskDueField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<TaskResponse>();
  if (!record?.dueOn) return null;
  return <DueDate dueOn={record.dueOn} status={record.status === 'done' ? 'done' : 'open'} />;
};
