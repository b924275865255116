import { Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { ReferenceField, TextField, Title, useGetIdentity, useTranslate } from 'react-admin';
import type { HavenIdentity } from '../providers/authProvider';

/**
 * A placeholder until case work lands: who is signed in, in which role and team. The real
 * dashboard will show the server's `/api/dashboard` figures (the browser never aggregates).
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity, isPending } = useGetIdentity();
  if (isPending || !identity) return null;
  const me = identity as HavenIdentity;

  return (
    <Card sx={{ mt: { xs: 1, sm: 2 } }}>
      <Title title="ra.page.dashboard" />
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          {translate('haven.dashboard.welcome', { name: me.fullName })}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 3 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" color="text.secondary">
              {translate('haven.dashboard.role')}:
            </Typography>
            <Chip
              size="small"
              color="primary"
              data-testid="dashboard-role"
              label={translate(`haven.roles.${me.role}`)}
            />
          </Stack>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" color="text.secondary">
              {translate('haven.dashboard.team')}:
            </Typography>
            {me.teamId ? (
              // The team's name comes from the API: the caller may read their own team.
              <ReferenceField
                record={{ id: me.id, teamId: me.teamId }}
                source="teamId"
                reference="teams"
                link={false}
              >
                <TextField source="name" />
              </ReferenceField>
            ) : (
              <Typography variant="body2">{translate('haven.dashboard.no_team')}</Typography>
            )}
          </Stack>
        </Stack>
        <Typography variant="body1" color="text.secondary">
          {translate('haven.dashboard.empty')}
        </Typography>
      </CardContent>
    </Card>
  );
};
