import HistoryIcon from '@mui/icons-material/History';
import type { ResourceProps } from 'react-admin';
import { AuditEventList } from './AuditEventList';

/** `audit-events`: the read-only audit trail (admins and supervisors, `audit.read`). */
export const auditEvents: Omit<ResourceProps, 'name'> = {
  list: AuditEventList,
  icon: HistoryIcon,
};
