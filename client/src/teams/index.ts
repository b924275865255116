import GroupsIcon from '@mui/icons-material/Groups';
import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';

// Pages load with their route, not with the app shell.
const TeamCreate = lazy(() => import('./TeamCreate').then((m) => ({ default: m.TeamCreate })));
const TeamEdit = lazy(() => import('./TeamEdit').then((m) => ({ default: m.TeamEdit })));
const TeamList = lazy(() => import('./TeamList').then((m) => ({ default: m.TeamList })));
const TeamShow = lazy(() => import('./TeamShow').then((m) => ({ default: m.TeamShow })));

export const teams: Omit<ResourceProps, 'name'> = {
  list: TeamList,
  show: TeamShow,
  edit: TeamEdit,
  create: TeamCreate,
  icon: GroupsIcon,
  recordRepresentation: 'name',
};
