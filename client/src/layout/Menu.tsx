import GroupsIcon from '@mui/icons-material/Groups';
import HistoryIcon from '@mui/icons-material/History';
import PeopleIcon from '@mui/icons-material/People';
import type { ComponentType } from 'react';
import { Menu as RaMenu, usePermissions } from 'react-admin';
import type { Role } from '@haven/shared';
import { roleCanAccess } from '../providers/access';

/** Menu entries in display order; each shows only to roles the shared role map lets list it. */
export const MENU_ENTRIES: { resource: string; label: string; icon: ComponentType }[] = [
  { resource: 'users', label: 'haven.menu.users', icon: PeopleIcon },
  { resource: 'teams', label: 'haven.menu.teams', icon: GroupsIcon },
  { resource: 'audit-events', label: 'haven.menu.audit', icon: HistoryIcon },
];

export const Menu = () => {
  const { permissions } = usePermissions<Role | null>();
  return (
    <RaMenu data-testid="haven-menu">
      <RaMenu.DashboardItem />
      {MENU_ENTRIES.filter((entry) => roleCanAccess(permissions, entry.resource, 'list')).map(
        ({ resource, label, icon: Icon }) => (
          <RaMenu.Item key={resource} to={`/${resource}`} primaryText={label} leftIcon={<Icon />} />
        ),
      )}
    </RaMenu>
  );
};
