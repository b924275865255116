import { caseStageChangeContext } from '../cases/case-stage-change.entity.js';
import { caseContext, CASE_ENCRYPTED } from '../cases/case.mapper.js';
import { clientContext, CLIENT_ENCRYPTED } from '../clients/client.mapper.js';
import { commentContext, noteContext, revisionContext } from '../notes/notes.service.js';
import { totpSecretContext } from '../auth/mfa/mfa.entities.js';
import { documentContext, DOCUMENT_ENCRYPTED } from '../documents/document.entity.js';
import { consentNoteContext } from '../consent/consent-event.entity.js';
import { dataRequestNoteContext } from '../data-requests/data-request.entity.js';
import { deadlineContext } from '../deadlines/deadline.entity.js';
import { taskContext, TASK_ENCRYPTED } from '../tasks/task.entity.js';
import { legalHoldContext } from '../retention/legal-hold.js';
import { intakeDraftContext } from '../intake-drafts/intake-draft.entity.js';

/** Every encrypted column, with the associated data each value is bound to. Key rotation walks this list. */
export interface EncryptedColumn {
  table: string;
  column: string;
  context: (id: string) => string;
  /** The row's key column, which the context names (default `id`). */
  key?: string;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  ...CLIENT_ENCRYPTED.map((field) => ({
    table: 'client',
    column: snake(field),
    context: (id: string) => clientContext(field, id),
  })),
  ...CASE_ENCRYPTED.map((field) => ({
    table: 'legal_case',
    column: snake(field),
    context: (id: string) => caseContext(field, id),
  })),
  { table: 'note', column: 'title', context: (id) => noteContext('title', id) },
  { table: 'note', column: 'body', context: (id) => noteContext('body', id) },
  { table: 'note', column: 'evidence', context: (id) => noteContext('evidence', id) },
  { table: 'note_revision', column: 'title', context: (id) => revisionContext('title', id) },
  { table: 'note_revision', column: 'body', context: (id) => revisionContext('body', id) },
  { table: 'note_revision', column: 'evidence', context: (id) => revisionContext('evidence', id) },
  { table: 'note_comment', column: 'body', context: (id) => commentContext(id) },
  ...TASK_ENCRYPTED.map((field) => ({
    table: 'task',
    column: snake(field),
    context: (id: string) => taskContext(field, id),
  })),
  { table: 'deadline', column: 'title', context: deadlineContext },
  { table: 'case_stage_change', column: 'reason', context: caseStageChangeContext },
  { table: 'legal_case', column: 'legal_hold_reason', context: legalHoldContext },
  { table: 'mfa_totp', column: 'secret', context: totpSecretContext, key: 'user_id' },
  // A document's data key is re-wrapped here; its chunks stay as they are (documents/envelope.ts).
  ...DOCUMENT_ENCRYPTED.map((field) => ({
    table: 'document',
    column: snake(field),
    context: (id: string) => documentContext(field, id),
  })),
  { table: 'consent_event', column: 'note', context: consentNoteContext },
  { table: 'data_request', column: 'note', context: dataRequestNoteContext },
  { table: 'intake_draft', column: 'payload', context: intakeDraftContext },
];
