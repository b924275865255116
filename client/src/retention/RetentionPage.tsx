import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  IconButton,
  MenuItem,
  Paper,
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
import DeleteIcon from '@mui/icons-material/Delete';
import {
  CASE_TYPES,
  type RetentionCase,
  type RetentionClient,
  type RetentionPlan,
  type RetentionPolicy,
  type RetentionRun,
} from '@haven/shared';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Title, useNotify, useTranslate } from 'react-admin';
import { errorMessage } from '../common/errorMessage';
import { formatDay, formatInstant } from '../common/dates';
import { useDateLocale } from '../common/useDateLocale';
import { applyRetention, getDue, getPolicies, getRuns, putPolicies } from './api';

const K = 'haven.retention';

/** The admin's retention page: policies, the dry run (who goes, who stays and why), apply, runs. */
export const RetentionPage = () => {
  const translate = useTranslate();
  const [runsKey, setRunsKey] = useState(0);
  return (
    <Box sx={{ p: { xs: 1, sm: 2 } }}>
      <Title title={translate(`${K}.title`)} />
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        {translate(`${K}.title`)}
      </Typography>
      <Stack spacing={3}>
        <DryRun onRun={() => setRunsKey((k) => k + 1)} />
        <Policies />
        <Runs key={runsKey} />
      </Stack>
    </Box>
  );
};

const useFailure = () => {
  const translate = useTranslate();
  return (error: unknown) => translate(errorMessage(error), { _: errorMessage(error) });
};

