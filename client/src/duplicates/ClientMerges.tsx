import UndoIcon from '@mui/icons-material/Undo';
import {
  Alert,
  Button,
  CircularProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Confirm,
  RecordContextProvider,
  ReferenceField,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { ClientMergeEntry, ClientMergesResponse } from '@haven/shared';
import { formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { apiFetch } from '../providers/http';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { canUndo, undoUntil } from './duplicateQuery';

/**
 * The merges a client took part in (`GET /api/clients/:id/merges`, supervisors and admins), newest
 * first, each with Undo while its 30 days last: the cases go back to the duplicate.
 */
export const ClientMerges = ({ clientId }: { clientId: string }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'merge' });
  const [confirming, setConfirming] = useState<ClientMergeEntry | null>(null);
  const [busy, setBusy] = useState(false);
  const { data, isPending, error } = useQuery({
    queryKey: ['haven', 'client-merges', clientId],
    queryFn: async ({ signal }) =>
      (
        await apiFetch<ClientMergesResponse>(`/clients/${encodeURIComponent(clientId)}/merges`, {
          signal,
        })
      ).json.data,
    enabled: canAccess === true,
  });
  if (!canAccess) return null;

  const undo = async (merge: ClientMergeEntry) => {
    setBusy(true);
    try {
      await dataProvider.resourceAction('clients', `merges/${encodeURIComponent(merge.id)}/undo`, {
        method: 'POST',
      });
      notify('haven.duplicates.undone', { type: 'success' });
      refresh();
    } catch (failure) {
      // A 404 says no more than that this merge is not the caller's to undo (see MergeClientButton).
      const refused = (failure as { status?: number }).status === 404;
      notify(refused ? 'haven.duplicates.undo_refused' : errorMessage(failure), {
        type: refused ? 'warning' : 'error',
      });
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  if (isPending) return <CircularProgress size={20} />;
  if (error)
    return <Alert severity="error">{translate(error.message, { _: error.message })}</Alert>;
  const merges = data ?? [];
  return (
    <div data-testid="client-merges">
      <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>
        {translate('haven.duplicates.merges_title')}
      </Typography>
      {merges.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('haven.duplicates.no_merges')}
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('haven.duplicates.merged_at')}</TableCell>
                <TableCell>{translate('haven.duplicates.what')}</TableCell>
                <TableCell align="right">{translate('haven.duplicates.cases_moved')}</TableCell>
                <TableCell>{translate('haven.duplicates.state')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {merges.map((merge) => (
                <TableRow key={merge.id} data-testid="client-merge">
                  <TableCell>{formatInstant(merge.mergedAt, locale)}</TableCell>
                  <TableCell>
                    {merge.survivingId === clientId ? (
                      translate('haven.duplicates.merged_in', { id: merge.mergedId.slice(0, 8) })
                    ) : (
                      <>
                        {translate('haven.duplicates.merged_into')}{' '}
                        <RecordContextProvider
                          value={{ id: merge.id, survivingId: merge.survivingId }}
                        >
                          <ReferenceField source="survivingId" reference="clients" link="show" />
                        </RecordContextProvider>
                      </>
                    )}
                  </TableCell>
                  <TableCell align="right">{merge.caseIds.length}</TableCell>
                  <TableCell>
                    {merge.undoneAt
                      ? translate('haven.duplicates.undone_at', {
                          date: formatInstant(merge.undoneAt, locale),
                        })
                      : canUndo(merge)
                        ? translate('haven.duplicates.undo_until', {
                            date: formatInstant(undoUntil(merge).toISOString(), locale),
                          })
                        : translate('haven.duplicates.undo_expired')}
                  </TableCell>
                  <TableCell align="right">
                    {canUndo(merge) && (
                      <Button
                        size="small"
                        startIcon={<UndoIcon />}
                        disabled={busy}
                        onClick={() => setConfirming(merge)}
                        data-testid="merge-undo"
                      >
                        {translate('haven.duplicates.undo')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <Confirm
        isOpen={confirming !== null}
        loading={busy}
        title="haven.duplicates.undo_title"
        content="haven.duplicates.undo_content"
        contentTranslateOptions={{ smart_count: confirming?.caseIds.length ?? 0 }}
        confirm="haven.duplicates.undo"
        onConfirm={() => confirming && void undo(confirming)}
        onClose={() => setConfirming(null)}
      />
    </div>
  );
};
