import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import type { NoteComment } from '@haven/shared';
import { useState } from 'react';
import {
  RecordContextProvider,
  ReferenceField,
  TextField as RaTextField,
  useCanAccess,
  useDataProvider,
  useGetList,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';

const COMMENT_MAX = 10_000;

/**
 * A note's review comments, oldest first. Supervisors and admins (`notes.review`) write them; the
 * author and everyone else who may read the note sees them. Shown as plain text, never as markup.
 */
export const NoteComments = ({ noteId }: { noteId: string }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { canAccess: canReview } = useCanAccess({ resource: 'notes', action: 'review' });
  const {
    data = [],
    isPending,
    error,
  } = useGetList<NoteComment>(`notes/${noteId}/comments`, {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'createdAt', order: 'ASC' },
  });
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const send = async () => {
    const body = text.trim();
    if (!body) {
      setFailure(translate('ra.validation.required'));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await dataProvider.recordAction('notes', noteId, 'comments', {
        method: 'POST',
        body: { body },
      });
      setText('');
      notify('haven.notes.comment_added', { type: 'success' });
      refresh();
    } catch (failed) {
      const message = errorMessage(failed);
      setFailure(translate(message, { _: message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box data-testid="note-comments">
      <Typography variant="subtitle2" component="h4" sx={{ mb: 1 }}>
        {translate('haven.notes.comments_title')}
      </Typography>
      {error ? (
        <Alert severity="error">{translate(error.message, { _: error.message })}</Alert>
      ) : !isPending && data.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('haven.notes.no_comments')}
        </Typography>
      ) : (
        <Stack spacing={1}>
          {data.map((comment) => (
            <Box
              key={comment.id}
              sx={{ borderLeft: 3, borderColor: 'info.main', pl: 1.5 }}
              data-testid="note-comment"
            >
              <Typography variant="caption" color="text.secondary" component="div">
                <RecordContextProvider value={comment}>
                  <ReferenceField source="authorId" reference="users" link={false}>
                    <RaTextField source="fullName" variant="caption" />
                  </ReferenceField>
                </RecordContextProvider>
                {' · '}
                {formatInstant(comment.createdAt, locale)}
              </Typography>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {comment.body}
              </Typography>
            </Box>
          ))}
        </Stack>
      )}
      {canReview && (
        <Box
          component="form"
          noValidate
          sx={{ mt: 1.5 }}
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <TextField
            id={`comment-${noteId}`}
            name="comment"
            label={translate('haven.notes.comment_label')}
            helperText={failure ?? translate('haven.notes.comment_help')}
            error={Boolean(failure)}
            value={text}
            onChange={(event) => setText(event.target.value)}
            multiline
            minRows={2}
            fullWidth
            slotProps={{ htmlInput: { maxLength: COMMENT_MAX } }}
          />
          <Button
            type="submit"
            variant="outlined"
            sx={{ mt: 1 }}
            disabled={busy}
            data-testid="add-comment"
          >
            {translate('haven.notes.add_comment')}
          </Button>
        </Box>
      )}
    </Box>
  );
};
