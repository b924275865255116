import BalanceIcon from '@mui/icons-material/Balance';
import RefreshIcon from '@mui/icons-material/Refresh';
import {
  Button,
  Chip,
  Grid,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import {
  CASE_AGE_BUCKETS,
  STAGES,
  type AdminDashboard,
  type CaseAgeBucket,
  type CaseloadRow,
  type SupervisorDashboard as SupervisorData,
  type TeamLoad,
} from '@haven/shared';
import {
  Link,
  RecordContextProvider,
  ReferenceField,
  useCanAccess,
  useTranslate,
} from 'react-admin';
import { formatDay, formatInstant, localDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import { DeadlineSection } from './CaseworkerDashboard';
import {
  CASEWORKER_LOAD_COLUMNS,
  CountChart,
  Figure,
  FigureRow,
  ItemList,
  LoadTableHead,
  Section,
} from './DashboardParts';
import { useRecountDashboard } from './useDashboard';
import { DashboardDataRequests } from '../data-requests/DashboardDataRequests';
import {
  accountsPath,
  auditPath,
  casePath,
  casesAtStagePath,
  casesByAgePath,
  openCasesPath,
  overdueDeadlinesPath,
  overdueTasksPath,
  reviewQueuePath,
  unassignedCasesPath,
  unfinishedTasksOfPath,
  urgentCasesPath,
  caseloadPath,
  teamOpenCasesPath,
  teamUnfinishedTasksPath,
} from './dashboardLinks';
import { ReferenceChip } from '../common/ReferenceField';

const AGE_LABELS: Record<CaseAgeBucket, string> = {
  '0-30': 'haven.dashboard.age.up_to_30',
  '31-90': 'haven.dashboard.age.up_to_90',
  '91-180': 'haven.dashboard.age.up_to_180',
  '181-365': 'haven.dashboard.age.up_to_365',
  '365+': 'haven.dashboard.age.over_365',
};

/** The server's age buckets (days since a case opened), in order, and their labels. */
export const AGE_BUCKETS = CASE_AGE_BUCKETS.map((bucket) => ({
  bucket,
  label: AGE_LABELS[bucket],
}));

/** A count in a load table, linking to the list it counts; `warn` marks a non-zero one. */
const CountCell = ({
  value,
  to,
  testId,
  warn = false,
}: {
  value: number;
  to: string;
  testId: string;
  warn?: boolean;
}) => (
  <TableCell align="right">
    <Link
      to={to}
      data-testid={testId}
      data-count={value}
      sx={{
        fontWeight: warn && value > 0 ? 700 : undefined,
        color: warn && value > 0 ? 'error.main' : undefined,
      }}
    >
      {value}
    </Link>
  </TableCell>
);

/** One row per caseworker: each number opens the list it counts. */
export const CaseloadTable = ({ rows }: { rows: CaseloadRow[] }) => {
  const translate = useTranslate();
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('haven.dashboard.no_caseworkers')}
      </Typography>
    );
  }
  const cell = (value: number, to: string, testId: string, warn = false) => (
    <CountCell value={value} to={to} testId={testId} warn={warn} />
  );
  return (
    <TableContainer>
      <Table size="small" data-testid="dash-caseload-table">
        <LoadTableHead columns={CASEWORKER_LOAD_COLUMNS} />
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.userId} data-testid="dash-caseload-row" data-user={row.userId}>
              <TableCell>{row.fullName}</TableCell>
              {cell(row.openCases, openCasesPath(row.userId), 'caseload-open')}
              {cell(row.urgentCases, urgentCasesPath(row.userId), 'caseload-urgent', true)}
              {cell(
                row.overdueDeadlines,
                overdueDeadlinesPath(row.userId),
                'caseload-overdue',
                true,
              )}
              {cell(row.openTasks, unfinishedTasksOfPath(row.userId), 'caseload-tasks')}
              {cell(
                row.overdueTasks,
                overdueTasksPath({ assigneeId: row.userId }),
                'caseload-overdue-tasks',
                true,
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/**
 * The admin's load by team: the most overdue teams first (the server lists ten), each number
 * opening the team's list it counts, the team's name its caseload page.
 */
export const TeamLoadTable = ({ load }: { load: TeamLoad }) => {
  const translate = useTranslate();
  if (load.items.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('haven.dashboard.no_teams')}
      </Typography>
    );
  }
  return (
    <Stack spacing={1}>
      <Typography variant="body2" color="text.secondary" data-testid="dash-teams-listed">
        {translate('haven.dashboard.teams_listed', {
          shown: load.items.length,
          smart_count: load.teams,
        })}
      </Typography>
      <TableContainer>
        <Table size="small" data-testid="dash-team-load-table">
          <LoadTableHead
            columns={[
              'haven.dashboard.team',
              'haven.dashboard.caseworkers',
              'haven.dashboard.open_cases',
              'haven.dashboard.urgent_cases',
              'haven.dashboard.unassigned_cases',
              'haven.dashboard.overdue_deadlines',
              'haven.dashboard.open_tasks',
            ]}
          />
          <TableBody>
            {load.items.map((row) => (
              <TableRow key={row.teamId} data-testid="dash-team-load-row" data-team={row.teamId}>
                <TableCell>
                  <Link to={caseloadPath(row.teamId)} data-testid="team-load-caseload">
                    {row.name}
                  </Link>
                </TableCell>
                <TableCell align="right">{row.caseworkers}</TableCell>
                <CountCell
                  value={row.openCases}
                  to={teamOpenCasesPath(row.teamId)}
                  testId="team-load-open"
                />
                <CountCell
                  value={row.urgentCases}
                  to={teamOpenCasesPath(row.teamId, { priority: 'urgent' })}
                  testId="team-load-urgent"
                  warn
                />
                <CountCell
                  value={row.unassignedCases}
                  to={unassignedCasesPath(row.teamId)}
                  testId="team-load-unassigned"
                  warn
                />
                <CountCell
                  value={row.overdueDeadlines}
                  to={overdueDeadlinesPath(undefined, row.teamId)}
                  testId="team-load-overdue"
                  warn
                />
                <CountCell
                  value={row.openTasks}
                  to={teamUnfinishedTasksPath(row.teamId)}
                  testId="team-load-tasks"
                />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Stack>
  );
};

/**
 * A supervisor's team (an admin's: every team): caseload per caseworker (per team), cases by stage and age,
 * deadlines at risk, the review queue and cases waiting for a caseworker.
 */
export const SupervisorDashboard = ({ data }: { data: SupervisorData | AdminDashboard }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const today = localDay();
  const { canAccess: canReassign } = useCanAccess({ resource: 'cases', action: 'reassign' });
  const stageCount = (stage: string) =>
    data.casesByStage.find((row) => row.stage === stage)?.count ?? 0;
  const ageCount = (bucket: CaseAgeBucket) =>
    data.casesByAge.find((row) => row.bucket === bucket)?.count ?? 0;

  return (
    <Grid container spacing={2}>
      {data.role === 'admin' && <SnapshotLine computedAt={data.computedAt} />}
      <Grid size={12}>
        <Section
          title={translate(
            data.role === 'admin' ? 'haven.dashboard.caseload_by_team' : 'haven.dashboard.caseload',
          )}
          testId="dash-caseload"
          action={
            canReassign ? (
              <Button
                component={Link}
                to={caseloadPath()}
                size="small"
                startIcon={<BalanceIcon />}
                data-testid="dash-rebalance"
              >
                {translate('haven.dashboard.rebalance')}
              </Button>
            ) : undefined
          }
        >
          {data.role === 'admin' ? (
            <TeamLoadTable load={data.caseloadByTeam} />
          ) : (
            <CaseloadTable rows={data.caseload} />
          )}
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section title={translate('haven.dashboard.cases_by_stage')} testId="dash-cases-by-stage">
          <CountChart
            testId="dash-stage"
            bars={STAGES.map((stage) => ({
              key: stage,
              label: translate(enumKey('stage', stage)),
              count: stageCount(stage),
              to: casesAtStagePath(stage),
            }))}
          />
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section title={translate('haven.dashboard.cases_by_age')} testId="dash-cases-by-age">
          <CountChart
            testId="dash-age"
            bars={AGE_BUCKETS.map(({ bucket, label }) => ({
              key: bucket,
              label: translate(label),
              count: ageCount(bucket),
              to: casesByAgePath(bucket, today),
            }))}
          />
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <DeadlineSection
          title={translate('haven.dashboard.deadlines_at_risk')}
          testId="dash-at-risk"
          overdue={data.deadlinesAtRisk.overdue}
          soon={{
            days: 7,
            count: data.deadlinesAtRisk.next7Days,
            label: translate('haven.dashboard.next_7_days'),
            testId: 'dash-at-risk-next7',
          }}
          listTitle={translate('haven.dashboard.due_this_week')}
          empty={translate('haven.dashboard.no_deadlines_week')}
          listTestId="dash-at-risk-list"
          items={data.deadlinesAtRisk.items}
          today={today}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section title={translate('haven.dashboard.review_queue')} testId="dash-review">
          <FigureRow>
            <Figure
              label={translate('haven.dashboard.waiting_review')}
              value={data.reviewQueue.count}
              to={reviewQueuePath()}
              color="primary"
              testId="dash-review-count"
            />
            <Figure
              label={translate('haven.dashboard.overdue_tasks')}
              value={data.overdueTasks}
              to={overdueTasksPath()}
              color="error"
              testId="dash-overdue-tasks"
            />
          </FigureRow>
          <ItemList
            items={data.reviewQueue.items}
            empty={translate('haven.dashboard.no_review')}
            allTo={reviewQueuePath()}
            testId="dash-review-list"
            render={(item) => (
              <Stack spacing={0}>
                <Link to={reviewQueuePath()} variant="body2" data-testid="dash-review-title">
                  {item.title}
                </Link>
                {item.kind === 'note_review' && (
                  <Typography
                    variant="caption"
                    color="text.secondary"
                    component="div"
                    data-testid="dash-review-kind"
                  >
                    {translate('haven.tasks.kind.note_review')}
                  </Typography>
                )}
                <Typography variant="caption" color="text.secondary" component="div">
                  {item.caseReference && (
                    <>
                      <ReferenceChip reference={item.caseReference} kind="case" />
                      {' · '}
                    </>
                  )}
                  {item.assigneeId && (
                    <RecordContextProvider value={{ id: item.id, assigneeId: item.assigneeId }}>
                      <ReferenceField source="assigneeId" reference="users" link={false} />
                    </RecordContextProvider>
                  )}
                  {item.submittedAt
                    ? ` · ${translate('haven.dashboard.submitted', {
                        date: formatInstant(item.submittedAt, locale),
                      })}`
                    : ''}
                </Typography>
              </Stack>
            )}
          />
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section title={translate('haven.dashboard.unassigned_intake')} testId="dash-unassigned">
          <FigureRow>
            <Figure
              label={translate('haven.dashboard.waiting_caseworker')}
              value={data.unassignedIntake.count}
              to={unassignedCasesPath()}
              color="warning"
              testId="dash-unassigned-count"
            />
          </FigureRow>
          <ItemList
            items={data.unassignedIntake.items}
            empty={translate('haven.dashboard.no_unassigned')}
            allTo={unassignedCasesPath()}
            testId="dash-unassigned-list"
            render={(item) => (
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Link to={casePath(item.id)} variant="body2">
                  {item.reference}
                </Link>
                <Typography variant="caption" color="text.secondary">
                  {translate('haven.dashboard.opened', { date: formatDay(item.openedOn, locale) })}
                </Typography>
                {(item.priority === 'urgent' || item.priority === 'high') && (
                  <Chip
                    size="small"
                    color={item.priority === 'urgent' ? 'error' : 'warning'}
                    label={translate(enumKey('priority', item.priority))}
                  />
                )}
              </Stack>
            )}
          />
        </Section>
      </Grid>
      {data.dataRequests && (
        <Grid size={{ xs: 12, md: 6 }}>
          <DashboardDataRequests figures={data.dataRequests} />
        </Grid>
      )}
      {data.role === 'admin' && <AdminPanels data={data} />}
    </Grid>
  );
};

/** Admins read the all-teams figures from a snapshot: when it was counted, and a way to recount. */
const SnapshotLine = ({ computedAt }: { computedAt: string }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const recount = useRecountDashboard();
  return (
    <Grid size={12}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary" data-testid="dash-snapshot">
          {translate('haven.dashboard.snapshot', { time: formatInstant(computedAt, locale) })}
        </Typography>
        <Button
          size="small"
          startIcon={<RefreshIcon />}
          onClick={() => recount.mutate()}
          disabled={recount.isPending}
          data-testid="dash-recount"
        >
          {translate('haven.dashboard.recount')}
        </Button>
      </Stack>
    </Grid>
  );
};

/** Admins also see the accounts by role and the latest audit events. */
const AdminPanels = ({ data }: { data: AdminDashboard }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  return (
    <>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section title={translate('haven.dashboard.accounts')} testId="dash-accounts">
          <TableContainer>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('haven.dashboard.role')}</TableCell>
                  <TableCell align="right">{translate('haven.dashboard.active')}</TableCell>
                  <TableCell align="right">{translate('haven.dashboard.inactive')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.accounts.map((row) => (
                  <TableRow key={row.role} data-testid="dash-accounts-row">
                    <TableCell>{translate(`haven.roles.${row.role}`, { _: row.role })}</TableCell>
                    <TableCell align="right">
                      <Link to={accountsPath(row.role, true)}>{row.active}</Link>
                    </TableCell>
                    <TableCell align="right">
                      <Link to={accountsPath(row.role, false)}>{row.inactive}</Link>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section title={translate('haven.dashboard.recent_audit')} testId="dash-audit">
          <ItemList
            items={data.recentAudit}
            empty={translate('haven.dashboard.nothing')}
            allTo={auditPath()}
            testId="dash-audit-list"
            render={(event) => (
              <Stack spacing={0}>
                <Typography variant="body2">{event.summary}</Typography>
                <Typography variant="caption" color="text.secondary">
                  {formatInstant(event.at, locale)}
                  {event.actorId && (
                    <>
                      {' · '}
                      <RecordContextProvider value={{ id: event.id, actorId: event.actorId }}>
                        <ReferenceField source="actorId" reference="users" link={false} />
                      </RecordContextProvider>
                    </>
                  )}
                </Typography>
              </Stack>
            )}
          />
        </Section>
      </Grid>
    </>
  );
};
