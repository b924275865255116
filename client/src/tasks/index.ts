import AssignmentIcon from '@mui/icons-material/Assignment';
import type { ResourceProps } from 'react-admin';
import { TaskMenuIcon } from './TaskMenuBadge';
import { TaskEdit, TaskList } from './lazy';

export { CaseTasksTab } from './lazy';
export type { CaseTasksRecord } from './CaseTasksTab';
export { TaskMenuBadge, TaskMenuIcon } from './TaskMenuBadge';
export { useWaitingTaskCount } from './useWaitingTaskCount';
export { en as tasksEn, ru as tasksRu } from './messages';

/** `tasks`: queues and quick actions on the list; new tasks from a dialog; edit for the details. */
export const tasks: Omit<ResourceProps, 'name'> = {
  list: TaskList,
  edit: TaskEdit,
  icon: AssignmentIcon,
  recordRepresentation: 'title',
};

/**
 * The menu entry, as data for layout/Menu.tsx's MENU_ENTRIES. `icon` carries the waiting-tasks
 * badge (it counts with two small requests, only for roles that have tasks).
 */
export const TASKS_MENU_ENTRY = {
  resource: 'tasks',
  action: 'list',
  to: '/tasks',
  label: 'haven.tasks.menu',
  icon: TaskMenuIcon,
};
