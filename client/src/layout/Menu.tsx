import EventIcon from '@mui/icons-material/Event';
import GroupsIcon from '@mui/icons-material/Groups';
import HistoryIcon from '@mui/icons-material/History';
import PeopleIcon from '@mui/icons-material/People';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import PersonIcon from '@mui/icons-material/Person';
import WorkIcon from '@mui/icons-material/Work';
import type { ComponentType } from 'react';
import { Menu as RaMenu, usePermissions } from 'react-admin';
import type { Role } from '@haven/shared';
import { roleCanAccess } from '../providers/access';
import { useSessionRestriction } from '../account/mfa/restriction';
import { CASELOAD_MENU_ENTRY } from '../dashboard';
import { DATA_REQUESTS_MENU_ENTRY } from '../data-requests';
import { NOTES_MENU_ENTRY } from '../notes';
import { STATISTICS_MENU_ENTRY } from '../statistics';
import { RETENTION_MENU_ENTRY } from '../retention';
import { TASKS_MENU_ENTRY } from '../tasks';

/**
 * Menu entries in display order; each shows only to roles the shared role map lets use it
 * (`<resource>.read` for lists, `intake.create` for the intake wizard).
 */
export const MENU_ENTRIES: {
  resource: string;
  action: string;
  to: string;
  label: string;
  icon: ComponentType;
}[] = [
  { resource: 'cases', action: 'list', to: '/cases', label: 'haven.menu.cases', icon: WorkIcon },
  {
    resource: 'clients',
    action: 'list',
    to: '/clients',
    label: 'haven.menu.clients',
    icon: PersonIcon,
  },
  {
    resource: 'deadlines',
    action: 'list',
    to: '/deadlines',
    label: 'haven.menu.deadlines',
    icon: EventIcon,
  },
  TASKS_MENU_ENTRY,
  NOTES_MENU_ENTRY,
  {
    resource: 'intake',
    action: 'create',
    to: '/intake',
    label: 'haven.menu.intake',
    icon: PersonAddIcon,
  },
  DATA_REQUESTS_MENU_ENTRY,
  CASELOAD_MENU_ENTRY,
  STATISTICS_MENU_ENTRY,
  { resource: 'users', action: 'list', to: '/users', label: 'haven.menu.users', icon: PeopleIcon },
  { resource: 'teams', action: 'list', to: '/teams', label: 'haven.menu.teams', icon: GroupsIcon },
  RETENTION_MENU_ENTRY,
  {
    resource: 'audit-events',
    action: 'list',
    to: '/audit-events',
    label: 'haven.menu.audit',
    icon: HistoryIcon,
  },
];

export const Menu = () => {
  const { permissions } = usePermissions<Role | null>();
  // A session that must first change its password or enrol a second factor opens nothing else.
  const restricted = useSessionRestriction();
  if (restricted) return null;
  return (
    <RaMenu data-testid="haven-menu">
      <RaMenu.DashboardItem />
      {MENU_ENTRIES.filter((entry) => roleCanAccess(permissions, entry.resource, entry.action)).map(
        ({ to, label, icon: Icon }) => (
          <RaMenu.Item key={to} to={to} primaryText={label} leftIcon={<Icon />} />
        ),
      )}
    </RaMenu>
  );
};
