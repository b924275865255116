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
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { useCaseworkers } from '../common/useCaseworkers';

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
  const [choice, setChoice] = useState<string>('');
  // On by default: work left with someone who no longer has the case is work nobody sees.
  const [moveTasks, setMoveTasks] = useState(true);
  const unchanged = (choice || null) === (currentAssigneeId ?? null);
  const canSave = !busy && (choice !== '' || allowUnassign) && !unchanged;

  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="reassign-title" fullWidth maxWidth="xs">
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
              {caseworkers.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.fullName}
                  {user.id === currentAssigneeId ? ` (${translate('haven.cases.current')})` : ''}
                </option>
              ))}
            </TextField>
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
