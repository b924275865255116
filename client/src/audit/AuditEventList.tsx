import { Box, Typography } from '@mui/material';
import {
  DataTable,
  FilterButton,
  List,
  ReferenceField,
  ReferenceInput,
  AutocompleteInput,
  SelectField,
  SelectInput,
  SimpleList,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { AuditEventResponse } from '@haven/shared';
import { useIsSmall } from '../layout/useIsSmall';
import { DayInput } from '../common/DayInput';
import { InstantField } from '../common/InstantField';
import { VerifyChainButton } from './VerifyChainButton';
import { auditActionChoices, auditEntityChoices, endOfDay, startOfDay } from './auditChoices';
import { describeAuditEvent } from './auditText';

const auditFilters = [
  <SelectInput key="action" source="action" choices={auditActionChoices} />,
  <SelectInput key="entityType" source="entityType" choices={auditEntityChoices} />,
  <ReferenceInput
    key="actorId"
    source="actorId"
    reference="users"
    sort={{ field: 'fullName', order: 'ASC' }}
  >
    <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
  // Days in the picker, instants on the wire: "from" starts the day, "until" ends it (local time).
  <DayInput key="at_gte" source="at_gte" parse={startOfDay} />,
  <DayInput key="at_lte" source="at_lte" parse={endOfDay} />,
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

/** What the event was, told from its codes in the reader's language (auditText.ts). */
const AuditTextField = (_props: { source?: string; label?: string }) => {
  const record = useRecordContext<AuditEventResponse>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Typography variant="body2" component="span" data-testid="audit-text">
      {describeAuditEvent(record, translate)}
    </Typography>
  );
};

/** The record type by its name ("дело"), the code where this client has none. */
const EntityTypeField = (_props: { source?: string; label?: string }) => {
  const record = useRecordContext<AuditEventResponse>();
  const translate = useTranslate();
  if (!record?.entityType) return null;
  return <>{translate(`haven.audit.entities.${record.entityType}`, { _: record.entityType })}</>;
};

const AuditSecondaryText = () => (
  <>
    <InstantField source="at" seconds /> ·{' '}
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
          primaryText={<AuditTextField />}
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
            <InstantField source="at" seconds />
          </DataTable.Col>
          <DataTable.Col source="actorId" field={ActorField} disableSort />
          <DataTable.Col source="action">
            <SelectField source="action" choices={auditActionChoices} />
          </DataTable.Col>
          <DataTable.Col source="entityType" field={EntityTypeField} disableSort />
          <DataTable.Col source="entityId" disableSort />
          <DataTable.Col source="ip" disableSort />
          <DataTable.Col source="summary" field={AuditTextField} disableSort />
        </DataTable>
      )}
    </List>
  );
};
