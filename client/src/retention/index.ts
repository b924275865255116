import GavelIcon from '@mui/icons-material/Gavel';
import { lazy } from 'react';

/** The admin's retention page, loaded with its route. */
export const RetentionPage = lazy(() =>
  import('./RetentionPage').then((m) => ({ default: m.RetentionPage })),
);
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
