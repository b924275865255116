import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import type { CaseListItem } from '@haven/shared';
import { useState } from 'react';
import {
  Button,
  useDataProvider,
  useListContext,
  useNotify,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import type { HavenDataProvider } from '../providers/dataProvider';
import { ReassignDialog } from './ReassignDialog';
import { errorMessage } from '../common/errorMessage';

/** Bulk action of the case list: `POST /api/cases/reassign`, all or nothing (supervisors, admins). */
export const BulkReassignButton = () => {
  const { selectedIds, data = [] } = useListContext<CaseListItem>();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('cases');
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A caseworker can take cases of their own team only: offer the team when the cases share one.
  const teams = new Set(
    data.filter((record) => selectedIds.includes(record.id)).map((record) => record.teamId),
  );
  const teamId = teams.size === 1 ? [...teams][0] : null;

  const confirm = async (assignedToId: string | null, moveTasks: boolean) => {
    if (!assignedToId) return;
    setBusy(true);
    setError(null);
    try {
      await dataProvider.resourceAction('cases', 'reassign', {
        method: 'POST',
        body: { caseIds: selectedIds, assignedToId, moveTasks },
      });
      notify('haven.cases.reassigned_many', {
        type: 'success',
        messageArgs: { smart_count: selectedIds.length },
      });
      setOpen(false);
      unselectAll();
      refresh();
    } catch (failure) {
      const message = errorMessage(failure);
      setError(translate(message, { _: message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button label="haven.cases.reassign" onClick={() => setOpen(true)}>
        <SwapHorizIcon />
      </Button>
      {open && (
        <ReassignDialog
          open
          teamId={teamId}
          busy={busy}
          error={error}
          description={translate('haven.cases.reassign_many_help', {
            smart_count: selectedIds.length,
          })}
          onClose={() => setOpen(false)}
          tasksToMove="many"
          onConfirm={(id, moveTasks) => void confirm(id, moveTasks)}
        />
      )}
    </>
  );
};
