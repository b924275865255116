import EventIcon from '@mui/icons-material/Event';
import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';

const DeadlinesPage = lazy(() =>
  import('./DeadlinesPage').then((m) => ({ default: m.DeadlinesPage })),
);

/** `deadlines`: the agenda and month views; deadlines are added and settled from a case page. */
export const deadlines: Omit<ResourceProps, 'name'> = {
  list: DeadlinesPage,
  icon: EventIcon,
  recordRepresentation: 'title',
};
