import GroupsIcon from '@mui/icons-material/Groups';
import type { ResourceProps } from 'react-admin';
import { TeamCreate } from './TeamCreate';
import { TeamEdit } from './TeamEdit';
import { TeamList } from './TeamList';
import { TeamShow } from './TeamShow';

export const teams: Omit<ResourceProps, 'name'> = {
  list: TeamList,
  show: TeamShow,
  edit: TeamEdit,
  create: TeamCreate,
  icon: GroupsIcon,
  recordRepresentation: 'name',
};
