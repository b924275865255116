import {
  Alert,
  Button,
  Checkbox,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { CaseloadListItem } from '@haven/shared';
import { useState } from 'react';
import { useGetList, useTranslate } from 'react-admin';
import { useCaseworkers } from '../common/useCaseworkers';

/** Overdue work: deadlines, and tasks where the caseload counts them. */
const overdueOf = (row: CaseloadListItem) =>
  row.overdueDeadlines + (typeof row.overdueTasks === 'number' ? row.overdueTasks : 0);

/**
 * Each colleague's load (`GET /api/caseload`, counted as the supervisor's dashboard counts it), to
 * choose by: open cases, open tasks, overdue. A row picks the colleague, as the select does.
 */
const LoadTable = ({
  rows,
  names,
  choice,
  onChoose,
}: {
  rows: CaseloadListItem[];
  names: Map<string, string>;
  choice: string;
  onChoose: (userId: string) => void;
}) => {
  const translate = useTranslate();
  const shown = rows.filter((row) => names.has(row.userId));
  if (shown.length === 0) return null;
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 2 }} id="reassign-load-title">
        {translate('haven.cases.reassign_load.title')}
      </Typography>
      <Table size="small" data-testid="reassign-load" aria-labelledby="reassign-load-title">
        <TableHead>
          <TableRow>
            <TableCell>{translate('haven.cases.reassign_load.colleague')}</TableCell>
            <TableCell align="right">{translate('haven.cases.reassign_load.open_cases')}</TableCell>
            <TableCell align="right">{translate('haven.cases.reassign_load.open_tasks')}</TableCell>
            <TableCell align="right">{translate('haven.cases.reassign_load.overdue')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((row) => (
            <TableRow
              key={row.userId}
              hover
              selected={row.userId === choice}
              onClick={() => onChoose(row.userId)}
              sx={{ cursor: 'pointer' }}
              data-testid="reassign-load-row"
              data-user={row.userId}
            >
              <TableCell>{names.get(row.userId)}</TableCell>
              <TableCell align="right" data-testid="reassign-load-cases">
                {row.openCases}
              </TableCell>
              <TableCell align="right" data-testid="reassign-load-tasks">
                {row.openTasks}
              </TableCell>
              <TableCell
                align="right"
                data-testid="reassign-load-overdue"
                title={translate('haven.cases.reassign_load.overdue_detail', {
                  deadlines: row.overdueDeadlines,
                  tasks: typeof row.overdueTasks === 'number' ? row.overdueTasks : 0,
                })}
              >
                {overdueOf(row)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
};

/**
 * Picks a caseworker of the team for one case or several. Used by the case page's Reassign button
 * and the list's bulk action; the caller saves.
 */
export const ReassignDialog = ({
  open,
  teamId,
  currentAssigneeId,
  allowUnassign,
  description,
  tasksToMove,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  open: boolean;
  teamId: string | null;
  currentAssigneeId?: string | null;
  allowUnassign?: boolean;
  description?: string;
  /**
   * The current caseworker's open tasks that would follow the case: a number for one case, `many`
   * for several cases (each with its own caseworker), undefined when nothing would move.
   */
  tasksToMove?: number | 'many';
  busy?: boolean;
  error?: string | null;
  onClose: () => void;
  onConfirm: (assigneeId: string | null, moveTasks: boolean) => void;
}) => {
  const translate = useTranslate();
  const { data: caseworkers = [], isPending } = useCaseworkers(teamId, open);
  const load = useGetList<CaseloadListItem>(
    'caseload',
    {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'fullName', order: 'ASC' },
      filter: { teamId: teamId ?? undefined },
    },
    { enabled: open && Boolean(teamId) },
  );
  const loadOf = new Map((load.data ?? []).map((row) => [row.userId, row]));
  const names = new Map(caseworkers.map((user) => [user.id, user.fullName]));
  const [choice, setChoice] = useState<string>('');
  // On by default: work left with someone who no longer has the case is work nobody sees.
  const [moveTasks, setMoveTasks] = useState(true);
  const unchanged = (choice || null) === (currentAssigneeId ?? null);
  const canSave = !busy && (choice !== '' || allowUnassign) && !unchanged;

  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="reassign-title" fullWidth maxWidth="sm">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (canSave) onConfirm(choice || null, moveTasks);
        }}
      >
        <DialogTitle id="reassign-title">{translate('haven.cases.reassign_title')}</DialogTitle>
        <DialogContent>
          {description && <DialogContentText sx={{ mb: 2 }}>{description}</DialogContentText>}
          {!teamId ? (
            <Alert severity="info">{translate('haven.cases.reassign_one_team')}</Alert>
          ) : isPending ? (
            <CircularProgress size={24} />
          ) : (
            <TextField
              select
              autoFocus
              fullWidth
              id="reassign-assignee"
              name="assignedToId"
              label={translate('haven.cases.reassign_to')}
              value={choice}
              onChange={(event) => setChoice(event.target.value)}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              helperText={translate('haven.cases.reassign_help')}
            >
              <option value="">
                {translate(allowUnassign ? 'haven.cases.unassigned' : 'haven.form.choose')}
              </option>
              {caseworkers.map((user) => {
                const row = loadOf.get(user.id);
                return (
                  <option key={user.id} value={user.id}>
                    {row
                      ? translate('haven.cases.reassign_load.option', {
                          name: user.fullName,
                          cases: row.openCases,
                          tasks: row.openTasks,
                          overdue: overdueOf(row),
                        })
                      : user.fullName}
                    {user.id === currentAssigneeId ? ` (${translate('haven.cases.current')})` : ''}
                  </option>
                );
              })}
            </TextField>
          )}
          {teamId && !isPending && load.data && (
            <LoadTable rows={load.data} names={names} choice={choice} onChoose={setChoice} />
          )}
          {teamId && load.error && (
            <Alert severity="warning" sx={{ mt: 2 }}>
              {translate('haven.cases.reassign_load.unavailable')}
            </Alert>
          )}
          {tasksToMove !== undefined && tasksToMove !== 0 && (
            <FormControlLabel
              sx={{ mt: 1 }}
              control={
                <Checkbox
                  checked={moveTasks}
                  onChange={(event) => setMoveTasks(event.target.checked)}
                  slotProps={{ input: { 'data-testid': 'reassign-move-tasks' } as object }}
                />
              }
              label={
                tasksToMove === 'many'
                  ? translate('haven.cases.move_tasks_many')
                  : translate('haven.cases.move_tasks', { count: tasksToMove })
              }
            />
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }} role="alert">
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={!canSave || !teamId}>
            {translate('haven.cases.reassign')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
