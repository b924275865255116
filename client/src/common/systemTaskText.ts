import {
  DEADLINE_RULES,
  ruleDescription,
  uiLocale,
  type SystemTaskParams,
  type TaskResponse,
} from '@haven/shared';
import { formatDay } from './dates';
import type { Translate } from './serverErrors';

/**
 * The title and description of a task Haven made itself (a deadline reminder, a rule recheck),
 * told from its code and parameters in the reader's language; a task without a code (one a person
 * wrote, or a system task made before codes) is told as written.
 */
type Told = Pick<TaskResponse, 'title' | 'description' | 'titleCode' | 'titleParams'>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function ruleName(id: string, locale: string): string {
  const rule = DEADLINE_RULES.find((candidate) => candidate.id === id);
  return rule ? ruleDescription(rule, uiLocale(locale)) : id;
}

function params(
  task: Told,
  translate: Translate,
  locale: string,
): (SystemTaskParams & Record<string, unknown>) | null {
  const given = task.titleParams;
  if (!given) return null;
  return {
    ...given,
    due: typeof given.dueOn === 'string' ? formatDay(given.dueOn, locale) : '',
    kind: translate(`haven.enums.deadlineKind.${text(given.kind)}`, { _: text(given.kind) }),
    rule: typeof given.rule === 'string' ? ruleName(given.rule, locale) : '',
  };
}

export function systemTaskTitle(task: Told, translate: Translate, locale: string): string {
  const values = params(task, translate, locale);
  if (!values) return task.title;
  if (task.titleCode === 'reminder') {
    const days = typeof values.days === 'number' ? values.days : null;
    if (days === null) return task.title;
    return days === 0
      ? translate('haven.system_tasks.reminder_today', values)
      : translate('haven.system_tasks.reminder_title', { ...values, smart_count: days });
  }
  if (task.titleCode === 'recheck') return translate('haven.system_tasks.recheck_title', values);
  return task.title;
}

export function systemTaskDescription(
  task: Told,
  translate: Translate,
  locale: string,
): string | null {
  const values = params(task, translate, locale);
  if (!values) return task.description;
  if (task.titleCode === 'reminder')
    return translate('haven.system_tasks.reminder_description', values);
  if (task.titleCode === 'recheck')
    return translate('haven.system_tasks.recheck_description', values);
  return task.description;
}
