import QueryStatsIcon from '@mui/icons-material/QueryStats';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  Stack,
  Typography,
} from '@mui/material';
import type { DashboardResponse } from '@haven/shared';
import { Link, Title, useGetIdentity, useTranslate } from 'react-admin';
import type { HavenIdentity } from '../providers/authProvider';
import { CaseworkerDashboard } from './CaseworkerDashboard';
import { SupervisorDashboard } from './SupervisorDashboard';
import { useDashboard } from './useDashboard';

/** Analysts never see a person or a case: their start page leads to the anonymised statistics. */
const AnalystDashboard = () => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid="dash-analyst">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('haven.dashboard.statistics_title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('haven.dashboard.statistics_help')}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
          <Button
            component={Link}
            to="/statistics"
            variant="contained"
            startIcon={<QueryStatsIcon />}
            data-testid="dash-statistics-link"
          >
            {translate('haven.dashboard.open_tables')}
          </Button>
          <Button component={Link} to="/statistics#microdata" variant="outlined">
            {translate('haven.dashboard.open_microdata')}
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
};

const Figures = ({ data, me }: { data: DashboardResponse; me: HavenIdentity }) => {
  switch (data.role) {
    case 'caseworker':
      return <CaseworkerDashboard data={data} me={me.id} />;
    case 'supervisor':
    case 'admin':
      return <SupervisorDashboard data={data} />;
    case 'analyst':
      return <AnalystDashboard />;
  }
};

/**
 * The start page, shaped by role from `GET /api/dashboard`: the server counts, the browser only
 * shows. Every figure opens the list it counts, already filtered.
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity, isPending: identityPending } = useGetIdentity();
  const me = identity as HavenIdentity | undefined;
  const { data, isPending, error } = useDashboard(Boolean(me));
  if (identityPending || !me) return null;

  return (
    <Box sx={{ mt: { xs: 1, sm: 2 }, mb: 4 }} data-testid="dashboard" data-role={me.role}>
      <Title title="ra.page.dashboard" />
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ alignItems: { sm: 'center' }, mb: 2 }}
      >
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
          {translate('haven.dashboard.welcome', { name: me.fullName })}
        </Typography>
        <Chip
          size="small"
          color="primary"
          data-testid="dashboard-role"
          label={translate(`haven.roles.${me.role}`)}
        />
      </Stack>
      {error ? (
        <Alert severity="error">{translate(error.message, { _: error.message })}</Alert>
      ) : isPending || !data ? (
        <CircularProgress size={24} />
      ) : (
        <Figures data={data} me={me} />
      )}
    </Box>
  );
};
