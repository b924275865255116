import AddIcon from '@mui/icons-material/Add';
import RuleIcon from '@mui/icons-material/Rule';
import { Box, Stack, Typography } from '@mui/material';
import type { CaseResponse } from '@haven/shared';
import { useState } from 'react';
import {
  DataTable,
  Pagination,
  ReferenceManyField,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { DeadlineStatusChip, EnumField } from '../common/EnumField';
import { LabelledButton } from '../common/LabelledButton';
import { DeadlineCards } from '../deadlines/DeadlineCards';
import { AddByHandDialog } from '../deadlines/AddByHandDialog';
import { AddFromRuleDialog } from '../deadlines/AddFromRuleDialog';
import { StayLimitLine, SuggestedDeadlinesPanel } from '../deadlines/CaseDeadlinePanels';
import { DueOnField, TitleField } from '../deadlines/DeadlineFields';
import { DeadlineStatusActions } from '../deadlines/DeadlineStatusActions';
import { useIsSmall } from '../layout/useIsSmall';

const NoDeadlines = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ p: 2 }} data-testid="deadlines-empty">
      {translate('haven.deadlines.empty_case')}
    </Typography>
  );
};

export const CaseDeadlinesTab = () => {
  const record = useRecordContext<CaseResponse>();
  const { canAccess: canWrite } = useCanAccess({ resource: 'deadlines', action: 'create' });
  const [dialog, setDialog] = useState<'rule' | 'hand' | null>(null);
  const isSmall = useIsSmall();
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <StayLimitLine caseId={record.id} />
      <SuggestedDeadlinesPanel record={record} />
      {canWrite && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 1, flexWrap: 'wrap' }}>
          <LabelledButton
            label="haven.deadlines.add_from_rule"
            variant="outlined"
            onClick={() => setDialog('rule')}
            data-testid="add-from-rule"
          >
            <RuleIcon />
          </LabelledButton>
          <LabelledButton
            label="haven.deadlines.add_by_hand"
            onClick={() => setDialog('hand')}
            data-testid="add-by-hand"
          >
            <AddIcon />
          </LabelledButton>
        </Stack>
      )}
      {dialog === 'rule' && (
        <AddFromRuleDialog
          caseId={record.id}
          jurisdiction={record.jurisdiction}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'hand' && <AddByHandDialog caseId={record.id} onClose={() => setDialog(null)} />}
      <ReferenceManyField
        reference="deadlines"
        target="caseId"
        sort={{ field: 'dueOn', order: 'ASC' }}
        perPage={25}
        pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
        empty={<NoDeadlines />}
      >
        {isSmall ? (
          <DeadlineCards empty={<NoDeadlines />} />
        ) : (
          <DataTable bulkActionButtons={false} rowClick={false} data-testid="case-deadlines">
            <DataTable.Col source="dueOn" field={DueOnField} />
            <DataTable.Col source="title" field={TitleField} disableSort />
            <DataTable.Col source="kind">
              <EnumField source="kind" enumName="deadlineKind" />
            </DataTable.Col>
            <DataTable.Col source="source" disableSort>
              <EnumField source="source" enumName="deadlineSource" />
            </DataTable.Col>
            <DataTable.Col source="status" field={DeadlineStatusChip} />
            <DataTable.Col label="haven.deadlines.actions" field={DeadlineStatusActions} />
          </DataTable>
        )}
      </ReferenceManyField>
    </Box>
  );
};
