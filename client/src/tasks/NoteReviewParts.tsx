import RateReviewOutlinedIcon from '@mui/icons-material/RateReviewOutlined';
import { Alert, Box, Button, Chip, Stack, Typography } from '@mui/material';
import type { TaskResponse } from '@haven/shared';
import { useMemo, useState } from 'react';
import {
  Link,
  useCloseNotification,
  useDataProvider,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { errorMessage } from '../common/errorMessage';
import type { HavenDataProvider } from '../providers/dataProvider';
import { DiffView } from '../notes/DiffView';
import { diffCounts, sideBySide } from '../notes/revisionDiff';
import { notePreview } from './taskActions';

/** Where a note is read: its case's Grounds of claim tab. */
const notePath = (caseId: string) => `/cases/${caseId}/show/grounds`;

/** The kind of a task, marked when it is not plain work (a note review). */
export const TaskKindChip = ({ task }: { task: Pick<TaskResponse, 'kind'> }) => {
  const translate = useTranslate();
  if (task.kind !== 'note_review') return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color="secondary"
      icon={<RateReviewOutlinedIcon />}
      label={translate('haven.tasks.kind.note_review')}
      data-testid="task-kind"
      data-kind={task.kind}
    />
  );
};

/**
 * A note review's preview in a queue row: the note's first lines, and how many lines changed since
 * the version approved last (or that it is the first review).
 */
export const NoteReviewPreview = ({ task }: { task: TaskResponse }) => {
  const translate = useTranslate();
  const review = task.noteReview;
  const counts = useMemo(
    () =>
      review?.lastApproved
        ? diffCounts(sideBySide(review.lastApproved.body, review.current.body))
        : null,
    [review],
  );
  if (!review) return null;
  const preview = notePreview(review.current.body);
  return (
    <Stack spacing={0.25} data-testid="task-note-preview">
      {review.current.title !== task.title && (
        <Typography variant="caption" sx={{ fontWeight: 600 }}>
          {review.current.title}
        </Typography>
      )}
      {preview && (
        <Typography
          variant="caption"
          color="text.secondary"
          sx={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}
        >
          {preview}
        </Typography>
      )}
      <Typography variant="caption" color="text.secondary" data-testid="task-note-change-count">
        {counts === null
          ? translate('haven.tasks.note_review.first_review')
          : counts.added + counts.removed === 0 &&
              review.lastApproved?.title === review.current.title
            ? translate('haven.tasks.note_review.no_changes')
            : translate('haven.notes.diff.counts', counts)}
      </Typography>
    </Stack>
  );
};

/** What changed in the note since the version approved last: side by side, as the note's history. */
export const NoteReviewChanges = ({ task }: { task: TaskResponse }) => {
  const translate = useTranslate();
  const review = task.noteReview;
  const rows = useMemo(
    () => (review?.lastApproved ? sideBySide(review.lastApproved.body, review.current.body) : []),
    [review],
  );
  if (!review) return null;
  const { lastApproved, current } = review;
  return (
    <Box data-testid="task-note-changes" sx={{ mt: 1 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography variant="subtitle2" component="h4">
          {translate('haven.tasks.note_review.changes')}
        </Typography>
        {task.caseId && (
          <Link to={notePath(task.caseId)} variant="body2">
            {translate('haven.tasks.note_review.open_note')}
          </Link>
        )}
      </Stack>
      {!lastApproved ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {translate('haven.tasks.note_review.first_review')}
        </Typography>
      ) : (
        <Stack spacing={1} sx={{ mt: 0.5 }}>
          {lastApproved.title !== current.title && (
            <Typography variant="body2" data-testid="task-note-title-change">
              {translate('haven.tasks.note_review.title_changed', {
                before: lastApproved.title,
              })}
            </Typography>
          )}
          {lastApproved.version === current.version ? (
            <Typography variant="body2" color="text.secondary">
              {translate('haven.tasks.note_review.no_changes')}
            </Typography>
          ) : (
            <DiffView
              rows={rows}
              leftTitle={translate('haven.tasks.note_review.approved_version', {
                version: lastApproved.version,
              })}
              rightTitle={translate('haven.tasks.note_review.current_version', {
                version: current.version,
              })}
              testId="task-note-diff"
            />
          )}
        </Stack>
      )}
    </Box>
  );
};

/** `POST /api/tasks/:id/undo-approve`, with its success message; refusals come back translated. */
export function useUndoApprove() {
  const dataProvider = useDataProvider<HavenDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  return async (task: Pick<TaskResponse, 'id' | 'title'>) => {
    try {
      await dataProvider.recordAction('tasks', task.id, 'undo-approve', { method: 'POST' });
      notify('haven.tasks.done.undo_approve', {
        type: 'info',
        messageArgs: { title: task.title },
      });
    } catch (failure) {
      notify(errorMessage(failure), { type: 'error' });
    } finally {
      refresh();
    }
  };
}

/** The snackbar after an approval: what was approved, and "Undo" while the approver still may. */
export const UndoApproveNotice = ({ task }: { task: Pick<TaskResponse, 'id' | 'title'> }) => {
  const translate = useTranslate();
  const close = useCloseNotification();
  const undo = useUndoApprove();
  const [busy, setBusy] = useState(false);
  return (
    <Alert
      severity="success"
      variant="filled"
      data-testid="task-approved-notice"
      action={
        <Button
          color="inherit"
          size="small"
          disabled={busy}
          data-testid="task-undo-approve-snack"
          onClick={() => {
            setBusy(true);
            void undo(task).finally(() => close());
          }}
        >
          {translate('haven.tasks.undo')}
        </Button>
      }
    >
      {translate('haven.tasks.done.approve', { title: task.title })}
    </Alert>
  );
};
