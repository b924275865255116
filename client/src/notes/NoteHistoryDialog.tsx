import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItemButton,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import type { NoteResponse, NoteRevision } from '@haven/shared';
import { useMemo, useState } from 'react';
import {
  RecordContextProvider,
  ReferenceField,
  TextField as RaTextField,
  useGetList,
  useTranslate,
} from 'react-admin';
import { formatInstant } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import { useIsSmall } from '../layout/useIsSmall';
import { DiffView } from './DiffView';
import { diffCounts, evidenceText, sideBySide, type EvidenceLabels } from './revisionDiff';

/** A field that changed between the revision and now, as "before → after". */
const Change = ({ label, before, after }: { label: string; before: string; after: string }) => (
  <Typography variant="body2" data-testid="revision-change">
    <strong>{label}:</strong>{' '}
    <Box component="del" sx={{ bgcolor: 'rgba(211, 47, 47, 0.15)', px: 0.5 }}>
      {before}
    </Box>{' '}
    →{' '}
    <Box
      component="ins"
      sx={{ bgcolor: 'rgba(46, 125, 50, 0.15)', px: 0.5, textDecoration: 'none' }}
    >
      {after}
    </Box>
  </Typography>
);

const Comparison = ({ revision, note }: { revision: NoteRevision; note: NoteResponse }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const labels: EvidenceLabels = {
    kind: (kind) => translate(`haven.notes.evidence_kind.${kind}`, { _: kind }),
    original: translate('haven.notes.evidence_flags.original'),
    translated: translate('haven.notes.evidence_flags.translated'),
  };
  const body = useMemo(() => sideBySide(revision.body, note.body), [revision.body, note.body]);
  const evidence = sideBySide(
    evidenceText(revision.evidence, labels),
    evidenceText(note.evidence, labels),
  );
  const counts = diffCounts(body);
  const leftTitle = translate('haven.notes.history.version_at', {
    version: revision.version,
    date: formatInstant(revision.editedAt, locale),
  });
  const rightTitle = translate('haven.notes.history.current', { version: note.version });
  const changes: { label: string; before: string; after: string }[] = [];
  if (revision.title !== note.title) {
    changes.push({
      label: translate('haven.notes.fields.title'),
      before: revision.title,
      after: note.title,
    });
  }
  if (revision.ground !== note.ground) {
    changes.push({
      label: translate('haven.notes.fields.ground'),
      before: translate(enumKey('ground', revision.ground)),
      after: translate(enumKey('ground', note.ground)),
    });
  }
  if (revision.strength !== note.strength) {
    changes.push({
      label: translate('haven.notes.fields.strength'),
      before: translate(`haven.notes.strength.${revision.strength}`),
      after: translate(`haven.notes.strength.${note.strength}`),
    });
  }
  if (revision.status !== note.status) {
    changes.push({
      label: translate('haven.notes.fields.status'),
      before: translate(`haven.notes.status.${revision.status}`),
      after: translate(`haven.notes.status.${note.status}`),
    });
  }

  return (
    <Stack spacing={2} data-testid="revision-comparison">
      {changes.length > 0 ? (
        <Stack spacing={0.5}>
          {changes.map((change) => (
            <Change key={change.label} {...change} />
          ))}
        </Stack>
      ) : null}
      <Box>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 0.5 }}>
          <Typography variant="subtitle2" component="h3">
            {translate('haven.notes.fields.body')}
          </Typography>
          <Typography variant="caption" color="text.secondary" data-testid="revision-counts">
            {counts.added + counts.removed === 0
              ? translate('haven.notes.diff.no_changes')
              : translate('haven.notes.diff.counts', counts)}
          </Typography>
        </Stack>
        <DiffView rows={body} leftTitle={leftTitle} rightTitle={rightTitle} testId="body-diff" />
      </Box>
      <Box>
        <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
          {translate('haven.notes.evidence')}
        </Typography>
        <DiffView
          rows={evidence}
          leftTitle={leftTitle}
          rightTitle={rightTitle}
          testId="evidence-diff"
        />
      </Box>
    </Stack>
  );
};

/**
 * The note's earlier versions (newest first, `GET /api/notes/:id/revisions`, an audited read): pick
 * one to compare it with the current text side by side.
 */
export const NoteHistoryDialog = ({
  note,
  onClose,
}: {
  note: NoteResponse;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const isSmall = useIsSmall();
  const {
    data = [],
    isPending,
    error,
  } = useGetList<NoteRevision>(`notes/${note.id}/revisions`, {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'version', order: 'DESC' },
  });
  const [chosenId, setChosenId] = useState<string | null>(null);
  const chosen = data.find((revision) => revision.id === chosenId) ?? data[0];

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="xl"
      fullScreen={isSmall}
      aria-labelledby="note-history-title"
    >
      <DialogTitle id="note-history-title">
        {translate('haven.notes.history.title', { title: note.title })}
      </DialogTitle>
      <DialogContent dividers>
        {isPending ? (
          <CircularProgress size={24} />
        ) : error ? (
          <Alert severity="error">{translate(error.message, { _: error.message })}</Alert>
        ) : data.length === 0 ? (
          <Typography color="text.secondary" data-testid="history-empty">
            {translate('haven.notes.history.empty')}
          </Typography>
        ) : (
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
            <Box sx={{ width: { md: 260 }, flexShrink: 0 }}>
              <Typography variant="subtitle2" component="h3">
                {translate('haven.notes.history.versions')}
              </Typography>
              <List dense data-testid="revision-list">
                {data.map((revision) => (
                  <ListItemButton
                    key={revision.id}
                    selected={revision.id === chosen?.id}
                    onClick={() => setChosenId(revision.id)}
                    data-testid="revision-item"
                  >
                    <ListItemText
                      primary={translate('haven.notes.history.version', {
                        version: revision.version,
                      })}
                      secondary={
                        <>
                          {formatInstant(revision.editedAt, locale)}
                          <br />
                          {revision.title}
                          {revision.editedById && (
                            <>
                              <br />
                              {translate('haven.notes.history.replaced_by')}{' '}
                              <RecordContextProvider value={revision}>
                                <ReferenceField source="editedById" reference="users" link={false}>
                                  <RaTextField source="fullName" variant="caption" />
                                </ReferenceField>
                              </RecordContextProvider>
                            </>
                          )}
                        </>
                      }
                      slotProps={{ secondary: { component: 'div' } }}
                    />
                  </ListItemButton>
                ))}
              </List>
            </Box>
            <Box sx={{ flex: 1, minWidth: 0 }}>
              {chosen && <Comparison revision={chosen} note={note} />}
            </Box>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
};