const Policies = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const describe = useFailure();
  const [policies, setPolicies] = useState<RetentionPolicy[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    getPolicies().then(setPolicies, (error) => setFailure(describe(error)));
  }, []);
  if (!policies) return failure ? <Alert severity="error">{failure}</Alert> : null;
  const change = (index: number, patch: Partial<RetentionPolicy>) =>
    setPolicies(policies.map((p, i) => (i === index ? { ...p, ...patch } : p)));
  const save = async () => {
    setFailure(null);
    try {
      setPolicies(await putPolicies(policies));
      notify(`${K}.saved`, { type: 'success' });
    } catch (error) {
      setFailure(describe(error));
    }
  };
  return (
    <Paper sx={{ p: 2 }} component="section" aria-labelledby="retention-policies">
      <Typography variant="h6" component="h2" id="retention-policies">
        {translate(`${K}.policies`)}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate(`${K}.policies_help`)}
      </Typography>
      {policies.length === 0 && <Alert severity="info">{translate(`${K}.no_policies`)}</Alert>}
      <Stack spacing={1}>
        {policies.map((policy, index) => (
          <Stack
            direction="row"
            spacing={1}
            key={index}
            sx={{ flexWrap: 'wrap', alignItems: 'center' }}
          >
            <TextField
              size="small"
              label={translate(`${K}.jurisdiction`)}
              value={policy.jurisdiction ?? ''}
              placeholder={translate(`${K}.any`)}
              onChange={(e) =>
                change(index, { jurisdiction: e.target.value.trim().toUpperCase() || null })
              }
              slotProps={{ htmlInput: { maxLength: 2 }, inputLabel: { shrink: true } }}
              sx={{ width: 120 }}
            />
            <TextField
              select
              size="small"
              label={translate(`${K}.case_type`)}
              value={policy.caseType ?? ''}
              onChange={(e) =>
                change(index, {
                  caseType: (e.target.value || null) as RetentionPolicy['caseType'],
                })
              }
              sx={{ width: 220 }}
              slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
            >
              <MenuItem value="">{translate(`${K}.any`)}</MenuItem>
              {CASE_TYPES.map((type) => (
                <MenuItem key={type} value={type}>
                  {translate(`haven.enums.caseType.${type}`, { _: type })}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              type="number"
              label={translate(`${K}.years`)}
              value={policy.years}
              onChange={(e) => change(index, { years: Number(e.target.value) })}
              slotProps={{ htmlInput: { min: 1, max: 100, step: 1 } }}
              sx={{ width: 100 }}
            />
            <FormControlLabel
              control={
                <Checkbox
                  checked={policy.fromYearEnd}
                  onChange={(e) => change(index, { fromYearEnd: e.target.checked })}
                />
              }
              label={translate(`${K}.from_year_end`)}
            />
            <TextField
              size="small"
              label={translate(`${K}.legal_basis`)}
              value={policy.legalBasis ?? ''}
              onChange={(e) => change(index, { legalBasis: e.target.value || null })}
              sx={{ flex: 1, minWidth: 200 }}
            />
            <IconButton
              aria-label={translate(`${K}.remove_policy`)}
              onClick={() => setPolicies(policies.filter((_, i) => i !== index))}
            >
              <DeleteIcon />
            </IconButton>
          </Stack>
        ))}
      </Stack>
      {failure && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {failure}
        </Alert>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        <Button
          onClick={() =>
            setPolicies([
              ...policies,
              {
                jurisdiction: null,
                caseType: null,
                years: 6,
                fromYearEnd: false,
                legalBasis: null,
              },
            ])
          }
        >
          {translate(`${K}.add_policy`)}
        </Button>
        <Button variant="contained" onClick={() => void save()}>
          {translate(`${K}.save_policies`)}
        </Button>
      </Stack>
    </Paper>
  );
};

const CaseRows = ({ cases }: { cases: RetentionCase[] }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  return (
    <>
      {cases.map((item) => (
        <div key={item.id}>
          <Link to={`/cases/${item.id}/show`}>{item.reference}</Link> · {item.jurisdiction} ·{' '}
          {translate(`${K}.state.${item.state}`)}
          {item.closedOn && ` · ${translate(`${K}.closed_on`)} ${formatDay(item.closedOn, locale)}`}
          {item.retainedUntil &&
            ` · ${translate(`${K}.retained_until`)} ${formatDay(item.retainedUntil, locale)}`}
        </div>
      ))}
    </>
  );
};

const ClientTable = ({ clients, testId }: { clients: RetentionClient[]; testId: string }) => {
  const translate = useTranslate();
  return (
    <Table size="small" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>{translate(`${K}.client`)}</TableCell>
          <TableCell>{translate(`${K}.cases`)}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {clients.map((client) => (
          <TableRow key={client.id}>
            <TableCell>
              <Link to={`/clients/${client.id}/show`}>
                {client.givenName} {client.familyName}
              </Link>{' '}
              ({client.reference})
            </TableCell>
            <TableCell>
              <CaseRows cases={client.cases} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const DryRun = ({ onRun }: { onRun: () => void }) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const notify = useNotify();
  const describe = useFailure();
  const [plan, setPlan] = useState<RetentionPlan | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    setFailure(null);
    try {
      setPlan(await getDue());
      onRun();
    } catch (error) {
      setFailure(describe(error));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const apply = async () => {
    if (!plan) return;
    setBusy(true);
    try {
      const ids = plan.going.flatMap((client) => client.cases.map((item) => item.id));
      const result = await applyRetention(ids);
      notify(`${K}.applied`, {
        type: 'success',
        messageArgs: { smart_count: result.counts.clients },
      });
      setConfirming(false);
      await load();
    } catch (error) {
      setFailure(describe(error));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper sx={{ p: 2 }} component="section" aria-labelledby="retention-dry-run">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2" id="retention-dry-run">
          {translate(`${K}.dry_run`)}
        </Typography>
        {plan && (
          <Typography variant="body2" color="text.secondary">
            {translate(`${K}.as_of`, { date: formatDay(plan.asOf, locale) })}
          </Typography>
        )}
        <Button onClick={() => void load()}>{translate(`${K}.refresh`)}</Button>
        <Button
          variant="contained"
          color="error"
          disabled={!plan || plan.going.length === 0}
          onClick={() => setConfirming(true)}
          data-testid="retention-apply"
        >
          {translate(`${K}.apply`)}
        </Button>
      </Stack>
      {failure && <Alert severity="error">{failure}</Alert>}
      {plan && (
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Typography variant="subtitle1" component="h3">
            {translate(`${K}.going`)} ({plan.going.length})
          </Typography>
          {plan.going.length ? (
            <ClientTable clients={plan.going} testId="retention-going" />
          ) : (
            <Alert severity="success" data-testid="retention-nothing-due">
              {translate(`${K}.nothing_due`)}
            </Alert>
          )}
          {plan.staying.length > 0 && (
            <>
              <Typography variant="subtitle1" component="h3">
                {translate(`${K}.staying`)} ({plan.staying.length})
              </Typography>
              <ClientTable clients={plan.staying} testId="retention-staying" />
            </>
          )}
          {plan.held.length > 0 && (
            <>
              <Typography variant="subtitle1" component="h3">
                {translate(`${K}.held`)} ({plan.held.length})
              </Typography>
              <Box data-testid="retention-held">
                <CaseRows cases={plan.held} />
              </Box>
            </>
          )}
        </Stack>
      )}
      {confirming && plan && (
        <Dialog open onClose={() => setConfirming(false)} aria-labelledby="retention-apply-title">
          <DialogTitle id="retention-apply-title">
            {translate(`${K}.apply_title`, { smart_count: plan.going.length })}
          </DialogTitle>
          <DialogContent>
            <DialogContentText>{translate(`${K}.apply_text`)}</DialogContentText>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setConfirming(false)} disabled={busy} autoFocus>
              {translate(`${K}.cancel`)}
            </Button>
            <Button
              color="error"
              variant="contained"
              disabled={busy}
              onClick={() => void apply()}
              data-testid="retention-apply-confirm"
            >
              {translate(`${K}.apply_confirm`)}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </Paper>
  );
};

const Runs = () => {
  const translate = useTranslate();
  const locale = useDateLocale();
  const describe = useFailure();
  const [runs, setRuns] = useState<RetentionRun[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    getRuns().then(
      (list) => setRuns(list.data),
      (error) => setFailure(describe(error)),
    );
  }, []);
  return (
    <Paper sx={{ p: 2 }} component="section" aria-labelledby="retention-runs">
      <Typography variant="h6" component="h2" id="retention-runs">
        {translate(`${K}.runs`)}
      </Typography>
      {failure && <Alert severity="error">{failure}</Alert>}
      {runs && runs.length === 0 && <Alert severity="info">{translate(`${K}.no_runs`)}</Alert>}
      {runs && runs.length > 0 && (
        // On a phone the runs table scrolls in its own box, not the page.
        <TableContainer>
          <Table size="small" data-testid="retention-runs">
            <TableHead>
              <TableRow>
                <TableCell>{translate(`${K}.run_at`)}</TableCell>
                <TableCell>{translate(`${K}.run_mode`)}</TableCell>
                <TableCell>{translate(`${K}.run_trigger`)}</TableCell>
                <TableCell>{translate(`${K}.run_counts`)}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.map((run) => (
                <TableRow key={run.id}>
                  <TableCell>{formatInstant(run.at, locale)}</TableCell>
                  <TableCell>{translate(`${K}.mode.${run.mode}`)}</TableCell>
                  <TableCell>{translate(`${K}.trigger.${run.trigger}`)}</TableCell>
                  <TableCell>
                    {run.caseCount} / {run.clientCount} / {run.stayingCount} / {run.heldCount}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Paper>
  );
};
