import type { Priority } from '@haven/shared';

/** The new-task form's values; `holder` is "me", "team" (the team's queue) or a user id. */
export interface TaskFormValues {
  title: string;
  description: string;
  priority: Priority;
  dueOn: string;
  holder: string;
  teamId: string;
}

/** `POST /api/tasks`: empty optional fields are left out; the team's queue is `assigneeId: null`. */
export function createTaskBody(
  values: TaskFormValues,
  context: { caseId?: string; meId: string; adminWithoutCase: boolean },
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    title: values.title.trim(),
    priority: values.priority,
    assigneeId:
      values.holder === 'me' ? context.meId : values.holder === 'team' ? null : values.holder,
  };
  if (context.caseId) body.caseId = context.caseId;
  if (values.description.trim()) body.description = values.description.trim();
  if (values.dueOn) body.dueOn = values.dueOn;
  if (context.adminWithoutCase && values.teamId) body.teamId = values.teamId;
  return body;
}
