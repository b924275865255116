import GavelIcon from '@mui/icons-material/Gavel';
export { RetentionPage } from './RetentionPage';
export { LegalHoldButton, LegalHoldChip } from './LegalHoldPanel';
export { AnonymiseButton, AnonymisedChip } from './AnonymiseButton';
export { RETENTION_PATH, isAnonymised } from './api';

export const RETENTION_MENU_ENTRY = {
  resource: 'retention',
  action: 'manage',
  to: '/retention',
  label: 'haven.retention.menu',
  icon: GavelIcon,
};
