import ChatBubbleOutlinedIcon from '@mui/icons-material/ChatBubbleOutlined';
import EditIcon from '@mui/icons-material/Edit';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import HistoryIcon from '@mui/icons-material/History';
import RestoreIcon from '@mui/icons-material/Restore';
import RemoveCircleOutlinedIcon from '@mui/icons-material/RemoveCircleOutlined';
import RateReviewOutlinedIcon from '@mui/icons-material/RateReviewOutlined';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  Chip,
  CircularProgress,
  Collapse,
  Divider,
  IconButton,
  Stack,
  Tooltip,
  Typography,
} from '@mui/material';
import type {
  NoteListItem,
  NoteResponse,
  RequestNoteReviewBody,
  TaskResponse,
} from '@haven/shared';
import { useState } from 'react';
import {
  Confirm,
  RecordContextProvider,
  ReferenceField,
  TextField as RaTextField,
  useDataProvider,
  useGetOne,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { EvidenceTable } from './EvidenceTable';
import { MarkdownView } from './MarkdownView';
import { NoteComments } from './NoteComments';
import { NoteFormDialog } from './NoteFormDialog';
import { NoteHistoryDialog } from './NoteHistoryDialog';
import { STRENGTH_COLOR } from './noteModel';

export const StrengthChip = ({ strength }: { strength: NoteListItem['strength'] }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={STRENGTH_COLOR[strength]}
      variant={strength === 'unassessed' ? 'outlined' : 'filled'}
      label={translate(`haven.notes.strength.${strength}`)}
      data-testid="note-strength"
      data-strength={strength}
    />
  );
};

/** The full note (body, evidence): the list gives neither. Reading one is an audited read. */
function useFullNote(id: string, enabled: boolean) {
  const result = useGetOne<NoteResponse>('notes', { id }, { enabled });
  // The list's rows seed react-admin's cache without a body: wait for the real read.
  const note = result.data && typeof result.data.body === 'string' ? result.data : undefined;
  return { ...result, note };
}

/**
 * One grounds-of-claim note: title, strength, the text and the evidence inventory, with its
 * review comments, history, edit and withdrawal. Active notes open expanded; withdrawn ones
 * collapsed (they no longer count in the claim summary).
 */
