import AddIcon from '@mui/icons-material/Add';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  FormControlLabel,
  Stack,
  Switch,
  Typography,
} from '@mui/material';
import type { Ground, NoteListItem } from '@haven/shared';
import { useState } from 'react';
import { useCanAccess, useGetList, useRecordContext, useTranslate } from 'react-admin';
import { enumKey } from '../common/enums';
import { ClaimSummaryButton } from './ClaimSummaryButton';
import { NoteCard } from './NoteCard';
import { NoteFormDialog } from './NoteFormDialog';
import { groupByGround } from './noteModel';

export interface CaseNotesRecord {
  id: string;
  grounds?: readonly string[] | null;
  reference?: string;
}

/**
 * The case page's "Grounds of claim" tab: the case's notes grouped by ground in the domain's order
 * (Convention grounds, military service, serious harm, other), each ground of the case shown even
 * before it has a note. Takes the case record, or reads it from the record context.
 */
export const CaseNotesTab = ({ record: given }: { record?: CaseNotesRecord }) => {
  const context = useRecordContext<CaseNotesRecord>();
  const record = given ?? context;
  const translate = useTranslate();
  const { canAccess: canWrite } = useCanAccess({ resource: 'notes', action: 'create' });
  const [showWithdrawn, setShowWithdrawn] = useState(false);
  const [creating, setCreating] = useState<{ ground: Ground | null } | null>(null);
  const {
    data = [],
    isPending,
    error,
  } = useGetList<NoteListItem>(
    'notes',
    {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'createdAt', order: 'ASC' },
      filter: { caseId: record?.id },
    },
    { enabled: Boolean(record?.id) },
  );
  if (!record) return null;

  const withdrawnCount = data.filter((note) => note.status === 'withdrawn').length;
  const shown = showWithdrawn ? data : data.filter((note) => note.status === 'active');
  const groups = groupByGround(shown, record.grounds ?? []);

  return (
    <Box sx={{ width: '100%' }} data-testid="case-notes">
      <Stack
        direction="row"
        spacing={1}
        useFlexGap
        sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 2 }}
      >
        {canWrite && (
          <Button
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setCreating({ ground: null })}
            data-testid="add-note"
          >
            {translate('haven.notes.add')}
          </Button>
        )}
        <ClaimSummaryButton caseId={record.id} reference={record.reference} />
        <Box sx={{ flex: 1 }} />
        {withdrawnCount > 0 && (
          <FormControlLabel
            control={
              <Switch
                checked={showWithdrawn}
                onChange={(event) => setShowWithdrawn(event.target.checked)}
              />
            }
            label={translate('haven.notes.show_withdrawn', { smart_count: withdrawnCount })}
          />
        )}
      </Stack>
      {error ? (
        <Alert severity="error">{translate(error.message, { _: error.message })}</Alert>
      ) : isPending ? (
        <CircularProgress size={24} />
      ) : groups.length === 0 ? (
        <Box sx={{ py: 2 }} data-testid="notes-empty">
          <Typography variant="body1">{translate('haven.notes.empty')}</Typography>
          <Typography variant="body2" color="text.secondary">
            {translate('haven.notes.empty_help')}
          </Typography>
        </Box>
      ) : (
        <Stack spacing={3}>
          {groups.map((group) => (
            <Box
              key={group.ground}
              component="section"
              data-testid="ground-section"
              data-ground={group.ground}
              aria-labelledby={`ground-${group.ground}`}
            >
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
                <Typography variant="h6" component="h3" id={`ground-${group.ground}`}>
                  {translate(enumKey('ground', group.ground))}
                </Typography>
                <Chip size="small" variant="outlined" label={group.notes.length} />
                <Box sx={{ flex: 1 }} />
                {canWrite && (
                  <Button
                    size="small"
                    startIcon={<AddIcon />}
                    onClick={() => setCreating({ ground: group.ground })}
                  >
                    {translate('haven.notes.add_for_ground')}
                  </Button>
                )}
              </Stack>
              {group.notes.length === 0 ? (
                <Typography variant="body2" color="text.secondary">
                  {translate('haven.notes.no_note_for_ground')}
                </Typography>
              ) : (
                <Stack spacing={1.5}>
                  {group.notes.map((note) => (
                    <NoteCard
                      key={note.id}
                      item={note}
                      caseId={record.id}
                      canWrite={canWrite ?? false}
                    />
                  ))}
                </Stack>
              )}
            </Box>
          ))}
        </Stack>
      )}
      {creating && (
        <NoteFormDialog
          caseId={record.id}
          ground={creating.ground}
          onClose={() => setCreating(null)}
        />
      )}
    </Box>
  );
};
