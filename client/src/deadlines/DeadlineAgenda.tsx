import { Typography } from '@mui/material';
import type { DeadlineResponse } from '@haven/shared';
import { DEADLINE_KINDS, DEADLINE_STATUSES, latestRules, ruleDescription } from '@haven/shared';
import { Button } from '@mui/material';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import {
  AutocompleteInput,
  DataTable,
  FilterButton,
  Link,
  List,
  ListContextProvider,
  NullableBooleanInput,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TopToolbar,
  useCanAccess,
  useListContext,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useUiLocale } from '../common/useUiLocale';
import { DeadlineStatusChip, EnumField } from '../common/EnumField';
import { localDay } from '../common/dates';
import { enumChoices } from '../common/enums';
import { useIsSmall } from '../layout/useIsSmall';
import { DeadlineCards } from './DeadlineCards';
import { DueOnField, TitleField } from './DeadlineFields';
import { DeadlineStatusActions } from './DeadlineStatusActions';
import { agendaOrder } from './calendarGrid';
import { ReferenceChip } from '../common/ReferenceField';
import { DayInput } from '../common/DayInput';

const statusChoices = enumChoices('deadlineStatus', DEADLINE_STATUSES);
const kindChoices = enumChoices('deadlineKind', DEADLINE_KINDS);

/** Where a deadline is worked on: its case's deadlines tab. */
export const caseDeadlinesPath = (caseId: string) => `/cases/${caseId}/show/deadlines`;

const CaseReferenceField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<DeadlineResponse>();
  if (!record) return null;
  return (
    <Link
      to={caseDeadlinesPath(record.caseId)}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
    >
      <ReferenceChip reference={record.caseReference} kind="case" />
    </Link>
  );
};

/** Supervisors and admins may look at one caseworker's deadlines. */
const assigneeFilter = (
  <ReferenceInput
    key="assignedToId"
    source="assignedToId"
    reference="users"
    filter={{ role: 'caseworker' }}
    sort={{ field: 'fullName', order: 'ASC' }}
    perPage={100}
  >
    <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>
);

/** The rule filter: every rule of the catalogue, described in the reader's language. */
const RuleFilter = (props: { source: string; alwaysOn?: boolean }) => {
  const locale = useUiLocale();
  const choices = latestRules().map((rule) => ({
    id: rule.id,
    name: `${ruleDescription(rule, locale)} (${rule.id})`,
  }));
  return <SelectInput {...props} choices={choices} />;
};

/** Every open case the end of EU temporary protection touches: the rule's deadlines, in one click. */
const TEMPORARY_PROTECTION_END = 'EU.tp_end';
const TemporaryProtectionButton = () => {
  const translate = useTranslate();
  const { setFilters, filterValues } = useListContext();
  const active = filterValues.ruleId === TEMPORARY_PROTECTION_END;
  return (
    <Button
      size="small"
      startIcon={<EventBusyIcon />}
      variant={active ? 'contained' : 'text'}
      aria-pressed={active}
      data-testid="tp-end-filter"
      onClick={() =>
        setFilters(
          active ? { status: 'open' } : { status: 'open', ruleId: TEMPORARY_PROTECTION_END },
          {},
        )
      }
    >
      {translate('haven.deadlines.tp_end_filter')}
    </Button>
  );
};

const baseFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={statusChoices} />,
  <SelectInput key="kind" source="kind" choices={kindChoices} />,
  <RuleFilter key="ruleId" source="ruleId" />,
  <NullableBooleanInput key="overdue" source="overdue" />,
  <DayInput key="dueOn_gte" source="dueOn_gte" />,
  <DayInput key="dueOn_lte" source="dueOn_lte" />,
];

const NoDeadlines = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ p: 2 }} data-testid="agenda-empty">
      {translate('haven.deadlines.empty_agenda')}
    </Typography>
  );
};

/** The page's rows in agenda order (overdue first) when sorted by due date, as given otherwise. */
const AgendaRows = () => {
  const context = useListContext<DeadlineResponse>();
  const isSmall = useIsSmall();
  const byDueDate = context.sort.field === 'dueOn' && context.sort.order === 'ASC';
  const data = byDueDate && context.data ? agendaOrder(context.data, localDay()) : context.data;
  const rowClick = (_id: unknown, _resource: string, record: DeadlineResponse) =>
    caseDeadlinesPath(record.caseId);
  return (
    <ListContextProvider value={{ ...context, data } as typeof context}>
      {isSmall ? (
        <DeadlineCards
          empty={<NoDeadlines />}
          caseLink={(record) => caseDeadlinesPath(record.caseId)}
        />
      ) : (
        <DataTable
          rowClick={rowClick as never}
          bulkActionButtons={false}
          empty={<NoDeadlines />}
          data-testid="agenda"
        >
          <DataTable.Col source="dueOn" field={DueOnField} />
          <DataTable.Col source="caseReference" field={CaseReferenceField} />
          <DataTable.Col source="title" field={TitleField} disableSort />
          <DataTable.Col source="kind">
            <EnumField source="kind" enumName="deadlineKind" />
          </DataTable.Col>
          <DataTable.Col source="status" field={DeadlineStatusChip} />
          <DataTable.Col label="haven.deadlines.actions" field={DeadlineStatusActions} />
        </DataTable>
      )}
    </ListContextProvider>
  );
};

export const DeadlineAgenda = () => {
  const { canAccess: canReassign } = useCanAccess({ resource: 'cases', action: 'reassign' });
  const filters = canReassign ? [...baseFilters, assigneeFilter] : baseFilters;
  return (
    <List
      resource="deadlines"
      title="haven.deadlines.title"
      filters={filters}
      filterDefaultValues={{ status: 'open' }}
      sort={{ field: 'dueOn', order: 'ASC' }}
      perPage={50}
      actions={
        <TopToolbar>
          <TemporaryProtectionButton />
          <FilterButton />
        </TopToolbar>
      }
    >
      <AgendaRows />
    </List>
  );
};
