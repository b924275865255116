import GavelIcon from '@mui/icons-material/Gavel';
import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';

const DataRequestList = lazy(() =>
  import('./DataRequestList').then((m) => ({ default: m.DataRequestList })),
);

/** `data-requests`: the list; requests are recorded and closed from dialogs (no create/edit page). */
export const dataRequests: Omit<ResourceProps, 'name'> = {
  list: DataRequestList,
  icon: GavelIcon,
};

export const DATA_REQUESTS_MENU_ENTRY = {
  resource: 'data-requests',
  action: 'list',
  to: '/data-requests',
  label: 'haven.menu.data_requests',
  icon: GavelIcon,
};

export { ClientDataRequests } from './ClientDataRequests';
export { en as dataRequestsEn, ru as dataRequestsRu } from './messages';
