import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import {
  Alert,
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  Typography,
} from '@mui/material';
import type { AuditProblem, AuditVerifyResponse } from '@haven/shared';
import { useState } from 'react';
import { Button, useCanAccess, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { HavenDataProvider } from '../providers/dataProvider';

/** How many of the problems the dialog lists (the server returns at most 100). */
const SHOWN_PROBLEMS = 20;

/**
 * Asks the server to re-walk the audit trail's hash chain (`GET /api/audit-events/verify`) and
 * shows whether any event was altered or removed, and every problem found. Admins only (`audit.verify`).
 */
export const VerifyChainButton = () => {
  const { canAccess } = useCanAccess({ resource: 'audit-events', action: 'verify' });
  const dataProvider = useDataProvider<HavenDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerifyResponse | null>(null);

  if (!canAccess) return null;

  const describe = (problem: AuditProblem) =>
    translate(
      problem.throughSeq !== undefined && problem.throughSeq !== problem.seq
        ? 'haven.audit.problem_range'
        : 'haven.audit.problem_one',
      {
        seq: problem.seq,
        through: problem.throughSeq ?? problem.seq,
        reason: translate(`haven.audit.reasons.${problem.reason}`),
      },
    );

  const verify = async () => {
    setRunning(true);
    try {
      setResult(await dataProvider.resourceAction<AuditVerifyResponse>('audit-events', 'verify'));
    } catch (error) {
      const message = (error as { message?: string } | null)?.message;
      notify(message || 'haven.audit.verify_failed', { type: 'error' });
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <Button label="haven.audit.verify" onClick={() => void verify()} disabled={running}>
        <VerifiedUserIcon />
      </Button>
      <Dialog open={result !== null} onClose={() => setResult(null)} aria-labelledby="verify-title">
        <DialogTitle id="verify-title">{translate('haven.audit.verify_title')}</DialogTitle>
        <DialogContent>
          {result?.ok ? (
            <Alert severity="success" data-testid="verify-result">
              {translate('haven.audit.verify_ok', { smart_count: result.checked })}
            </Alert>
          ) : result ? (
            <Alert severity="error" data-testid="verify-result">
              {translate('haven.audit.verify_broken', {
                seq: result.firstBroken?.seq ?? '?',
                checked: result.checked,
                reason: result.firstBroken
                  ? translate(`haven.audit.reasons.${result.firstBroken.reason}`)
                  : '',
              })}
              {(result.problems ?? []).length > 1 ? (
                <>
                  <Typography variant="body2" sx={{ mt: 1 }}>
                    {translate('haven.audit.problems_title')}
                  </Typography>
                  <List dense disablePadding data-testid="verify-problems">
                    {result.problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
                      <ListItem
                        key={`${problem.reason}-${problem.seq}`}
                        disableGutters
                        sx={{ py: 0 }}
                      >
                        {describe(problem)}
                      </ListItem>
                    ))}
                    {result.problems.length > SHOWN_PROBLEMS ? (
                      <ListItem disableGutters sx={{ py: 0 }}>
                        …
                      </ListItem>
                    ) : null}
                  </List>
                </>
              ) : null}
            </Alert>
          ) : null}
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setResult(null)} autoFocus>
            {translate('ra.action.close')}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};
