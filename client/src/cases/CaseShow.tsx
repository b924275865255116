import { Chip, Stack, Typography } from '@mui/material';
import { LegalHoldButton, LegalHoldChip } from '../retention';
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
import { FullRecord } from '../common/FullRecord';
import { CaseDocumentsTab } from '../documents';
import { CaseNotesTab } from '../notes';
import { CaseTasksTab } from '../tasks';
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
  return (
    <TopToolbar>
      <LegalHoldButton />
      {canAccess && <EditButton />}
    </TopToolbar>
  );
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
      <LegalHoldChip />
    </Stack>
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
          <CaseNotesTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="haven.cases.tabs.documents" path="documents">
          <CaseDocumentsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="haven.cases.tabs.tasks" path="tasks">
          <CaseTasksTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="haven.cases.tabs.history" path="history">
          <CaseHistoryTab />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </FullRecord>
  </Show>
);
