import PersonIcon from '@mui/icons-material/Person';
import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';

const ClientList = lazy(() => import('./ClientList').then((m) => ({ default: m.ClientList })));
const ClientShow = lazy(() => import('./ClientShow').then((m) => ({ default: m.ClientShow })));
const ClientEdit = lazy(() => import('./ClientEdit').then((m) => ({ default: m.ClientEdit })));

/** `clients`: no create route (clients are created by intake) and no delete. */
export const clients: Omit<ResourceProps, 'name'> = {
  list: ClientList,
  show: ClientShow,
  edit: ClientEdit,
  icon: PersonIcon,
  recordRepresentation: (record: { givenName?: string; familyName?: string }) =>
    `${record.givenName ?? ''} ${record.familyName ?? ''}`.trim(),
};
