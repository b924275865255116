import CheckIcon from '@mui/icons-material/Check';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import ReplayIcon from '@mui/icons-material/Replay';
import { IconButton, Menu, MenuItem, Stack, Tooltip } from '@mui/material';
import type { DeadlineResponse, DeadlineStatus } from '@haven/shared';
import { useState } from 'react';
import {
  useCanAccess,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  useUpdate,
} from 'react-admin';
import { enumKey } from '../common/enums';
import { LabelledButton } from '../common/LabelledButton';
import { errorMessage } from '../common/errorMessage';
import { SuspendDialog, isSuspendable } from './SuspendDialog';

/**
 * Marks an open deadline done, missed or waived, or reopens a settled one (the server allows
 * exactly these changes; anything else is a 409, shown as it comes).
 */
export const DeadlineStatusActions = (_props: { label?: string }) => {
  const record = useRecordContext<DeadlineResponse>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canAccess } = useCanAccess({ resource: 'deadlines', action: 'edit' });
  const [update, { isPending }] = useUpdate();
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const [suspending, setSuspending] = useState(false);
  if (!record || !canAccess) return null;

  const change = (status: DeadlineStatus) => {
    setMenu(null);
    void update(
      'deadlines',
      { id: record.id, data: { status }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('haven.deadlines.status_changed', {
            type: 'success',
            messageArgs: { status: translate(enumKey('deadlineStatus', status)) },
          });
          // The case's next deadline depends on which deadlines are open.
          refresh();
        },
        onError: (failure) => {
          const message = errorMessage(failure);
          notify(message, { type: 'error' });
        },
      },
    );
  };

  // Clicks here must not open the row.
  const stop = (event: React.SyntheticEvent) => event.stopPropagation();

  if (record.status !== 'open') {
    return (
      <span onClick={stop}>
        <LabelledButton
          label="haven.deadlines.reopen"
          onClick={() => change('open')}
          disabled={isPending}
          data-testid="deadline-reopen"
        >
          <ReplayIcon />
        </LabelledButton>
      </span>
    );
  }
  return (
    <Stack direction="row" onClick={stop} sx={{ alignItems: 'center' }}>
      <LabelledButton
        label="haven.deadlines.mark_done"
        onClick={() => change('done')}
        disabled={isPending}
        data-testid="deadline-done"
      >
        <CheckIcon />
      </LabelledButton>
      <Tooltip title={translate('haven.deadlines.more_statuses')}>
        <IconButton
          size="small"
          aria-label={translate('haven.deadlines.more_statuses')}
          aria-haspopup="menu"
          onClick={(event) => setMenu(event.currentTarget)}
          disabled={isPending}
        >
          <MoreVertIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Menu anchorEl={menu} open={menu !== null} onClose={() => setMenu(null)}>
        <MenuItem onClick={() => change('missed')}>
          {translate('haven.deadlines.mark_missed')}
        </MenuItem>
        <MenuItem onClick={() => change('waived')}>
          {translate('haven.deadlines.mark_waived')}
        </MenuItem>
        {isSuspendable(record) && (
          <MenuItem
            onClick={() => {
              setMenu(null);
              setSuspending(true);
            }}
            data-testid="deadline-suspend"
          >
            {translate('haven.deadlines.suspension.menu')}
          </MenuItem>
        )}
      </Menu>
      {suspending && <SuspendDialog record={record} onClose={() => setSuspending(false)} />}
    </Stack>
  );
};
