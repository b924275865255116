import { Box, Button, Stack, Typography } from '@mui/material';
import { DATA_REQUEST_STATUSES, DATA_REQUEST_TYPES, type DataRequestListItem } from '@haven/shared';
import { useState } from 'react';
import {
  DataTable,
  FilterButton,
  List,
  SelectInput,
  SimpleList,
  TopToolbar,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Link } from 'react-router';
import { formatDay, formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { useIsSmall } from '../layout/useIsSmall';
import { CloseDataRequestDialog } from './dialogs';
import { DueOn, StatusChip } from './DataRequestFields';
import { ReferenceChip } from '../common/ReferenceField';

const typeChoices = DATA_REQUEST_TYPES.map((id) => ({
  id,
  name: `haven.data_requests.type.${id}`,
}));
const statusChoices = DATA_REQUEST_STATUSES.map((id) => ({
  id,
  name: `haven.data_requests.status.${id}`,
}));

const filters = [
  <SelectInput key="status" source="status" choices={statusChoices} alwaysOn />,
  <SelectInput key="type" source="type" choices={typeChoices} />,
];

const Empty = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="body1">{translate('haven.data_requests.empty')}</Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('haven.data_requests.empty_help')}
      </Typography>
    </Box>
  );
};

const ClientCell = () => {
  const record = useRecordContext<DataRequestListItem>();
  if (!record) return null;
  return (
    <Link to={`/clients/${record.clientId}/show`} onClick={(event) => event.stopPropagation()}>
      <ReferenceChip reference={record.clientReference} kind="client" />
    </Link>
  );
};

const Received = () => {
  const record = useRecordContext<DataRequestListItem>();
  const locale = useDateLocale();
  return record ? <span>{formatDay(record.receivedOn, locale)}</span> : null;
};

const Closed = () => {
  const record = useRecordContext<DataRequestListItem>();
  const locale = useDateLocale();
  return record?.closedAt ? <span>{formatInstant(record.closedAt, locale)}</span> : null;
};

const CloseButton = ({ onClose }: { onClose: (request: DataRequestListItem) => void }) => {
  const record = useRecordContext<DataRequestListItem>();
  const translate = useTranslate();
  const { canAccess } = useCanAccess({ resource: 'data-requests', action: 'edit' });
  if (!record || record.status !== 'open' || !canAccess) return null;
  return (
    <Button size="small" onClick={() => onClose(record)} data-testid="data-request-close">
      {translate('haven.data_requests.close')}
    </Button>
  );
};

/** On a phone: a request's client, when it came and when it is due, its status and Close. */
const RequestSummary = ({ onClose }: { onClose: (request: DataRequestListItem) => void }) => {
  const record = useRecordContext<DataRequestListItem>();
  if (!record) return null;
  return (
    <Stack component="span" spacing={0.5} sx={{ display: 'flex', mt: 0.5 }}>
      <Stack
        component="span"
        direction="row"
        spacing={1}
        useFlexGap
        sx={{ alignItems: 'center', flexWrap: 'wrap' }}
      >
        <ClientCell />
        <Received />
        <span aria-hidden>→</span>
        <DueOn request={record} />
        <StatusChip request={record} />
      </Stack>
      <Box component="span">
        <CloseButton onClose={onClose} />
      </Box>
    </Stack>
  );
};

/** Every request about their data of the clients the caller may see; open ones closed from here. */
export const DataRequestList = () => {
  const translate = useTranslate();
  const isSmall = useIsSmall();
  const [closing, setClosing] = useState<DataRequestListItem | null>(null);
  return (
    <>
      <List
        title={translate('haven.data_requests.title')}
        filters={filters}
        filterDefaultValues={{ status: 'open' }}
        sort={{ field: 'dueOn', order: 'ASC' }}
        actions={
          <TopToolbar>
            <FilterButton />
          </TopToolbar>
        }
        empty={<Empty />}
      >
        {isSmall ? (
          <SimpleList<DataRequestListItem>
            primaryText={(record) => translate(`haven.data_requests.type.${record.type}`)}
            secondaryText={<RequestSummary onClose={setClosing} />}
            rowClick={false}
            data-testid="data-request-list"
          />
        ) : (
          <DataTable bulkActionButtons={false} rowClick={false} data-testid="data-request-list">
            <DataTable.Col source="clientReference" disableSort>
              <ClientCell />
            </DataTable.Col>
            <DataTable.Col
              source="type"
              disableSort
              render={(record: DataRequestListItem) =>
                translate(`haven.data_requests.type.${record.type}`)
              }
            />
            <DataTable.Col source="receivedOn">
              <Received />
            </DataTable.Col>
            <DataTable.Col
              source="dueOn"
              render={(record: DataRequestListItem) => <DueOn request={record} />}
            />
            <DataTable.Col
              source="status"
              disableSort
              render={(record: DataRequestListItem) => <StatusChip request={record} />}
            />
            <DataTable.Col source="closedAt" disableSort>
              <Closed />
            </DataTable.Col>
            <DataTable.Col source="id" label=" " disableSort>
              <CloseButton onClose={setClosing} />
            </DataTable.Col>
          </DataTable>
        )}
      </List>
      {closing && <CloseDataRequestDialog request={closing} onClose={() => setClosing(null)} />}
    </>
  );
};
