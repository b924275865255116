import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  CircularProgress,
  Grid,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { CaseListItem, CaseloadListItem, CaseloadRow, TeamResponse } from '@haven/shared';
import { useEffect, useState } from 'react';
import {
  Link,
  Title,
  useCanAccess,
  useDataProvider,
  useGetIdentity,
  useGetList,
  useGetOne,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { useSearchParams } from 'react-router';
import { formatDay } from '../common/dates';
import { enumKey } from '../common/enums';
import { useDateLocale } from '../common/useDateLocale';
import type { HavenIdentity } from '../providers/authProvider';
import type { HavenDataProvider } from '../providers/dataProvider';
import { errorMessage } from '../common/errorMessage';
import { OPEN_STAGES, casePath } from './dashboardLinks';
import { CASEWORKER_LOAD_COLUMNS, LoadTableHead } from './DashboardParts';

/** The caseload table to pick from: who carries how much. */
const CaseloadPicker = ({
  rows,
  selected,
  onSelect,
}: {
  rows: CaseloadRow[];
  selected: string | null;
  onSelect: (userId: string) => void;
}) => {
  return (
    <TableContainer>
      <Table size="small" data-testid="caseload-table">
        <LoadTableHead columns={CASEWORKER_LOAD_COLUMNS} />
        <TableBody>
          {rows.map((row) => (
            <TableRow
              key={row.userId}
              hover
              selected={row.userId === selected}
              onClick={() => onSelect(row.userId)}
              sx={{ cursor: 'pointer' }}
              data-testid="caseload-row"
              data-user={row.userId}
            >
              <TableCell>
                <Box
                  component="button"
                  type="button"
                  onClick={() => onSelect(row.userId)}
                  aria-pressed={row.userId === selected}
                  sx={{
                    all: 'unset',
                    cursor: 'pointer',
                    fontWeight: row.userId === selected ? 700 : undefined,
                    '&:focus-visible': { outline: 2, outlineColor: 'primary.main' },
                  }}
                >
                  {row.fullName}
                </Box>
              </TableCell>
              <TableCell align="right" data-testid="caseload-open-count">
                {row.openCases}
              </TableCell>
              <TableCell align="right">{row.urgentCases}</TableCell>
              <TableCell align="right">{row.overdueDeadlines}</TableCell>
              <TableCell align="right">{row.openTasks}</TableCell>
              <TableCell align="right">{row.overdueTasks}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

/**
 * An admin's choice of team: a search over the teams (`GET /api/teams?q=`), a page at a time, so
 * it stays quick however many teams there are. The chosen team lives in the URL (`?teamId=`), so
 * the dashboard's team names link straight to it.
 */
const TeamPicker = ({
  teamId,
  onChange,
}: {
  teamId: string | null;
  onChange: (teamId: string) => void;
}) => {
  const translate = useTranslate();
  // What the admin is typing; null while not typing, when the field shows the chosen team's name.
  const [typed, setTyped] = useState<string | null>(null);
  const chosen = useGetOne<TeamResponse>(
    'teams',
    { id: teamId ?? '' },
    { enabled: Boolean(teamId) },
  );
  const options = useGetList<TeamResponse>('teams', {
    pagination: { page: 1, perPage: 20 },
    sort: { field: 'name', order: 'ASC' },
    filter: { q: typed?.trim() || undefined },
  });
  const value = teamId ? (chosen.data ?? null) : null;
  return (
    <Autocomplete
      id="caseload-team"
      options={options.data ?? []}
      value={value}
      // Choosing another team replaces this one; emptying the text to search again keeps it.
      disableClearable={value !== null}
      loading={options.isPending}
      filterOptions={(all) => all}
      getOptionLabel={(team) => team.name}
      isOptionEqualToValue={(option, current) => option.id === current.id}
      onChange={(_, team) => {
        if (team) onChange(team.id);
      }}
      inputValue={typed ?? value?.name ?? ''}
      onInputChange={(_, text, reason) => setTyped(reason === 'input' ? text : null)}
      onClose={() => setTyped(null)}
      noOptionsText={translate('haven.dashboard.no_team_found')}
      loadingText={translate('ra.page.loading')}
      openText={translate('ra.action.open')}
      closeText={translate('ra.action.close')}
      clearText={translate('ra.action.clear_input_value')}
      sx={{ mb: 2, maxWidth: 420 }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={translate('haven.dashboard.pick_team')}
          helperText={translate('haven.dashboard.pick_team_help')}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'caseload-team-input' },
          }}
        />
      )}
    />
  );
};

/**
 * Rebalancing a team's caseload (supervisors within their team, admins anywhere): pick a
 * caseworker, select some of their open cases, give them to a colleague of the same team
 * (`POST /api/cases/reassign`, all or nothing), and watch the counts move. The caseload is one
 * team's (`GET /api/caseload`): a supervisor's own; an admin chooses the team first.
 */
export const CaseloadPage = () => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<HavenDataProvider>();
  const { canAccess, isPending: accessPending } = useCanAccess({
    resource: 'cases',
    action: 'reassign',
  });
  const { identity, isPending: identityPending } = useGetIdentity();
  const isAdmin = (identity as HavenIdentity | undefined)?.role === 'admin';
  const [params, setParams] = useSearchParams();
  const teamId = params.get('teamId');
  const caseload = useGetList<CaseloadListItem>(
    'caseload',
    {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'fullName', order: 'ASC' },
      filter: { teamId: teamId ?? undefined },
    },
    { enabled: canAccess === true && !identityPending && (!isAdmin || Boolean(teamId)) },
  );
  const [from, setFrom] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const rows = caseload.data ?? [];
  const source = rows.find((row) => row.userId === from);
  const colleagues = rows.filter(
    (row) => source && row.teamId === source.teamId && row.userId !== from,
  );
  const chooseTeam = (next: string) => setParams({ teamId: next });
  // Another team (picked, or through the URL: back, forward, the menu): start afresh.
  useEffect(() => {
    setFrom(null);
    setSelected([]);
    setTo('');
    setFailure(null);
  }, [teamId]);
  const cases = useGetList<CaseListItem>(
    'cases',
    {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'nextDeadlineOn', order: 'ASC' },
      filter: { assignedToId: from ?? undefined, stage: OPEN_STAGES },
    },
    { enabled: Boolean(from) },
  );
  const list = cases.data ?? [];

  const choose = (userId: string) => {
    setFrom(userId);
    setSelected([]);
    setTo('');
    setFailure(null);
  };
  const toggle = (id: string) =>
    setSelected((current) =>
      current.includes(id) ? current.filter((x) => x !== id) : [...current, id],
    );

  const reassign = async () => {
    if (!to || selected.length === 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await dataProvider.resourceAction('cases', 'reassign', {
        method: 'POST',
        body: { caseIds: selected, assignedToId: to },
      });
      notify('haven.dashboard.reassigned', {
        type: 'success',
        messageArgs: {
          smart_count: selected.length,
          name: rows.find((row) => row.userId === to)?.fullName ?? '',
        },
      });
      setSelected([]);
      // The caseload counts and the case list are fetched again: the numbers move.
      refresh();
    } catch (error) {
      const message = errorMessage(error);
      setFailure(translate(message, { _: message }));
    } finally {
      setBusy(false);
    }
  };

  if (accessPending || identityPending) return <CircularProgress size={24} />;
  if (!canAccess) {
    return (
      <Alert severity="warning" sx={{ mt: 2 }}>
        {translate('haven.dashboard.rebalance_forbidden')}
      </Alert>
    );
  }

  return (
    <Box sx={{ mt: { xs: 1, sm: 2 }, mb: 4 }} data-testid="caseload-page">
      <Title title="haven.dashboard.rebalance_title" />
      <Typography variant="h5" component="h1" gutterBottom>
        {translate('haven.dashboard.rebalance_title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('haven.dashboard.rebalance_help')}
      </Typography>
      {isAdmin && <TeamPicker teamId={teamId} onChange={chooseTeam} />}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 5 }}>
          <Card variant="outlined">
            <CardContent>
              {isAdmin && !teamId ? (
                <Typography color="text.secondary" data-testid="caseload-choose-team">
                  {translate('haven.dashboard.pick_team_help')}
                </Typography>
              ) : caseload.error ? (
                <Alert severity="error">
                  {translate(caseload.error.message, { _: caseload.error.message })}
                </Alert>
              ) : caseload.isPending ? (
                <CircularProgress size={24} />
              ) : rows.length === 0 ? (
                <Typography color="text.secondary">
                  {translate('haven.dashboard.no_caseworkers')}
                </Typography>
              ) : (
                <>
                  <CaseloadPicker rows={rows} selected={from} onSelect={choose} />
                  {(caseload.total ?? 0) > rows.length && (
                    <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                      {translate('haven.dashboard.caseload_truncated', {
                        shown: rows.length,
                        total: caseload.total,
                      })}
                    </Typography>
                  )}
                </>
              )}
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 7 }}>
          <Card variant="outlined">
            <CardContent>
              {!source ? (
                <Typography color="text.secondary">
                  {translate('haven.dashboard.pick_caseworker')}
                </Typography>
              ) : (
                <Stack spacing={2}>
                  <Typography variant="h6" component="h2">
                    {translate('haven.dashboard.open_cases_of', { name: source.fullName })}
                  </Typography>
                  {cases.isPending ? (
                    <CircularProgress size={24} />
                  ) : list.length === 0 ? (
                    <Typography color="text.secondary">
                      {translate('haven.dashboard.no_open_cases')}
                    </Typography>
                  ) : (
                    <TableContainer>
                      <Table size="small" data-testid="caseload-cases">
                        <TableHead>
                          <TableRow>
                            <TableCell padding="checkbox">
                              <Checkbox
                                checked={selected.length === list.length}
                                indeterminate={selected.length > 0 && selected.length < list.length}
                                onChange={(event) =>
                                  setSelected(event.target.checked ? list.map((c) => c.id) : [])
                                }
                                slotProps={{
                                  input: { 'aria-label': translate('haven.dashboard.select_all') },
                                }}
                              />
                            </TableCell>
                            <TableCell>{translate('resources.cases.fields.reference')}</TableCell>
                            <TableCell>{translate('resources.cases.fields.clientName')}</TableCell>
                            <TableCell>{translate('resources.cases.fields.stage')}</TableCell>
                            <TableCell>{translate('resources.cases.fields.priority')}</TableCell>
                            <TableCell>
                              {translate('resources.cases.fields.nextDeadlineOn')}
                            </TableCell>
                          </TableRow>
                        </TableHead>
                        <TableBody>
                          {list.map((item) => (
                            <TableRow
                              key={item.id}
                              data-testid="caseload-case"
                              selected={selected.includes(item.id)}
                            >
                              <TableCell padding="checkbox">
                                <Checkbox
                                  checked={selected.includes(item.id)}
                                  onChange={() => toggle(item.id)}
                                  slotProps={{ input: { 'aria-label': item.reference } }}
                                />
                              </TableCell>
                              <TableCell>
                                <Link to={casePath(item.id)}>{item.reference}</Link>
                              </TableCell>
                              <TableCell>{item.clientName}</TableCell>
                              <TableCell>{translate(enumKey('stage', item.stage))}</TableCell>
                              <TableCell>{translate(enumKey('priority', item.priority))}</TableCell>
                              <TableCell>
                                {item.nextDeadlineOn ? formatDay(item.nextDeadlineOn, locale) : '—'}
                              </TableCell>
                            </TableRow>
                          ))}
                        </TableBody>
                      </Table>
                    </TableContainer>
                  )}
                  <Stack
                    direction={{ xs: 'column', sm: 'row' }}
                    spacing={2}
                    sx={{ alignItems: { sm: 'center' } }}
                  >
                    <TextField
                      select
                      id="caseload-target"
                      name="assignedToId"
                      label={translate('haven.dashboard.reassign_to')}
                      value={to}
                      onChange={(event) => setTo(event.target.value)}
                      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
                      sx={{ minWidth: 240, flex: 1 }}
                    >
                      <option value="">{translate('haven.dashboard.choose')}</option>
                      {colleagues.map((row) => (
                        <option key={row.userId} value={row.userId}>
                          {translate('haven.dashboard.colleague_load', {
                            name: row.fullName,
                            smart_count: row.openCases,
                          })}
                        </option>
                      ))}
                    </TextField>
                    <Button
                      variant="contained"
                      startIcon={<SwapHorizIcon />}
                      disabled={busy || !to || selected.length === 0}
                      onClick={() => void reassign()}
                      data-testid="caseload-reassign"
                      sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
                    >
                      {translate('haven.dashboard.reassign_selected', {
                        smart_count: selected.length,
                      })}
                    </Button>
                  </Stack>
                  {colleagues.length === 0 && (
                    <Typography variant="body2" color="text.secondary">
                      {translate('haven.dashboard.no_colleagues')}
                    </Typography>
                  )}
                  {failure && (
                    <Alert severity="error" role="alert">
                      {failure}
                    </Alert>
                  )}
                </Stack>
              )}
            </CardContent>
          </Card>
        </Grid>
      </Grid>
    </Box>
  );
};
