import HistoryIcon from '@mui/icons-material/History';
import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';

// Pages load with their route, not with the app shell.
const AuditEventList = lazy(() =>
  import('./AuditEventList').then((m) => ({ default: m.AuditEventList })),
);

/** `audit-events`: the read-only audit trail (admins and supervisors, `audit.read`). */
export const auditEvents: Omit<ResourceProps, 'name'> = {
  list: AuditEventList,
  icon: HistoryIcon,
};
