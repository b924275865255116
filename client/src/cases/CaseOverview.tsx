import EditIcon from '@mui/icons-material/Edit';
import GavelIcon from '@mui/icons-material/Gavel';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import {
  Box,
  Card,
  CardContent,
  Chip,
  Grid,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Typography,
} from '@mui/material';
import {
  STAGES,
  renderExplanation,
  stageIndex,
  type CaseResponse,
  type ClientListItem,
} from '@haven/shared';
import { useState, type ReactNode } from 'react';
import {
  Link,
  ReferenceField,
  useCanAccess,
  useCreatePath,
  useGetList,
  useGetMany,
  useNotify,
  useRecordContext,
  useTranslate,
  useUpdate,
} from 'react-admin';
import { CountryName } from '../common/CountryName';
import { LabelledButton } from '../common/LabelledButton';
import { EnumChipsField } from '../common/EnumChipsField';
import { EnumField, PriorityChip } from '../common/EnumField';
import { RestrictedSection } from '../common/RestrictedSection';
import { formatDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import { useUiLocale } from '../common/useUiLocale';
import { SuggestedDeadlinesPanel } from '../deadlines/CaseDeadlinePanels';
import { useIsSmall } from '../layout/useIsSmall';
import { NextDeadlineField } from './CaseFields';
import { DecisionDialog } from './DecisionDialog';
import { receivedOnLabelKey } from './decisionForm';
import { ReassignDialog } from './ReassignDialog';
import { StageDialog } from './StageDialog';
import { errorMessage } from '../common/errorMessage';

/** A label and its value, in the overview's fact lists. */
export const Fact = ({ label, children }: { label: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mb: 1.5 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(label)}
      </Typography>
      <Box sx={{ typography: 'body2' }}>{children ?? '—'}</Box>
    </Box>
  );
};

const K = 'resources.cases.fields';

/**
 * Where the case stands among all stages. Not on a phone: there the stage chip above says it in a
 * line, and a stepper of seven steps would fill the first screen.
 */
