import { Chip, Stack, Typography } from '@mui/material';
import { LegalHoldButton, LegalHoldChip } from '../retention';
import type { CaseResponse } from '@haven/shared';
import EditIcon from '@mui/icons-material/Edit';
import {
  Show,
  TabbedShowLayout,
  TabbedShowLayoutTabs,
  type TabbedShowLayoutTabsProps,
  TopToolbar,
  useCanAccess,
  useCreatePath,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { FullRecord } from '../common/FullRecord';
import { ReferenceIcon, referenceColor } from '../common/ReferenceField';
import { LabelledButton } from '../common/LabelledButton';
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

/** The case's actions; on a phone they keep their words and wrap onto a second row. */
const CaseShowActions = () => {
  const record = useRecordContext<CaseResponse>();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ resource: 'cases', action: 'edit' });
  return (
    <TopToolbar sx={{ flexWrap: 'wrap', justifyContent: 'flex-end', gap: 1 }}>
      <LegalHoldButton />
      {canAccess && record && (
        <LabelledButton
          label="ra.action.edit"
          to={createPath({ resource: 'cases', id: record.id, type: 'edit' })}
          data-testid="case-edit"
        >
          <EditIcon />
        </LabelledButton>
      )}
    </TopToolbar>
  );
};

/** The tab strip scrolls sideways on a phone (with arrows), so the last tab stays reachable. */
const CaseTabs = (props: TabbedShowLayoutTabsProps) => (
  // TabbedShowLayout clones this element with the tabs as children: pass them on.
  <TabbedShowLayoutTabs
    {...props}
    variant="scrollable"
    scrollButtons="auto"
    allowScrollButtonsMobile
  />
);

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
      <Typography
        variant="h5"
        component="h1"
        data-testid="case-reference"
        sx={{ color: referenceColor('case'), display: 'inline-flex', alignItems: 'center', gap: 1 }}
      >
        <ReferenceIcon kind="case" size="medium" />
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
      <TabbedShowLayout tabs={<CaseTabs />} sx={{ '& .RaTab-row': { display: 'block' } }}>
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
