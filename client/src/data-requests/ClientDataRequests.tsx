import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { DataRequestListItem } from '@haven/shared';
import { useState } from 'react';
import { useCanAccess, useGetList, useTranslate } from 'react-admin';
import { formatDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { CloseDataRequestDialog, CreateDataRequestDialog } from './dialogs';
import { DueOn, StatusChip } from './DataRequestFields';

/** The client page's requests about their data: the person's requests, a new one, closing one. */
export const ClientDataRequests = ({ clientId }: { clientId: string }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const { canAccess: canRead } = useCanAccess({ resource: 'data-requests', action: 'list' });
  const { canAccess: canWrite } = useCanAccess({ resource: 'data-requests', action: 'create' });
  const [creating, setCreating] = useState(false);
  const [closing, setClosing] = useState<DataRequestListItem | null>(null);
  const { data, isPending } = useGetList<DataRequestListItem>(
    'data-requests',
    {
      filter: { clientId },
      sort: { field: 'receivedOn', order: 'DESC' },
      pagination: { page: 1, perPage: 50 },
    },
    { enabled: canRead },
  );
  if (!canRead) return null;
  return (
    <Box data-testid="client-data-requests">
      {isPending ? null : !data || data.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('haven.data_requests.client_empty')}
        </Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.data-requests.fields.type')}</TableCell>
              <TableCell>{translate('resources.data-requests.fields.receivedOn')}</TableCell>
              <TableCell>{translate('resources.data-requests.fields.dueOn')}</TableCell>
              <TableCell>{translate('resources.data-requests.fields.status')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((request) => (
              <TableRow key={request.id} data-testid="client-data-request">
                <TableCell>{translate(`haven.data_requests.type.${request.type}`)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {formatDay(request.receivedOn, locale)}
                </TableCell>
                <TableCell>
                  <DueOn request={request} />
                </TableCell>
                <TableCell>
                  <StatusChip request={request} />
                </TableCell>
                <TableCell align="right">
                  {canWrite && request.status === 'open' && (
                    <Button
                      size="small"
                      onClick={() => setClosing(request)}
                      data-testid="data-request-close"
                    >
                      {translate('haven.data_requests.close')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canWrite && (
        <Button sx={{ mt: 1 }} onClick={() => setCreating(true)} data-testid="data-request-new">
          {translate('haven.data_requests.new')}
        </Button>
      )}
      {creating && (
        <CreateDataRequestDialog clientId={clientId} onClose={() => setCreating(false)} />
      )}
      {closing && <CloseDataRequestDialog request={closing} onClose={() => setClosing(null)} />}
    </Box>
  );
};
