import { Box, Chip, Stack, Typography } from '@mui/material';
import type { CaseResponse } from '@haven/shared';
import {
  EditButton,
  Show,
  TabbedShowLayout,
  TopToolbar,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { EnumChipsField } from '../common/EnumChipsField';
import { FullRecord } from '../common/FullRecord';
import { CaseDeadlinesTab } from './CaseDeadlinesTab';
import { CaseHistoryTab } from './CaseHistoryTab';
import { CaseOverview } from './CaseOverview';

const CaseTitle = () => {
  const record = useRecordContext<CaseResponse>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <span data-testid="case-title">
      {translate('haven.cases.title', { reference: record.reference, client: record.clientName })}
    </span>
  );
};

const CaseShowActions = () => {
  const { canAccess } = useCanAccess({ resource: 'cases', action: 'edit' });
  return <TopToolbar>{canAccess && <EditButton />}</TopToolbar>;
};

/** The case's heading: reference and client, above the tabs. */
const CaseHeading = () => {
  const record = useRecordContext<CaseResponse>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Stack
      direction="row"
      spacing={2}
      sx={{ alignItems: 'baseline', px: 2, pt: 2, flexWrap: 'wrap' }}
    >
      <Typography variant="h5" component="h1" data-testid="case-reference">
        {record.reference}
      </Typography>
      <Typography variant="subtitle1" color="text.secondary">
        {record.clientName}
      </Typography>
      {record.stage === 'closed' && (
        <Chip size="small" label={translate('haven.enums.stage.closed')} />
      )}
    </Stack>
  );
};

const GroundsTab = () => {
  const translate = useTranslate();
  return (
    <Box>
      <EnumChipsField
        source="grounds"
        enumName="ground"
        color="primary"
        emptyText="haven.cases.no_grounds"
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
        {translate('haven.cases.grounds_notes_later')}
      </Typography>
    </Box>
  );
};

const TasksTab = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary">
      {translate('haven.cases.tasks_later')}
    </Typography>
  );
};

export const CaseShow = () => (
  <Show title={<CaseTitle />} actions={<CaseShowActions />}>
    <CaseHeading />
    <FullRecord field="summonsKind">
      <TabbedShowLayout sx={{ '& .RaTab-row': { display: 'block' } }}>
        <TabbedShowLayout.Tab label="haven.cases.tabs.overview">
          <CaseOverview />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="haven.cases.tabs.deadlines" path="deadlines">
          <CaseDeadlinesTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="haven.cases.tabs.grounds" path="grounds">
          <GroundsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="haven.cases.tabs.tasks" path="tasks">
          <TasksTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="haven.cases.tabs.history" path="history">
          <CaseHistoryTab />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </FullRecord>
  </Show>
);
