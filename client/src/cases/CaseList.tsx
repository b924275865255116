import { Box, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import type { CaseListItem } from '@haven/shared';
import {
  AutocompleteInput,
  DataTable,
  FilterButton,
  List,
  Loading,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TopToolbar,
  useCanAccess,
  useGetIdentity,
  useListContext,
  useTranslate,
} from 'react-admin';
import { CountryInput } from '../common/CountryInput';
import { CaseReferenceField } from '../common/ReferenceField';
import { NewIntakeButton } from '../common/NewIntakeButton';
import { EnumField, PriorityChip } from '../common/EnumField';
import { useIsSmall } from '../layout/useIsSmall';
import type { HavenIdentity } from '../providers/authProvider';
import { BulkReassignButton } from './BulkReassignButton';
import { CountryCodeField } from '../common/CountryName';
import { NextDeadlineField } from './CaseFields';
import { priorityChoices, stageChoices } from './caseChoices';
import { DayInput } from '../common/DayInput';

// References are read as one token: never broken over two lines.
const NO_WRAP = () => ({ whiteSpace: 'nowrap' });

/** The filters a caseworker works with; the search box finds references and names in both scripts. */
const caseFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="stage" source="stage" choices={stageChoices} />,
  <SelectInput key="priority" source="priority" choices={priorityChoices} />,
  <CountryInput key="jurisdiction" source="jurisdiction" />,
  <CountryInput key="nationality" source="nationality" />,
  <ReferenceInput
    key="assignedToId"
    source="assignedToId"
    reference="users"
    filter={{ role: 'caseworker' }}
    sort={{ field: 'fullName', order: 'ASC' }}
    perPage={100}
  >
    <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
  <DayInput key="nextDeadlineOn_lte" source="nextDeadlineOn_lte" />,
];

/** "My cases" ⇄ everything the caller may see: a quick switch of the assignedToId filter. */
const MineToggle = ({ me }: { me: string }) => {
  const { filterValues, displayedFilters, setFilters } = useListContext();
  const translate = useTranslate();
  const mine = filterValues.assignedToId === me;
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={mine ? 'mine' : 'all'}
      aria-label={translate('haven.cases.scope')}
      onChange={(_event, value: 'mine' | 'all' | null) => {
        if (!value) return;
        const { assignedToId: _ignored, ...rest } = filterValues as Record<string, unknown>;
        setFilters(value === 'mine' ? { ...rest, assignedToId: me } : rest, displayedFilters);
      }}
    >
      <ToggleButton value="mine" data-testid="cases-mine">
        {translate('haven.cases.mine')}
      </ToggleButton>
      <ToggleButton value="all" data-testid="cases-all">
        {translate('haven.cases.all')}
      </ToggleButton>
    </ToggleButtonGroup>
  );
};

const CaseListActions = ({ me }: { me: string }) => (
  <TopToolbar sx={{ alignItems: 'center' }}>
    <MineToggle me={me} />
    <FilterButton />
    <NewIntakeButton />
  </TopToolbar>
);

const CasesEmpty = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 4 }} data-testid="cases-empty">
      <Typography variant="h6" component="p" gutterBottom>
        {translate('haven.cases.empty')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('haven.cases.empty_help')}
      </Typography>
      <NewIntakeButton />
    </Box>
  );
};

export const CaseList = () => {
  const { identity, isPending } = useGetIdentity();
  const { canAccess: canReassign } = useCanAccess({ resource: 'cases', action: 'reassign' });
  const isSmall = useIsSmall();
  if (isPending || !identity) return <Loading />;
  const me = identity as HavenIdentity;
  return (
    <List
      filters={caseFilters}
      actions={<CaseListActions me={me.id} />}
      // A caseworker starts from their own cases; supervisors and admins from everything they see.
      filterDefaultValues={me.role === 'caseworker' ? { assignedToId: me.id } : {}}
      sort={{ field: 'nextDeadlineOn', order: 'ASC' }}
      perPage={25}
      empty={<CasesEmpty />}
    >
      {isSmall ? (
        <SimpleList<CaseListItem>
          primaryText={(record) => `${record.reference} · ${record.clientName}`}
          secondaryText={<EnumField source="stage" enumName="stage" />}
          tertiaryText={<NextDeadlineField />}
          rowClick="show"
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={canReassign ? <BulkReassignButton /> : false}>
          <DataTable.Col source="reference" cellSx={NO_WRAP} field={CaseReferenceField} />
          <DataTable.Col source="clientName" />
          <DataTable.Col source="caseType" disableSort>
            <EnumField source="caseType" enumName="caseType" />
          </DataTable.Col>
          <DataTable.Col source="jurisdiction" field={CountryCodeField} />
          <DataTable.Col source="stage">
            <EnumField source="stage" enumName="stage" />
          </DataTable.Col>
          <DataTable.Col source="priority" field={PriorityChip} />
          <DataTable.Col source="nextDeadlineOn" field={NextDeadlineField} />
          <DataTable.Col source="assignedToId" disableSort>
            <ReferenceField
              source="assignedToId"
              reference="users"
              link={false}
              emptyText="haven.cases.unassigned"
            />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
