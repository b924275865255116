import AddIcon from '@mui/icons-material/Add';
import { Alert } from '@mui/material';
import type { ClientResponse } from '@haven/shared';
import { useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import { LabelledButton } from '../common/LabelledButton';

/**
 * A client page's "New case": the intake's case questions only, for this client (a returning
 * client is not registered again). Offered to those who may open cases, never for erased data.
 */
export const NewCaseButton = () => {
  const record = useRecordContext<ClientResponse>();
  const { canAccess } = useCanAccess({ resource: 'intake', action: 'create' });
  if (!record || !canAccess || record.anonymisedAt) return null;
  return (
    <LabelledButton
      to={`/intake?clientId=${encodeURIComponent(record.id)}`}
      label="haven.intake.returning.new_case"
      data-testid="client-new-case"
    >
      <AddIcon />
    </LabelledButton>
  );
};

/**
 * Consent first, on the client page: without consent to data processing, the legal basis the
 * data are processed on instead — or that none was recorded (clients from before the rule).
 */
export const ProcessingBasisFlag = ({ record }: { record: ClientResponse }) => {
  const translate = useTranslate();
  if (record.anonymisedAt || record.consent?.scopes.includes('data_processing')) return null;
  return (
    <Alert
      severity="warning"
      sx={{ mb: 1 }}
      data-testid="client-processing-basis"
      data-basis={record.processingBasis ?? ''}
    >
      {record.processingBasis
        ? translate('haven.clients.processing.no_consent_basis', {
            basis: translate(`haven.consent.basis.${record.processingBasis}`),
          })
        : translate('haven.clients.processing.no_consent_no_basis')}
    </Alert>
  );
};
