import AddIcon from '@mui/icons-material/Add';
import { Box, Stack, Tab, Tabs, Typography } from '@mui/material';
import {
  PRIORITIES,
  TASK_STATUSES,
  type Role,
  type TaskQueue,
  type TaskResponse,
} from '@haven/shared';
import { useState } from 'react';
import {
  AutocompleteInput,
  Button,
  DataTable,
  EditButton,
  FilterButton,
  List,
  Loading,
  NullableBooleanInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TopToolbar,
  useCanAccess,
  useGetIdentity,
  useListContext,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { PriorityChip } from '../common/EnumField';
import { enumChoices } from '../common/enums';
import { useIsSmall } from '../layout/useIsSmall';
import type { HavenIdentity } from '../providers/authProvider';
import { CreateTaskDialog } from './CreateTaskDialog';
import { TaskActionButtons } from './TaskActionButtons';
import { NoteReviewChanges } from './NoteReviewParts';
import { TaskCaseField, TaskDueField, TaskStatusChip, TaskTitleField } from './TaskFields';
import { isReviewer, queuesFor } from './taskActions';
import { DayInput } from '../common/DayInput';

const statusChoices = TASK_STATUSES.map((value) => ({
  id: value,
  name: `haven.tasks.status.${value}`,
}));

function taskFilters(role: Role) {
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="status" source="status" choices={statusChoices} />,
    <SelectInput key="priority" source="priority" choices={enumChoices('priority', PRIORITIES)} />,
    <NullableBooleanInput key="system" source="system" />,
    <NullableBooleanInput key="overdue" source="overdue" />,
    <DayInput key="dueOn_gte" source="dueOn_gte" />,
    <DayInput key="dueOn_lte" source="dueOn_lte" />,
  ];
  if (isReviewer(role)) {
    filters.push(
      <ReferenceInput
        key="assigneeId"
        source="assigneeId"
        reference="users"
        filter={{ active: true }}
        sort={{ field: 'fullName', order: 'ASC' }}
        perPage={100}
      >
        <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} />
      </ReferenceInput>,
    );
  }
  return filters;
}

type QueueTab = TaskQueue | 'all';

/** Mine / Team / Review (reviewers) / All: the `queue` filter of `GET /api/tasks`. */
const QueueTabs = ({ role }: { role: Role }) => {
  const translate = useTranslate();
  const { filterValues, displayedFilters, setFilters } = useListContext();
  const queues: QueueTab[] = [...queuesFor(role), 'all'];
  const current = (filterValues as { queue?: QueueTab }).queue ?? 'all';
  return (
    <Tabs
      value={queues.includes(current) ? current : 'all'}
      onChange={(_event, value: QueueTab) => {
        const { queue: _previous, ...rest } = filterValues as Record<string, unknown>;
        setFilters(value === 'all' ? rest : { ...rest, queue: value }, displayedFilters);
      }}
      aria-label={translate('haven.tasks.queues')}
      variant="scrollable"
      allowScrollButtonsMobile
    >
      {queues.map((queue) => (
        <Tab
          key={queue}
          value={queue}
          label={translate(`haven.tasks.queue.${queue}`)}
          data-testid={`task-queue-${queue}`}
        />
      ))}
    </Tabs>
  );
};

const TaskListActions = () => {
  const { canAccess } = useCanAccess({ resource: 'tasks', action: 'create' });
  const [creating, setCreating] = useState(false);
  return (
    <TopToolbar>
      <FilterButton />
      {canAccess && (
        <Button label="haven.tasks.new" onClick={() => setCreating(true)} data-testid="task-new">
          <AddIcon />
        </Button>
      )}
      {creating && <CreateTaskDialog onClose={() => setCreating(false)} />}
    </TopToolbar>
  );
};

const TasksEmpty = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ p: 2 }} data-testid="tasks-empty">
      {translate('haven.tasks.empty')}
    </Typography>
  );
};

/** What a task says beyond its row: its description and the reviewer's last comment. */
export const TaskPanel = () => {
  const record = useRecordContext<TaskResponse>();
  const translate = useTranslate();
  const { canAccess: canEdit } = useCanAccess({ resource: 'tasks', action: 'edit' });
  if (!record) return null;
  return (
    <Box sx={{ py: 1 }}>
      {canEdit && record.status !== 'done' && (
        <Box sx={{ float: 'right' }}>
          <EditButton resource="tasks" />
        </Box>
      )}
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
        {record.description || translate('haven.tasks.no_description')}
      </Typography>
      {record.reviewComment && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('haven.tasks.review_comment', { comment: record.reviewComment })}
        </Typography>
      )}
      {record.kind === 'note_review' && <NoteReviewChanges task={record} />}
    </Box>
  );
};

/** On a phone: status and the quick actions under the title. */
const TaskSecondary = () => (
  <Stack spacing={0.5} component="span" sx={{ mt: 0.5 }}>
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      component="span"
      sx={{ alignItems: 'center', flexWrap: 'wrap' }}
    >
      <TaskStatusChip />
      <TaskDueField />
    </Stack>
    <TaskActionButtons />
  </Stack>
);

/** The table of tasks, shared by the task list and a case's Tasks tab. */
export const TaskTable = ({ showCase = true }: { showCase?: boolean }) => {
  const isSmall = useIsSmall();
  if (isSmall) {
    return (
      <SimpleList<TaskResponse>
        primaryText={<TaskTitleField />}
        secondaryText={<TaskSecondary />}
        rowClick={false}
        empty={<TasksEmpty />}
      />
    );
  }
  return (
    <DataTable<TaskResponse>
      rowClick="expand"
      expand={<TaskPanel />}
      bulkActionButtons={false}
      empty={<TasksEmpty />}
      data-testid="task-table"
    >
      {/* Titles are encrypted: the server cannot sort by them. */}
      <DataTable.Col source="title" field={TaskTitleField} disableSort />
      {showCase && <DataTable.Col source="caseId" field={TaskCaseField} disableSort />}
      <DataTable.Col source="status" field={TaskStatusChip} />
      <DataTable.Col source="priority" field={PriorityChip} />
      <DataTable.Col source="assigneeId" disableSort>
        <ReferenceField
          source="assigneeId"
          reference="users"
          link={false}
          emptyText="haven.tasks.team_queue"
        />
      </DataTable.Col>
      <DataTable.Col source="dueOn" field={TaskDueField} />
      <DataTable.Col label="haven.tasks.actions_column" disableSort field={TaskActionButtons} />
    </DataTable>
  );
};

/**
 * Tasks in queues: mine, the team's unassigned ones (claim one to take it), the review queue for
 * supervisors and admins, or everything the caller may see. Each row offers the quick actions the
 * user can take now.
 */
export const TaskList = () => {
  const { identity, isPending } = useGetIdentity();
  if (isPending || !identity) return <Loading />;
  const me = identity as HavenIdentity;
  return (
    <List
      filters={taskFilters(me.role)}
      filterDefaultValues={{ queue: 'mine' }}
      actions={<TaskListActions />}
      sort={{ field: 'dueOn', order: 'ASC' }}
      perPage={25}
      empty={false}
      title="haven.tasks.title"
    >
      <QueueTabs role={me.role} />
      <TaskTable />
    </List>
  );
};