const StageStepper = ({ record }: { record: CaseResponse }) => {
  const translate = useTranslate();
  const isSmall = useIsSmall();
  const current = stageIndex(record.stage);
  if (isSmall) return null;
  return (
    <Stepper
      activeStep={record.stage === 'closed' ? STAGES.length : current}
      alternativeLabel
      data-testid="case-stage-stepper"
      aria-label={translate(`${K}.stage`)}
    >
      {STAGES.map((stage, index) => (
        <Step key={stage} completed={index < current || record.stage === 'closed'}>
          <StepLabel
            optional={
              stage === 'closed' && record.outcome ? (
                <Typography variant="caption">
                  {translate(enumKey('outcome', record.outcome))}
                </Typography>
              ) : undefined
            }
          >
            <span aria-current={index === current ? 'step' : undefined}>
              {translate(enumKey('stage', stage))}
            </span>
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
};

/** Who the case is about: the list view of the client (no restricted field), with a link. */
const ClientSummary = ({ clientId }: { clientId: string }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const createPath = useCreatePath();
  const { data: [client] = [] } = useGetMany<ClientListItem & { id: string }>('clients', {
    ids: [clientId],
  });
  if (!client) return null;
  const C = 'resources.clients.fields';
  return (
    <Card variant="outlined" data-testid="case-client">
      <CardContent>
        <Typography variant="overline" color="text.secondary">
          {translate('haven.cases.client')}
        </Typography>
        <Typography variant="h6" component="p">
          <Link to={createPath({ resource: 'clients', id: client.id, type: 'show' })}>
            {client.givenName} {client.familyName}
          </Link>
        </Typography>
        {client.nativeName && (
          <Typography variant="body2" color="text.secondary" lang="und">
            {client.nativeName}
          </Typography>
        )}
        <Stack direction="row" spacing={3} sx={{ mt: 1, flexWrap: 'wrap' }} useFlexGap>
          <Fact label={`${C}.reference`}>{client.reference}</Fact>
          <Fact label={`${C}.nationality`}>
            <CountryName code={client.nationality} />
          </Fact>
          <Fact label={`${C}.dateOfBirth`}>
            {client.dateOfBirth
              ? `${formatDay(client.dateOfBirth, locale)}${client.dateOfBirthApproximate ? ` (${translate('haven.clients.approximate')})` : ''}`
              : null}
          </Fact>
          <Fact label={`${C}.currentCountry`}>
            <CountryName code={client.currentCountry} />
          </Fact>
        </Stack>
      </CardContent>
    </Card>
  );
};

const Assignment = ({ record }: { record: CaseResponse }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const { canAccess: canReassign } = useCanAccess({ resource: 'cases', action: 'reassign' });
  const [update, { isPending }] = useUpdate();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The current caseworker's open work on the case, which a reassignment takes along.
  const { total: openTasks } = useGetList(
    'tasks',
    {
      filter: {
        caseId: record.id,
        assigneeId: record.assignedToId,
        status: ['open', 'in_progress'],
      },
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'createdAt', order: 'DESC' },
    },
    { enabled: open && Boolean(record.assignedToId) },
  );

  const reassign = (assignedToId: string | null, moveTasks: boolean) => {
    setError(null);
    void update(
      'cases',
      { id: record.id, data: { assignedToId, moveTasks }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify('haven.cases.reassigned', { type: 'success' });
          setOpen(false);
        },
        onError: (failure) => {
          const message = errorMessage(failure);
          setError(translate(message, { _: message }));
        },
      },
    );
  };

  return (
    <Fact label={`${K}.assignedToId`}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <span data-testid="case-assignee">
          <ReferenceField
            source="assignedToId"
            reference="users"
            link={false}
            emptyText="haven.cases.unassigned"
          />
        </span>
        {canReassign && (
          <LabelledButton
            label="haven.cases.reassign"
            onClick={() => setOpen(true)}
            data-testid="case-reassign"
          >
            <SwapHorizIcon />
          </LabelledButton>
        )}
      </Stack>
      {open && (
        <ReassignDialog
          open
          teamId={record.teamId}
          currentAssigneeId={record.assignedToId}
          allowUnassign
          tasksToMove={record.assignedToId ? (openTasks ?? undefined) : undefined}
          busy={isPending}
          error={error}
          onClose={() => setOpen(false)}
          onConfirm={reassign}
        />
      )}
    </Fact>
  );
};

/**
 * The decision: outcome, the procedure it was taken in, how and when it arrived, and the legal
 * service date with how it was reached (rendered in the reader's language).
 */
const DecisionFacts = ({ record }: { record: CaseResponse }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const ui = useUiLocale();
  const recorded =
    record.outcome ||
    record.decisionServedOn ||
    record.decisionReceivedOn ||
    record.serviceMethod ||
    record.procedureTrack !== 'unknown';
  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="case-decision">
      <CardContent>
        <Typography variant="overline" color="text.secondary" component="h2">
          {translate(enumKey('stage', 'decision'))}
        </Typography>
        {!recorded ? (
          <Typography variant="body2" color="text.secondary">
            {translate('haven.decision.none')}
          </Typography>
        ) : (
          <>
            <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
              <Fact label={`${K}.outcome`}>
                {record.outcome ? <EnumField source="outcome" enumName="outcome" /> : null}
              </Fact>
              <Fact label={`${K}.procedureTrack`}>
                <span data-testid="case-procedure-track" data-track={record.procedureTrack}>
                  {translate(enumKey('procedureTrack', record.procedureTrack))}
                </span>
              </Fact>
              <Fact label={`${K}.serviceMethod`}>
                {record.serviceMethod
                  ? translate(enumKey('serviceMethod', record.serviceMethod))
                  : null}
              </Fact>
              <Fact label={receivedOnLabelKey(record.jurisdiction, record.serviceMethod)}>
                {record.decisionReceivedOn ? formatDay(record.decisionReceivedOn, locale) : null}
              </Fact>
            </Stack>
            <Fact label={`${K}.decisionServedOn`}>
              {record.decisionServedOn ? (
                <Box data-testid="case-decision-served" data-day={record.decisionServedOn}>
                  <strong>{formatDay(record.decisionServedOn, locale)}</strong>
                  {record.decisionService && (
                    <Typography
                      variant="body2"
                      color="text.secondary"
                      data-testid="case-decision-service"
                    >
                      {renderExplanation(record.decisionService, ui)}
                    </Typography>
                  )}
                </Box>
              ) : null}
            </Fact>
          </>
        )}
      </CardContent>
    </Card>
  );
};

const Restricted = ({ record }: { record: CaseResponse }) => {
  if (!record.claimSummary && !record.serviceHistory) return null;
  return (
    <RestrictedSection collapsible testId="case-restricted">
      <Fact label={`${K}.claimSummary`}>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
          {record.claimSummary}
        </Typography>
      </Fact>
      <Fact label={`${K}.serviceHistory`}>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
          {record.serviceHistory}
        </Typography>
      </Fact>
    </RestrictedSection>
  );
};

export const CaseOverview = () => {
  const record = useRecordContext<CaseResponse>();
  const translate = useTranslate();
  const locale = useDateLocale();
  const { canAccess: canEdit } = useCanAccess({ resource: 'cases', action: 'edit' });
  const [changingStage, setChangingStage] = useState(false);
  const [recordingDecision, setRecordingDecision] = useState(false);
  if (!record) return null;
  const day = (value: string | null) => (value ? formatDay(value, locale) : null);

  return (
    <Box sx={{ width: '100%' }}>
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Stack
            direction="row"
            useFlexGap
            sx={{
              justifyContent: 'space-between',
              alignItems: 'center',
              mb: { xs: 0, sm: 2 },
              flexWrap: 'wrap',
              gap: 1,
            }}
          >
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography variant="overline" color="text.secondary">
                {translate(`${K}.stage`)}
              </Typography>
              <Chip
                size="small"
                color={record.stage === 'closed' ? 'default' : 'primary'}
                label={translate(enumKey('stage', record.stage))}
                data-testid="case-stage"
              />
            </Stack>
            {canEdit && (
              <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
                <LabelledButton
                  label="haven.decision.record"
                  variant="outlined"
                  onClick={() => setRecordingDecision(true)}
                  data-testid="case-record-decision"
                >
                  <GavelIcon />
                </LabelledButton>
                <LabelledButton
                  label="haven.cases.change_stage"
                  onClick={() => setChangingStage(true)}
                  data-testid="case-change-stage"
                >
                  <EditIcon />
                </LabelledButton>
              </Stack>
            )}
          </Stack>
          <StageStepper record={record} />
        </CardContent>
      </Card>
      {changingStage && <StageDialog record={record} onClose={() => setChangingStage(false)} />}
      {recordingDecision && (
        <DecisionDialog record={record} onClose={() => setRecordingDecision(false)} />
      )}
      <SuggestedDeadlinesPanel record={record} />

      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <ClientSummary clientId={record.clientId} />
          <Card variant="outlined" sx={{ mt: 2 }}>
            <CardContent>
              <Fact label={`${K}.nextDeadlineOn`}>
                <NextDeadlineField />
              </Fact>
              <Fact label={`${K}.priority`}>
                <PriorityChip />
              </Fact>
              <Assignment record={record} />
              <Fact label={`${K}.teamId`}>
                <ReferenceField source="teamId" reference="teams" link={false} />
              </Fact>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card variant="outlined">
            <CardContent>
              <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
                <Fact label={`${K}.caseType`}>
                  <EnumField source="caseType" enumName="caseType" />
                </Fact>
                <Fact label={`${K}.jurisdiction`}>
                  <CountryName code={record.jurisdiction} />
                </Fact>
                <Fact label={`${K}.openedOn`}>{day(record.openedOn)}</Fact>
                {record.closedOn && <Fact label={`${K}.closedOn`}>{day(record.closedOn)}</Fact>}
              </Stack>
              <Fact label={`${K}.grounds`}>
                <EnumChipsField
                  source="grounds"
                  enumName="ground"
                  emptyText="haven.cases.no_grounds"
                />
              </Fact>
              <Stack direction="row" spacing={3} useFlexGap sx={{ flexWrap: 'wrap' }}>
                <Fact label={`${K}.militaryStatus`}>
                  <EnumField source="militaryStatus" enumName="militaryStatus" />
                </Fact>
                <Fact label={`${K}.summonsKind`}>
                  <EnumField source="summonsKind" enumName="summonsKind" />
                </Fact>
                {record.summonsDate && (
                  <Fact label={`${K}.summonsDate`}>{day(record.summonsDate)}</Fact>
                )}
                {record.desertionDate && (
                  <Fact label={`${K}.desertionDate`}>{day(record.desertionDate)}</Fact>
                )}
                <Fact label={`${K}.referralSource`}>{record.referralSource}</Fact>
              </Stack>
              {record.authorityReferences.length > 0 && (
                <Fact label="haven.cases.authority_references">
                  {record.authorityReferences.map((item) => (
                    <div key={`${item.authority}:${item.reference}`}>
                      {item.authority}: <strong>{item.reference}</strong>
                    </div>
                  ))}
                </Fact>
              )}
            </CardContent>
          </Card>
          <DecisionFacts record={record} />
          <Restricted record={record} />
        </Grid>
      </Grid>
    </Box>
  );
};
