import { CircularProgress } from '@mui/material';
import { lazy, Suspense } from 'react';
import type { CaseTasksRecord } from './CaseTasksTab';

const LazyCaseTasksTab = lazy(() =>
  import('./CaseTasksTab').then((module) => ({ default: module.CaseTasksTab })),
);

export const TaskList = lazy(() =>
  import('./TaskList').then((module) => ({ default: module.TaskList })),
);
export const TaskEdit = lazy(() =>
  import('./TaskEdit').then((module) => ({ default: module.TaskEdit })),
);

/** The case page's Tasks tab, with its own spinner while its code arrives. */
export const CaseTasksTab = (props: { record?: CaseTasksRecord }) => (
  <Suspense fallback={<CircularProgress size={24} />}>
    <LazyCaseTasksTab {...props} />
  </Suspense>
);
