import AddIcon from '@mui/icons-material/Add';
import { Box, FormControlLabel, Stack, Switch } from '@mui/material';
import { useState } from 'react';
import {
  Pagination,
  ReferenceManyField,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { LabelledButton } from '../common/LabelledButton';
import { CreateTaskDialog } from './CreateTaskDialog';
import { TaskTable } from './TaskList';

export interface CaseTasksRecord {
  id: string;
  teamId?: string | null;
}

const OPEN_STATUSES = ['open', 'in_progress', 'in_review'];

/**
 * The case page's Tasks tab: the case's tasks with the same quick actions as the task list, and a
 * new task for this case. Done tasks are hidden until asked for.
 */
export const CaseTasksTab = ({ record: given }: { record?: CaseTasksRecord }) => {
  const context = useRecordContext<CaseTasksRecord>();
  const record = given ?? context;
  const translate = useTranslate();
  const { canAccess: canCreate } = useCanAccess({ resource: 'tasks', action: 'create' });
  const [creating, setCreating] = useState(false);
  const [showDone, setShowDone] = useState(false);
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }} data-testid="case-tasks">
      <Stack
        direction="row"
        spacing={1}
        useFlexGap
        sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}
      >
        {canCreate && (
          <LabelledButton
            label="haven.tasks.new"
            variant="contained"
            onClick={() => setCreating(true)}
            data-testid="case-task-new"
          >
            <AddIcon />
          </LabelledButton>
        )}
        <Box sx={{ flex: 1 }} />
        <FormControlLabel
          control={
            <Switch checked={showDone} onChange={(event) => setShowDone(event.target.checked)} />
          }
          label={translate('haven.tasks.show_done')}
        />
      </Stack>
      <ReferenceManyField
        reference="tasks"
        target="caseId"
        record={record}
        filter={showDone ? {} : { status: OPEN_STATUSES }}
        sort={{ field: 'dueOn', order: 'ASC' }}
        perPage={25}
        pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
      >
        <TaskTable showCase={false} />
      </ReferenceManyField>
      {creating && (
        <CreateTaskDialog
          caseId={record.id}
          teamId={record.teamId}
          onClose={() => setCreating(false)}
        />
      )}
    </Box>
  );
};
