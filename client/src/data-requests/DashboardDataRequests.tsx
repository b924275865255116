import { Stack, Typography } from '@mui/material';
import type { DashboardDataRequest } from '@haven/shared';
import { Link, useTranslate } from 'react-admin';
import { formatDay } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { Figure, FigureRow, ItemList, Section } from '../dashboard/DashboardParts';
import { DueOn } from './DataRequestFields';
import { ReferenceChip } from '../common/ReferenceField';

const LIST = '/data-requests';

/** The open requests about their data on a supervisor's or an admin's dashboard, like deadlines. */
export const DashboardDataRequests = ({
  figures,
}: {
  figures: { open: number; overdue: number; items: DashboardDataRequest[] };
}) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  return (
    <Section title={translate('haven.data_requests.dashboard_title')} testId="dash-data-requests">
      <FigureRow>
        <Figure
          label={translate('haven.data_requests.dashboard_open')}
          value={figures.open}
          to={LIST}
          color="primary"
          testId="dash-data-requests-open"
        />
        <Figure
          label={translate('haven.data_requests.dashboard_overdue')}
          value={figures.overdue}
          to={LIST}
          color="error"
          testId="dash-data-requests-overdue"
        />
      </FigureRow>
      <ItemList
        items={figures.items}
        empty={translate('haven.data_requests.dashboard_none')}
        allTo={LIST}
        testId="dash-data-requests-list"
        render={(item) => (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Link to={`/clients/${item.clientId}/show`} variant="body2">
              <ReferenceChip reference={item.clientReference} kind="client" />
            </Link>
            <Typography variant="body2" component="span">
              {translate(`haven.data_requests.type.${item.type}`)}
            </Typography>
            <Typography variant="caption" color="text.secondary" component="span">
              {formatDay(item.receivedOn, locale)} →
            </Typography>
            <DueOn request={{ status: 'open', dueOn: item.dueOn }} />
          </Stack>
        )}
      />
    </Section>
  );
};
