import { Box, Typography } from '@mui/material';
import {
  DataTable,
  DateField,
  DateInput,
  FilterButton,
  List,
  ReferenceField,
  ReferenceInput,
  AutocompleteInput,
  SelectField,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { AuditEventResponse } from '@haven/shared';
import { useIsSmall } from '../layout/useIsSmall';
import { VerifyChainButton } from './VerifyChainButton';
import { auditActionChoices, endOfDay, startOfDay } from './auditChoices';

const auditFilters = [
  <SelectInput key="action" source="action" choices={auditActionChoices} />,
  <TextInput key="entityType" source="entityType" />,
  <ReferenceInput
    key="actorId"
    source="actorId"
    reference="users"
    sort={{ field: 'fullName', order: 'ASC' }}
  >
    <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
  // Days in the picker, instants on the wire: "from" starts the day, "until" ends it (local time).
  <DateInput key="at_gte" source="at_gte" parse={startOfDay} />,
  <DateInput key="at_lte" source="at_lte" parse={endOfDay} />,
];

// Read-only: no create, no export (an export is an audited server action, not a browser dump).
const AuditActions = () => (
  <TopToolbar>
    <FilterButton />
    <VerifyChainButton />
  </TopToolbar>
);

const ActorField = (_props: { source?: string; label?: string }) => {
  const record = useRecordContext<AuditEventResponse>();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.actorId) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('haven.audit.system')}
      </Typography>
    );
  }
  return <ReferenceField source="actorId" reference="users" link="show" />;
};

const AuditDetails = () => {
  const record = useRecordContext<AuditEventResponse>();
  if (!record?.details) return null;
  return (
    <Box component="pre" sx={{ m: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
      {JSON.stringify(record.details, null, 2)}
    </Box>
  );
};

const AuditSecondaryText = () => (
  <>
    <DateField source="at" showTime /> ·{' '}
    <SelectField source="action" choices={auditActionChoices} />
  </>
);

export const AuditEventList = () => {
  const isSmall = useIsSmall();
  return (
    <List
      filters={auditFilters}
      actions={<AuditActions />}
      sort={{ field: 'at', order: 'DESC' }}
      perPage={50}
    >
      {isSmall ? (
        <SimpleList<AuditEventResponse>
          primaryText={(event) => event.summary}
          secondaryText={<AuditSecondaryText />}
          tertiaryText={
            <Box component="span" sx={{ ml: 1 }}>
              <ActorField />
            </Box>
          }
          rowClick={false}
        />
      ) : (
        <DataTable
          rowClick={false}
          bulkActionButtons={false}
          expand={<AuditDetails />}
          isRowExpandable={(record) => Boolean((record as AuditEventResponse).details)}
        >
          <DataTable.Col source="at">
            <DateField source="at" showTime />
          </DataTable.Col>
          <DataTable.Col source="actorId" field={ActorField} disableSort />
          <DataTable.Col source="action">
            <SelectField source="action" choices={auditActionChoices} />
          </DataTable.Col>
          <DataTable.Col source="entityType" disableSort />
          <DataTable.Col source="entityId" disableSort />
          <DataTable.Col source="ip" disableSort />
          <DataTable.Col source="summary" disableSort />
        </DataTable>
      )}
    </List>
  );
};
