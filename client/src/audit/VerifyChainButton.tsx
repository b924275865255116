import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import {
  Alert,
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
} from '@mui/material';
import type { AuditVerifyResponse } from '@haven/shared';
import { useState } from 'react';
import { Button, useCanAccess, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { HavenDataProvider } from '../providers/dataProvider';

/**
 * Asks the server to re-walk the audit trail's hash chain (`GET /api/audit-events/verify`) and
 * shows whether any event was altered or removed. Admins only (`audit.verify`).
 */
export const VerifyChainButton = () => {
  const { canAccess } = useCanAccess({ resource: 'audit-events', action: 'verify' });
  const dataProvider = useDataProvider<HavenDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerifyResponse | null>(null);

  if (!canAccess) return null;

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