export const NoteCard = ({
  item,
  caseId,
  canWrite,
}: {
  item: NoteListItem;
  caseId: string;
  canWrite: boolean;
}) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const withdrawn = item.status === 'withdrawn';
  const [expanded, setExpanded] = useState(!withdrawn);
  const [dialog, setDialog] = useState<'edit' | 'history' | 'withdraw' | null>(null);
  const [showComments, setShowComments] = useState(item.commentCount > 0);
  const [busy, setBusy] = useState(false);
  const { note, isPending, error } = useFullNote(item.id, expanded || dialog !== null);

  /** A review task for this note, in the review queue (`POST /api/tasks/note-review`). */
  const requestReview = async () => {
    setBusy(true);
    try {
      await dataProvider.resourceAction<TaskResponse>('tasks', 'note-review', {
        method: 'POST',
        body: { noteId: item.id } satisfies RequestNoteReviewBody,
      });
      notify('haven.tasks.note_review.requested', { type: 'success' });
      refresh();
    } catch (failure) {
      notify(errorMessage(failure), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const setStatus = async (status: 'active' | 'withdrawn') => {
    setBusy(true);
    try {
      await dataProvider.update('notes', {
        id: item.id,
        data: { status },
        previousData: note ?? item,
      });
      notify(
        status === 'withdrawn' ? 'haven.notes.withdrawn_done' : 'haven.notes.reinstated_done',
        {
          type: 'success',
        },
      );
      refresh();
    } catch (failure) {
      notify(errorMessage(failure), { type: 'error' });
    } finally {
      setBusy(false);
      setDialog(null);
    }
  };

  return (
    <Card
      variant="outlined"
      sx={{ opacity: withdrawn ? 0.75 : 1 }}
      data-testid="note-card"
      data-note-id={item.id}
      data-status={item.status}
    >
      <CardContent sx={{ pb: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography
              variant="subtitle1"
              component="h4"
              sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}
              data-testid="note-title"
            >
              {item.title}
            </Typography>
            <Stack
              direction="row"
              spacing={1}
              useFlexGap
              sx={{ alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}
            >
              <StrengthChip strength={item.strength} />
              {withdrawn && <Chip size="small" label={translate('haven.notes.status.withdrawn')} />}
              <Typography
                variant="caption"
                color="text.secondary"
                data-testid="note-evidence-count"
              >
                {translate('haven.notes.evidence_count', { smart_count: item.evidenceCount })}
              </Typography>
              <Typography variant="caption" color="text.secondary" data-testid="note-comment-count">
                {translate('haven.notes.comment_count', { smart_count: item.commentCount })}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                <RecordContextProvider value={item}>
                  <ReferenceField source="authorId" reference="users" link={false}>
                    <RaTextField source="fullName" variant="caption" />
                  </ReferenceField>
                </RecordContextProvider>
                {' · '}
                {translate('haven.notes.updated_at', {
                  date: formatInstant(item.updatedAt, locale),
                })}
              </Typography>
            </Stack>
          </Box>
          <Tooltip title={translate(expanded ? 'haven.notes.collapse' : 'haven.notes.expand')}>
            <IconButton
              aria-expanded={expanded}
              aria-label={translate(expanded ? 'haven.notes.collapse' : 'haven.notes.expand')}
              onClick={() => setExpanded((value) => !value)}
              data-testid="note-toggle"
            >
              {expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            </IconButton>
          </Tooltip>
        </Stack>
        <Collapse in={expanded} unmountOnExit>
          <Box sx={{ mt: 1.5 }}>
            {error ? (
              <Alert severity="error">{translate(error.message, { _: error.message })}</Alert>
            ) : isPending || !note ? (
              <CircularProgress size={20} />
            ) : (
              <Stack spacing={2}>
                {note.body.trim() ? (
                  <MarkdownView source={note.body} testId="note-body" />
                ) : (
                  <Typography variant="body2" color="text.secondary">
                    {translate('haven.notes.no_body')}
                  </Typography>
                )}
                <Box>
                  <Typography variant="subtitle2" component="h5" sx={{ mb: 0.5 }}>
                    {translate('haven.notes.evidence')}
                  </Typography>
                  <EvidenceTable evidence={note.evidence} />
                </Box>
              </Stack>
            )}
          </Box>
        </Collapse>
        <Collapse in={showComments} unmountOnExit>
          <Divider sx={{ my: 1.5 }} />
          <NoteComments noteId={item.id} />
        </Collapse>
      </CardContent>
      <CardActions sx={{ flexWrap: 'wrap', gap: 0.5 }}>
        {canWrite && !withdrawn && (
          <Button
            size="small"
            startIcon={<EditIcon />}
            onClick={() => setDialog('edit')}
            data-testid="note-edit"
          >
            {translate('ra.action.edit')}
          </Button>
        )}
        <Button
          size="small"
          startIcon={<HistoryIcon />}
          onClick={() => setDialog('history')}
          data-testid="note-history"
        >
          {translate('haven.notes.history.open')}
        </Button>
        <Button
          size="small"
          startIcon={<ChatBubbleOutlinedIcon />}
          onClick={() => setShowComments((value) => !value)}
          aria-expanded={showComments}
          data-testid="note-comments-toggle"
        >
          {translate('haven.notes.comments_button', { smart_count: item.commentCount })}
        </Button>
        {canWrite && !withdrawn && (
          <Button
            size="small"
            startIcon={<RateReviewOutlinedIcon />}
            disabled={busy}
            onClick={() => void requestReview()}
            data-testid="note-request-review"
          >
            {translate('haven.tasks.note_review.request')}
          </Button>
        )}
        <Box sx={{ flex: 1 }} />
        {canWrite &&
          (withdrawn ? (
            <Button
              size="small"
              startIcon={<RestoreIcon />}
              disabled={busy}
              onClick={() => void setStatus('active')}
              data-testid="note-reinstate"
            >
              {translate('haven.notes.reinstate')}
            </Button>
          ) : (
            <Button
              size="small"
              color="warning"
              startIcon={<RemoveCircleOutlinedIcon />}
              onClick={() => setDialog('withdraw')}
              data-testid="note-withdraw"
            >
              {translate('haven.notes.withdraw')}
            </Button>
          ))}
      </CardActions>
      {(dialog === 'edit' || dialog === 'history') && !note && (
        <Box sx={{ px: 2, pb: 2 }}>
          <CircularProgress size={20} />
        </Box>
      )}
      {dialog === 'edit' && note && (
        <NoteFormDialog caseId={caseId} note={note} onClose={() => setDialog(null)} />
      )}
      {dialog === 'history' && note && (
        <NoteHistoryDialog note={note} onClose={() => setDialog(null)} />
      )}
      <Confirm
        isOpen={dialog === 'withdraw'}
        loading={busy}
        title="haven.notes.withdraw_title"
        content="haven.notes.withdraw_content"
        titleTranslateOptions={{ title: item.title }}
        confirm="haven.notes.withdraw"
        confirmColor="warning"
        onConfirm={() => void setStatus('withdrawn')}
        onClose={() => setDialog(null)}
      />
    </Card>
  );
};
