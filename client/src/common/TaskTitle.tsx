import type { TaskResponse } from '@haven/shared';
import { useTranslate } from 'react-admin';
import { systemTaskTitle } from './systemTaskText';
import { useDateLocale } from './useDateLocale';

/** A task's title in the reader's language (a system task's from its code; see systemTaskText). */
export const TaskTitle = ({
  task,
}: {
  task: Pick<TaskResponse, 'title' | 'description' | 'titleCode' | 'titleParams'>;
}) => {
  const translate = useTranslate();
  const locale = useDateLocale();
  return <>{systemTaskTitle(task, translate, locale)}</>;
};
