import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import DoneIcon from '@mui/icons-material/Done';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import ReplayIcon from '@mui/icons-material/Replay';
import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import {
  Alert,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  TextField,
} from '@mui/material';
import type { TaskResponse, UserResponse } from '@haven/shared';
import { useState, type ComponentType } from 'react';
import {
  useDataProvider,
  useGetIdentity,
  useGetList,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { HavenIdentity } from '../providers/authProvider';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { mayAssign, mayUndoApprove, quickActions, type QuickAction } from './taskActions';
import { UndoApproveNotice, useUndoApprove } from './NoteReviewParts';

const ICONS: Record<QuickAction, ComponentType> = {
  claim: HowToRegIcon,
  start: PlayArrowIcon,
  'submit-review': SendIcon,
  approve: DoneAllIcon,
  return: UndoIcon,
  complete: DoneIcon,
  reopen: ReplayIcon,
};

/** The message keys use underscores: `submit-review` → `submit_review`. */
export const actionKey = (action: string) => action.replace(/-/g, '_');

const RETURN_MAX = 2000;

/** The reviewer says what to change; the assignee sees it on the task. */
const ReturnDialog = ({
  busy,
  error,
  onClose,
  onConfirm,
}: {
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: (comment: string) => void;
}) => {
  const translate = useTranslate();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="task-return-title">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!comment.trim()) {
            setMissing(true);
            return;
          }
          onConfirm(comment.trim());
        }}
      >
        <DialogTitle id="task-return-title">{translate('haven.tasks.return_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {translate('haven.tasks.return_help')}
          </DialogContentText>
          <TextField
            autoFocus
            required
            fullWidth
            multiline
            minRows={3}
            id="task-return-comment"
            name="comment"
            label={translate('haven.tasks.return_comment')}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            error={missing}
            helperText={missing ? translate('ra.validation.required') : undefined}
            slotProps={{ htmlInput: { maxLength: RETURN_MAX } }}
          />
          {error && (
            <Alert severity="error" role="alert" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={busy}
            data-testid="task-return-confirm"
          >
            {translate('haven.tasks.actions.return')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/** Members of the task's team who may hold it: active caseworkers and supervisors. */
const AssignDialog = ({
  task,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  task: TaskResponse;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: (assigneeId: string) => void;
}) => {
  const translate = useTranslate();
  const { data: members = [], isPending } = useGetList<UserResponse>('users', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'fullName', order: 'ASC' },
    filter: { teamId: task.teamId, active: true, role: ['caseworker', 'supervisor'] },
  });
  const [choice, setChoice] = useState('');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="task-assign-title">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (choice) onConfirm(choice);
        }}
      >
        <DialogTitle id="task-assign-title">{translate('haven.tasks.assign_title')}</DialogTitle>
        <DialogContent>
          {isPending ? (
            <CircularProgress size={24} />
          ) : (
            <TextField
              select
              autoFocus
              fullWidth
              id="task-assignee"
              name="assigneeId"
              label={translate('haven.tasks.assignee')}
              value={choice}
              onChange={(event) => setChoice(event.target.value)}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              sx={{ mt: 1 }}
            >
              <option value="">{translate('haven.tasks.choose')}</option>
              {members.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.fullName}
                  {user.id === task.assigneeId ? ` (${translate('haven.tasks.current')})` : ''}
                </option>
              ))}
            </TextField>
          )}
          {error && (
            <Alert severity="error" role="alert" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={busy || !choice || choice === task.assigneeId}
          >
            {translate('haven.tasks.actions.assign')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/**
 * The quick actions of one task (a row of the task list or of a case's Tasks tab): only those the
 * transition table allows this user now. A refusal shows the server's reason.
 */
export const TaskActionButtons = ({ task: given }: { task?: TaskResponse; label?: string }) => {
  const context = useRecordContext<TaskResponse>();
  const task = given ?? context;
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { identity } = useGetIdentity();
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<'return' | 'assign' | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const undoApprove = useUndoApprove();
  if (!task || !identity) return null;
  const me = identity as HavenIdentity;
  const actor = { id: me.id, role: me.role };
  const actions = quickActions(task, actor);
  const canAssign = mayAssign(task, actor);
  const canUndo = mayUndoApprove(task, actor, Date.now());

  const run = async (action: QuickAction | 'assign', body?: unknown) => {
    setBusy(true);
    setDialogError(null);
    try {
      await dataProvider.recordAction('tasks', task.id, action, { method: 'POST', body });
      if (action === 'approve')
        // An approval can be undone for a short while: the snackbar offers it.
        notify(<UndoApproveNotice task={task} />, { autoHideDuration: 15_000 });
      else
        notify(`haven.tasks.done.${actionKey(action)}`, {
          type: 'success',
          messageArgs: { title: task.title },
        });
      setDialog(null);
      refresh();
    } catch (failure) {
      const message = errorMessage(failure);
      if (dialog) setDialogError(translate(message, { _: message }));
      else notify(message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  if (actions.length === 0 && !canAssign && !canUndo) return null;
  return (
    // Clicks here must not open or expand the row.
    <Stack
      direction="row"
      spacing={0.5}
      useFlexGap
      sx={{ flexWrap: 'wrap' }}
      onClick={(event) => event.stopPropagation()}
      data-testid="task-actions"
    >
      {actions.map((action) => {
        const Icon = ICONS[action];
        return (
          <Button
            key={action}
            size="small"
            variant={action === 'approve' || action === 'claim' ? 'contained' : 'outlined'}
            startIcon={<Icon />}
            disabled={busy}
            onClick={() => (action === 'return' ? setDialog('return') : void run(action))}
            data-testid={`task-action-${action}`}
          >
            {translate(`haven.tasks.actions.${actionKey(action)}`)}
          </Button>
        );
      })}
      {canUndo && (
        <Button
          size="small"
          startIcon={<UndoIcon />}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void undoApprove(task).finally(() => setBusy(false));
          }}
          data-testid="task-action-undo-approve"
        >
          {translate('haven.tasks.actions.undo_approve')}
        </Button>
      )}
      {canAssign && (
        <Button
          size="small"
          startIcon={<AssignmentIndIcon />}
          disabled={busy}
          onClick={() => setDialog('assign')}
          data-testid="task-action-assign"
        >
          {translate('haven.tasks.actions.assign_more')}
        </Button>
      )}
      {dialog === 'return' && (
        <ReturnDialog
          busy={busy}
          error={dialogError}
          onClose={() => setDialog(null)}
          onConfirm={(comment) => void run('return', { comment })}
        />
      )}
      {dialog === 'assign' && (
        <AssignDialog
          task={task}
          busy={busy}
          error={dialogError}
          onClose={() => setDialog(null)}
          onConfirm={(assigneeId) => void run('assign', { assigneeId })}
        />
      )}
    </Stack>
  );
};
