import CallMergeIcon from '@mui/icons-material/CallMerge';
import { Button } from '@mui/material';
import { useState } from 'react';
import {
  Confirm,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';

export interface MergeResult {
  id: string;
  survivingId: string;
  mergedId: string;
  caseIds: string[];
  mergedAt: string;
  undoUntil: string;
}

/**
 * Merges a confirmed duplicate into the client kept (`POST /api/clients/:id/merge`, supervisors and
 * admins): the duplicate's cases move over, and the merge can be undone for 30 days. Shown only to
 * roles that may merge.
 */
export const MergeClientButton = ({
  survivingId,
  duplicateId,
  survivingLabel,
  duplicateLabel,
  onMerged,
}: {
  /** The client that stays. */
  survivingId: string;
  /** The duplicate whose cases move to the surviving client. */
  duplicateId: string;
  survivingLabel?: string;
  duplicateLabel?: string;
  onMerged?: (result: MergeResult) => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'merge' });
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!canAccess || survivingId === duplicateId) return null;

  const merge = async () => {
    setBusy(true);
    try {
      const result = await dataProvider.recordAction<MergeResult>('clients', survivingId, 'merge', {
        method: 'POST',
        body: { duplicateId },
      });
      notify('haven.duplicates.merged', {
        type: 'success',
        messageArgs: { smart_count: result.caseIds.length },
      });
      setOpen(false);
      refresh();
      onMerged?.(result);
    } catch (failure) {
      notify(errorMessage(failure), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const duplicate = duplicateLabel ?? translate('haven.duplicates.this_duplicate');
  const surviving = survivingLabel ?? translate('haven.duplicates.this_client');
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color="warning"
        startIcon={<CallMergeIcon />}
        onClick={() => setOpen(true)}
        data-testid="merge-client"
      >
        {translate('haven.duplicates.merge')}
      </Button>
      <Confirm
        isOpen={open}
        loading={busy}
        title="haven.duplicates.merge_title"
        content="haven.duplicates.merge_content"
        titleTranslateOptions={{ duplicate, surviving }}
        contentTranslateOptions={{ duplicate, surviving, days: 30 }}
        confirm="haven.duplicates.merge"
        confirmColor="warning"
        onConfirm={() => void merge()}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
