import { AUDIT_ACTIONS, type AuditEventResponse } from '@haven/shared';
import type { Translate } from '../common/serverErrors';

/**
 * An audit event told in the reader's language, from its codes alone: the action and the record
 * type ("Изменение: дело"), then what the structured details say — the fields changed (by their
 * screen labels), a stage's from and to, a task's step, counts, a format. The server's `summary`
 * is English; it is shown only for an event this client cannot tell (an action or record type it
 * does not know: an event older or newer than this client). No value is ever read from the
 * summary: the details hold codes, names of fields and counts only.
 */

type AuditLike = Pick<AuditEventResponse, 'action' | 'entityType' | 'details' | 'summary'>;

/** The react-admin resource whose field labels name an entity type's fields. */
const RESOURCE: Record<string, string> = {
  case: 'cases',
  client: 'clients',
  task: 'tasks',
  user: 'users',
  team: 'teams',
  note: 'notes',
  deadline: 'deadlines',
  data_request: 'data-requests',
  document: 'documents',
};

/** Details that are counts, in the order they are told. */
export const COUNT_KEYS = [
  'tasks',
  'tasksMoved',
  'events',
  'notes',
  'count',
  'revisions',
  'comments',
  'checked',
  'rows',
  'withheld',
  'cases',
  'clients',
  'recoveryCodes',
] as const;

/** The task steps a task event's details name (`details.action`), as the task buttons say them. */
const TASK_STEPS = [
  'claim',
  'assign',
  'start',
  'submit-review',
  'approve',
  'return',
  'complete',
  'reopen',
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A translation, or null when the key is unknown (polyglot gives back the `_` default). */
function known(translate: Translate, key: string, options: Record<string, unknown> = {}) {
  const text = translate(key, { ...options, _: '\u0000' });
  return text && text !== '\u0000' ? text : null;
}

/** A field's screen label ("Стадия"), else Haven's audit label, else the name as it is. */
export function fieldLabel(entityType: string | null, field: string, translate: Translate): string {
  const resource = entityType ? RESOURCE[entityType] : undefined;
  return (
    (resource ? known(translate, `resources.${resource}.fields.${field}`) : null) ??
    known(translate, `haven.audit.fields.${field}`) ??
    field
  );
}

/** Whether this client can tell the event from its codes (else the summary is shown). */
export function canDescribe(event: AuditLike, translate: Translate): boolean {
  if (!(AUDIT_ACTIONS as readonly string[]).includes(event.action)) return false;
  if (event.action.startsWith('auth.')) return true;
  return (
    event.entityType === null ||
    known(translate, `haven.audit.entities.${event.entityType}`) !== null
  );
}

/** The parts the details add, each already in the reader's language. */
export function detailParts(event: AuditLike, translate: Translate): string[] {
  const details = event.details;
  if (!isObject(details)) return [];
  const parts: string[] = [];
  const stage = details.stage;
  if (isObject(stage) && typeof stage.from === 'string' && typeof stage.to === 'string') {
    parts.push(
      translate('haven.audit.text.stage', {
        from: translate(`haven.enums.stage.${stage.from}`, { _: stage.from }),
        to: translate(`haven.enums.stage.${stage.to}`, { _: stage.to }),
      }),
    );
  }
  if (Array.isArray(details.fields)) {
    const fields = details.fields.filter(
      (field): field is string => typeof field === 'string' && !(field === 'stage' && stage),
    );
    if (fields.length)
      parts.push(
        translate('haven.audit.text.fields', {
          fields: fields.map((field) => fieldLabel(event.entityType, field, translate)).join(', '),
        }),
      );
  }
  if (event.entityType === 'task' && typeof details.action === 'string') {
    const from = isObject(details.from) ? details.from.status : undefined;
    const to = isObject(details.to) ? details.to.status : undefined;
    const status = (code: unknown) =>
      typeof code === 'string' ? translate(`haven.tasks.status.${code}`, { _: code }) : '';
    if (TASK_STEPS.includes(details.action))
      parts.push(
        translate('haven.audit.text.task', {
          action: translate(`haven.tasks.actions.${details.action.replace(/-/g, '_')}`, {
            _: details.action,
          }),
          from: status(from),
          to: status(to),
        }),
      );
    else if (details.action === 'unassign') parts.push(translate('haven.audit.text.unassigned'));
    else if (details.action === 'case_moved') parts.push(translate('haven.audit.text.case_moved'));
  }
  if (details.list === true && Array.isArray(details.ids))
    parts.push(translate('haven.audit.text.list', { smart_count: details.ids.length }));
  for (const key of COUNT_KEYS) {
    const value = details[key];
    if (typeof value === 'number' && Number.isFinite(value))
      parts.push(translate(`haven.audit.counts.${key}`, { smart_count: value }));
  }
  if (typeof details.format === 'string' && /^[a-z]+$/.test(details.format))
    parts.push(translate('haven.audit.text.format', { format: details.format.toUpperCase() }));
  if (typeof details.method === 'string') {
    const method = known(translate, `haven.audit.methods.${details.method}`);
    if (method) parts.push(translate('haven.audit.text.method', { method }));
  }
  if (event.action === 'verify' && typeof details.ok === 'boolean')
    parts.push(
      translate(details.ok ? 'haven.audit.text.verified_ok' : 'haven.audit.text.verified_broken'),
    );
  if (details.system === true) parts.push(translate('haven.audit.text.automatic'));
  return parts;
}

/** The head: "Изменение: дело"; an auth event is its action alone ("Вход"). */
export function auditHead(event: AuditLike, translate: Translate): string {
  const action = translate(`haven.audit.actions.${event.action}`, { _: event.action });
  if (event.action.startsWith('auth.') || !event.entityType) return action;
  return translate('haven.audit.text.head', {
    action,
    entity: translate(`haven.audit.entities.${event.entityType}`, { _: event.entityType }),
  });
}

/** The whole line: head and details ("Изменение: дело — стадия: Приём → Оценка; изменено: Стадия"). */
export function describeAuditEvent(event: AuditLike, translate: Translate): string {
  if (!canDescribe(event, translate)) return event.summary;
  const parts = detailParts(event, translate);
  const head = auditHead(event, translate);
  return parts.length ? `${head} — ${parts.join('; ')}` : head;
}
