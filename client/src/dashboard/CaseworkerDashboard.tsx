import { Grid, Stack, Typography } from '@mui/material';
import {
  TASK_STATUSES,
  type CaseworkerDashboard as Data,
  type DashboardDeadline,
} from '@haven/shared';
import { Link, useTranslate } from 'react-admin';
import { DaysLeftChip } from '../common/DayField';
import { formatDay, formatInstant, localDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import { CountChart, Figure, FigureRow, ItemList, Section } from './DashboardParts';
import {
  OPEN_STAGES,
  casePath,
  casesAtStagePath,
  deadlinesDueWithinPath,
  inactiveCasesPath,
  myTasksPath,
  openCasesPath,
  overdueDeadlinesPath,
  overdueTasksPath,
} from './dashboardLinks';
import { ReferenceChip } from '../common/ReferenceField';

export const DeadlineLine = ({ item, today }: { item: DashboardDeadline; today: string }) => {
  const locale = useDateLocale();
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2" component="span" sx={{ minWidth: 90 }}>
        {formatDay(item.dueOn, locale)}
      </Typography>
      <DaysLeftChip dueOn={item.dueOn} today={today} />
      <Link to={casePath(item.caseId, 'deadlines')} variant="body2">
        <ReferenceChip reference={item.caseReference} kind="case" />
      </Link>
      <Typography variant="body2" component="span" color="text.secondary">
        {item.title}
      </Typography>
    </Stack>
  );
};

/**
 * Deadlines on a dashboard: the overdue ones and those due within `soon.days` (each a link to the
 * filtered deadline list), then the next ones by date.
 */
export const DeadlineSection = ({
  title,
  testId,
  overdue,
  soon,
  listTitle,
  empty,
  listTestId,
  items,
  today,
}: {
  title: string;
  testId: string;
  overdue: number;
  soon: { days: number; count: number; label: string; testId: string };
  listTitle: string;
  empty: string;
  listTestId: string;
  items: DashboardDeadline[];
  today: string;
}) => {
  const translate = useTranslate();
  return (
    <Section title={title} testId={testId}>
      <FigureRow>
        <Figure
          label={translate('haven.dashboard.overdue')}
          value={overdue}
          to={overdueDeadlinesPath()}
          color="error"
          testId={`${testId}-overdue`}
        />
        <Figure
          label={soon.label}
          value={soon.count}
          to={deadlinesDueWithinPath(today, soon.days)}
          color="warning"
          testId={soon.testId}
        />
      </FigureRow>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2, mb: 0.5 }}>
        {listTitle}
      </Typography>
      <ItemList
        items={items}
        empty={empty}
        testId={listTestId}
        render={(item) => <DeadlineLine item={item} today={today} />}
      />
    </Section>
  );
};

/** A caseworker's day: open cases by stage, deadlines, tasks, and cases gone quiet. */
export const CaseworkerDashboard = ({ data, me }: { data: Data; me: string }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const today = localDay();
  const stageCount = (stage: string) =>
    data.openCasesByStage.find((row) => row.stage === stage)?.count ?? 0;
  const openTotal = data.openCasesByStage.reduce((sum, row) => sum + row.count, 0);
  const taskCount = (status: string) =>
    data.myTasksByStatus.find((row) => row.status === status)?.count ?? 0;

  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section title={translate('haven.dashboard.my_open_cases')} testId="dash-open-cases">
          <FigureRow>
            <Figure
              label={translate('haven.dashboard.open_cases')}
              value={openTotal}
              to={openCasesPath(me)}
              testId="dash-open-total"
            />
          </FigureRow>
          <CountChart
            testId="dash-stage"
            bars={OPEN_STAGES.map((stage) => ({
              key: stage,
              label: translate(enumKey('stage', stage)),
              count: stageCount(stage),
              to: casesAtStagePath(stage, me),
            }))}
          />
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <DeadlineSection
          title={translate('haven.dashboard.deadlines')}
          testId="dash-deadlines"
          overdue={data.deadlines.overdue}
          soon={{
            days: 14,
            count: data.deadlines.next14Days,
            label: translate('haven.dashboard.next_14_days'),
            testId: 'dash-deadlines-next14',
          }}
          listTitle={translate('haven.dashboard.due_soon')}
          empty={translate('haven.dashboard.no_deadlines_soon')}
          listTestId="dash-deadline-list"
          items={data.deadlines.items}
          today={today}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section title={translate('haven.dashboard.my_tasks')} testId="dash-my-tasks">
          <FigureRow>
            {TASK_STATUSES.map((status) => (
              <Figure
                key={status}
                label={translate(`haven.tasks.status.${status}`)}
                value={taskCount(status)}
                to={myTasksPath(status)}
                color={status === 'open' ? 'primary' : undefined}
                testId={`dash-my-tasks-${status}`}
              />
            ))}
            <Figure
              label={translate('haven.dashboard.overdue_tasks')}
              value={data.overdueTasks}
              to={overdueTasksPath({ queue: 'mine' })}
              color="error"
              testId="dash-my-tasks-overdue"
            />
          </FigureRow>
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <Section
          title={translate('haven.dashboard.inactive_cases', { days: data.inactiveCases.days })}
          testId="dash-inactive"
        >
          <FigureRow>
            <Figure
              label={translate('haven.dashboard.inactive_label', {
                days: data.inactiveCases.days,
              })}
              value={data.inactiveCases.count}
              to={inactiveCasesPath(me, new Date(), data.inactiveCases.days)}
              color="warning"
              testId="dash-inactive-count"
            />
          </FigureRow>
          <ItemList
            items={data.inactiveCases.items}
            empty={translate('haven.dashboard.no_inactive')}
            testId="dash-inactive-list"
            render={(item) => (
              <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
                <Link to={casePath(item.id)} variant="body2">
                  {item.reference}
                </Link>
                <Typography variant="caption" color="text.secondary">
                  {translate('haven.dashboard.last_activity', {
                    date: formatInstant(item.lastActivityAt, locale),
                  })}
                </Typography>
              </Stack>
            )}
          />
        </Section>
      </Grid>
    </Grid>
  );
};
