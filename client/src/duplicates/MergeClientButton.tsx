import CallMergeIcon from '@mui/icons-material/CallMerge';
import { Alert, Button, DialogContentText, Stack } from '@mui/material';
import { MERGE_UNDO_DAYS, type MergeResult } from '@haven/shared';
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

/**
 * Merges a confirmed duplicate into the client kept (`POST /api/clients/:id/merge`, supervisors and
 * admins): the duplicate's cases move over, and the merge can be undone for 30 days. Shown only to
 * roles that may merge. A supervisor may merge only clients all of whose cases are in their team;
 * the server answers anything else with a 404 that says no more than a missing client would, and the
 * dialog says the same whatever the reason: a merge across teams is an administrator's.
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
  const [refused, setRefused] = useState(false);
  if (!canAccess || survivingId === duplicateId) return null;

  const merge = async () => {
    setBusy(true);
    setRefused(false);
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
      if ((failure as { status?: number }).status === 404) setRefused(true);
      else notify(errorMessage(failure), { type: 'error' });
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
        onClick={() => {
          setRefused(false);
          setOpen(true);
        }}
        data-testid="merge-client"
      >
        {translate('haven.duplicates.merge')}
      </Button>
      <Confirm
        isOpen={open}
        loading={busy}
        title="haven.duplicates.merge_title"
        content={
          <Stack spacing={2}>
            <DialogContentText>
              {translate('haven.duplicates.merge_content', {
                duplicate,
                surviving,
                days: MERGE_UNDO_DAYS,
              })}
            </DialogContentText>
            {refused && (
              <Alert severity="warning" data-testid="merge-refused">
                {translate('haven.duplicates.merge_refused')}
              </Alert>
            )}
          </Stack>
        }
        titleTranslateOptions={{ duplicate, surviving }}
        confirm="haven.duplicates.merge"
        confirmColor="warning"
        onConfirm={() => void merge()}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
