import type {
  CaseResponse,
  ClientResponse,
  DeadlineExplanation,
  Evidence,
  UiLocale,
} from '@haven/shared';
import { renderExplanation } from '@haven/shared';
import { sql, type SqlBool } from 'kysely';
import type { AccessService } from '../access/access.service.js';
import { selectCases, toCaseResponse } from '../cases/case.mapper.js';
import { selectClients, toClientResponse } from '../clients/client.mapper.js';
import type { Actor } from '../common/actor.js';
import { notFound } from '../common/errors.js';
import { db, exec, first, rows, type On } from '../database/sql.js';
import type { ContentRow } from '../documents/documents.service.js';
import { ENCRYPTED_COLUMNS } from '../encryption/encrypted-columns.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';
import { ZipNames, documentFileName } from './zip-names.js';

/**
 * What Haven holds on one person (GDPR Art. 15), as the export's `client.json` carries it: the
 * client, their consent history and requests about their data, and, per case, its stage history,
 * deadlines, notes with every revision and comment, tasks and the metadata of its documents (the
 * files themselves are beside it in the archive, at `file`).
 */
export interface SubjectAccessData {
  format: 'haven-subject-access/1';
  generatedAt: string;
  client: ClientResponse;
  /**
   * The records of the same person merged into this one (a merge keeps the duplicate's row, with
   * what it held then, for an undo): part of what Haven holds on them.
   */
  mergedRecords: ClientResponse[];
  cases: ExportedCase[];
  /**
   * Whether this copy holds every case Haven has of the person: an administrator's does; a
   * supervisor's holds their own team's cases. It does not say whether other offices hold any —
   * that another office serves the person is itself need-to-know.
   */
  complete: boolean;
  /** Every giving and withdrawal of consent, oldest first. */
  consentHistory: ExportedConsentEvent[];
  /** The person's requests about their data (access, erasure, …), oldest first. */
  dataRequests: ExportedDataRequest[];
  counts: ExportCounts;
}

export interface ExportedConsentEvent {
  id: string;
  scope: string;
  action: string;
  on: string;
  language: string | null;
  basis: string;
  note: string | null;
  recordedById: string | null;
  createdAt: string;
}

export interface ExportedDataRequest {
  id: string;
  type: string;
  status: string;
  receivedOn: string;
  dueOn: string;
  note: string | null;
  closedAt: string | null;
  createdAt: string;
}

export interface ExportedCase extends CaseResponse {
  /** The office holding the case. */
  teamName: string;
  stageChanges: ExportedStageChange[];
  deadlines: ExportedDeadline[];
  notes: ExportedNote[];
  tasks: ExportedTask[];
  documents: ExportedDocument[];
}

export interface ExportedStageChange {
  id: string;
  fromStage: string;
  toStage: string;
  reason: string | null;
  changedAt: string;
  changedById: string | null;
}

export interface ExportedDeadline {
  id: string;
  kind: string;
  title: string;
  dueOn: string;
  status: string;
  source: string;
  ruleId: string | null;
  triggerDate: string | null;
  explanation: DeadlineExplanation | null;
  /** The explanation in English (the summary PDF renders it in its own language). */
  text: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExportedNoteRevision {
  id: string;
  version: number;
  ground: string;
  title: string;
  body: string;
  evidence: Evidence[];
  strength: string;
  status: string;
  editedById: string | null;
  editedAt: string;
}

export interface ExportedNoteComment {
  id: string;
  authorId: string;
  body: string;
  createdAt: string;
}

export interface ExportedNote {
  id: string;
  ground: string;
  title: string;
  body: string;
  evidence: Evidence[];
  strength: string;
  status: string;
  authorId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Every earlier version, oldest first: what the note said before each edit. */
  revisions: ExportedNoteRevision[];
  comments: ExportedNoteComment[];
}

export interface ExportedTask {
  id: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  dueOn: string | null;
  reviewComment: string | null;
  system: boolean;
  submittedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExportedDocument {
  id: string;
  kind: string;
  title: string;
  /** The name it was uploaded with. */
  fileName: string | null;
  language: string | null;
  mime: string;
  sizeBytes: number;
  sha256: string;
  status: string;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  createdAt: string;
  /** Where the file is in the archive. */
  file: string;
}

export interface ExportCounts {
  cases: number;
  stageChanges: number;
  deadlines: number;
  notes: number;
  noteRevisions: number;
  noteComments: number;
  tasks: number;
  documents: number;
  documentBytes: number;
  consentEvents: number;
  dataRequests: number;
}

/** A file to put in the archive: where, and the row its content is read by. */
export interface ExportFile {
  path: string;
  /** When the file was added (its date in the archive). */
  addedAt: Date;
  row: ContentRow;
}

/**
 * The associated data of every encrypted column, by `table.column`: a column is decrypted here if
 * and only if the registry that key rotation walks says it is encrypted, so a column encrypted later
 * (and registered, as rotation needs) is decrypted here without a change.
 */
const CONTEXTS = new Map(
  ENCRYPTED_COLUMNS.filter((c) => (c.key ?? 'id') === 'id').map((c) => [
    `${c.table}.${c.column}`,
    c.context,
  ]),
);

/** A stored text column's plaintext: decrypted when the column is an encrypted one. */
function open(
  crypto: FieldEncryption,
  table: string,
  column: string,
  id: string,
  stored: string | null,
): string | null {
  const context = CONTEXTS.get(`${table}.${column}`);
  return context ? crypto.decrypt(stored, context(id)) : stored;
}

/** A stored JSON column's value: decrypted and parsed when encrypted, else as the driver parsed it. */
function openJson<T>(
  crypto: FieldEncryption,
  table: string,
  column: string,
  id: string,
  stored: unknown,
  fallback: T,
): T {
  const context = CONTEXTS.get(`${table}.${column}`);
  if (context) return crypto.decryptJson<T>(stored as string | null, context(id), fallback);
  return (stored as T | null) ?? fallback;
}

const iso = (value: Date | null | undefined): string | null => value?.toISOString() ?? null;

/** Groups rows by a key, keeping their order (the statements order them). */
function byKey<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * Gathers everything on a client the actor may export, in one snapshot (a read-only repeatable-read
 * transaction: the copy is of one moment), in a fixed handful of statements whatever the number of
 * cases, notes or documents. The client must be visible to the actor (else a 404); the cases are
 * those the actor may see.
 */
export async function gatherSubjectData(
  on: On,
  actor: Actor,
  access: AccessService,
  crypto: FieldEncryption,
  clientId: string,
): Promise<{ data: SubjectAccessData; files: ExportFile[] }> {
  await exec(on, sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`, {
    plan: 'unnamed',
  });
  const clientRow = await first(
    on,
    selectClients().where('cl.id', '=', clientId).where(access.clients(actor, 'cl')),
  );
  if (!clientRow) throw notFound('client');
  const client = toClientResponse(clientRow, crypto);
  // Every record merged into this client, at any depth (they have no cases of their own).
  const mergedRows = await rows(
    on,
    selectClients().where(
      'cl.id',
      'in',
      sql<string>`(WITH RECURSIVE m(id) AS (
          SELECT c.id FROM client c WHERE c.merged_into_id = ${clientId}::uuid
          UNION SELECT c.id FROM client c JOIN m ON c.merged_into_id = m.id)
        SELECT id FROM m)`,
    ),
  );

  const caseRows = await rows(
    on,
    selectCases()
      .innerJoin('team as tm', 'tm.id', 'c.team_id')
      .select('tm.name as teamName')
      .where('c.client_id', '=', clientId)
      .where(access.cases(actor, 'c'))
      .orderBy('c.opened_on')
      .orderBy('c.id'),
  );
  const consentRows = await rows(
    on,
    db
      .selectFrom('consent_event as e')
      .select((eb) => [
        'e.id',
        'e.scope',
        'e.action',
        eb.cast<string>('e.on', 'text').as('on'),
        'e.language',
        'e.basis',
        'e.note',
        'e.recorded_by_id as recordedById',
        'e.created_at as createdAt',
      ])
      .where('e.client_id', '=', clientId)
      .orderBy('e.on')
      .orderBy('e.created_at')
      .orderBy('e.id'),
  );
  const requestRows = await rows(
    on,
    db
      .selectFrom('data_request as r')
      .select((eb) => [
        'r.id',
        'r.type',
        'r.status',
        eb.cast<string>('r.received_on', 'text').as('receivedOn'),
        eb.cast<string>('r.due_on', 'text').as('dueOn'),
        'r.note',
        'r.closed_at as closedAt',
        'r.created_at as createdAt',
      ])
      .where('r.client_id', '=', clientId)
      .orderBy('r.received_on')
      .orderBy('r.id'),
  );
  const caseIds = caseRows.map((row) => row.id);
  const anyCase = <C extends string>(column: C) =>
    sql<SqlBool>`${sql.ref(column)} = ANY(${caseIds}::uuid[])`;

  // One statement per kind of record for all the cases at once, in turn on the snapshot's connection.
  const none = caseIds.length === 0;
  const [stageRows, deadlineRows, noteRows, revisionRows, commentRows, taskRows, documentRows] =
    await sequence(none, [
      () =>
        rows(
          on,
          db
            .selectFrom('case_stage_change as s')
            .select([
              's.id',
              's.case_id as caseId',
              's.from_stage as fromStage',
              's.to_stage as toStage',
              's.reason',
              's.changed_at as changedAt',
              's.changed_by_id as changedById',
            ])
            .where(anyCase('s.case_id'))
            .orderBy('s.changed_at')
            .orderBy('s.id'),
        ),
      () =>
        rows(
          on,
          db
            .selectFrom('deadline as d')
            .select((eb) => [
              'd.id',
              'd.case_id as caseId',
              'd.kind',
              'd.title',
              eb.cast<string>('d.due_on', 'text').as('dueOn'),
              'd.status',
              'd.source',
              'd.rule_id as ruleId',
              eb.cast<string | null>('d.trigger_date', 'text').as('triggerDate'),
              'd.explanation_code as explanationCode',
              eb
                .ref('d.explanation_params')
                .$castTo<Record<string, unknown> | null>()
                .as('explanationParams'),
              'd.completed_at as completedAt',
              'd.created_at as createdAt',
              'd.updated_at as updatedAt',
            ])
            .where(anyCase('d.case_id'))
            .orderBy('d.due_on')
            .orderBy('d.id'),
        ),
      () =>
        rows(
          on,
          db
            .selectFrom('note as n')
            .select([
              'n.id',
              'n.case_id as caseId',
              'n.ground',
              'n.title',
              'n.body',
              'n.evidence',
              'n.strength',
              'n.status',
              'n.author_id as authorId',
              'n.created_at as createdAt',
              'n.updated_at as updatedAt',
              'n.version',
            ])
            .where(anyCase('n.case_id'))
            .orderBy('n.created_at')
            .orderBy('n.id'),
        ),
      () =>
        rows(
          on,
          db
            .selectFrom('note_revision as r')
            .innerJoin('note as n', 'n.id', 'r.note_id')
            .select([
              'r.id',
              'r.note_id as noteId',
              'r.version',
              'r.ground',
              'r.title',
              'r.body',
              'r.evidence',
              'r.strength',
              'r.status',
              'r.edited_by_id as editedById',
              'r.edited_at as editedAt',
            ])
            .where(anyCase('n.case_id'))
            .orderBy('r.note_id')
            .orderBy('r.version'),
        ),
      () =>
        rows(
          on,
          db
            .selectFrom('note_comment as m')
            .innerJoin('note as n', 'n.id', 'm.note_id')
            .select([
              'm.id',
              'm.note_id as noteId',
              'm.author_id as authorId',
              'm.body',
              'm.created_at as createdAt',
            ])
            .where(anyCase('n.case_id'))
            .orderBy('m.created_at')
            .orderBy('m.id'),
        ),
      () =>
        rows(
          on,
          db
            .selectFrom('task as t')
            .select((eb) => [
              't.id',
              't.case_id as caseId',
              't.title',
              't.description',
              't.status',
              't.priority',
              eb.cast<string | null>('t.due_on', 'text').as('dueOn'),
              't.review_comment as reviewComment',
              't.system',
              't.submitted_at as submittedAt',
              't.completed_at as completedAt',
              't.created_at as createdAt',
              't.updated_at as updatedAt',
            ])
            .where(anyCase('t.case_id'))
            .orderBy('t.created_at')
            .orderBy('t.id'),
        ),
      () =>
        rows(
          on,
          db
            .selectFrom('document as d')
            .select([
              'd.id',
              'd.case_id as caseId',
              'd.kind',
              'd.title',
              'd.file_name as fileName',
              'd.language',
              'd.mime',
              'd.size_bytes as sizeBytes',
              'd.sha256',
              'd.status',
              'd.withdrawn_at as withdrawnAt',
              'd.withdrawn_reason as withdrawnReason',
              'd.created_at as createdAt',
              'd.storage',
              'd.data_key as dataKey',
              'd.chunk_count as chunkCount',
            ])
            .where(anyCase('d.case_id'))
            .orderBy('d.created_at')
            .orderBy('d.id'),
        ),
    ]);

  const revisions = byKey(
    revisionRows.map((r): ExportedNoteRevision & { noteId: string } => ({
      id: r.id,
      noteId: r.noteId,
      version: r.version,
      ground: r.ground,
      title: open(crypto, 'note_revision', 'title', r.id, r.title) ?? '',
      // An emptied body is stored as a single space (notes.service.ts).
      body: (open(crypto, 'note_revision', 'body', r.id, r.body) ?? '').replace(/^ $/, ''),
      evidence: openJson<Evidence[]>(crypto, 'note_revision', 'evidence', r.id, r.evidence, []),
      strength: r.strength,
      status: r.status,
      editedById: r.editedById,
      editedAt: r.editedAt.toISOString(),
    })),
    (r) => r.noteId,
  );
  const comments = byKey(
    commentRows.map((c) => ({
      noteId: c.noteId,
      id: c.id,
      authorId: c.authorId,
      body: open(crypto, 'note_comment', 'body', c.id, c.body) ?? '',
      createdAt: c.createdAt.toISOString(),
    })),
    (c) => c.noteId,
  );
  const strip = <T extends { noteId: string }>({ noteId: _noteId, ...rest }: T) => rest;

  const stageChanges = byKey(stageRows, (s) => s.caseId);
  const deadlines = byKey(deadlineRows, (d) => d.caseId);
  const notes = byKey(noteRows, (n) => n.caseId);
  const tasks = byKey(taskRows, (t) => t.caseId ?? '');
  const documents = byKey(documentRows, (d) => d.caseId);

  const names = new ZipNames();
  const files: ExportFile[] = [];
  const cases = caseRows.map((row): ExportedCase => {
    const { teamName, ...record } = row;
    return {
      ...toCaseResponse({ ...record, client: clientRow }, crypto),
      teamName,
      stageChanges: (stageChanges.get(row.id) ?? []).map((s) => ({
        id: s.id,
        fromStage: s.fromStage,
        toStage: s.toStage,
        reason: open(crypto, 'case_stage_change', 'reason', s.id, s.reason),
        changedAt: s.changedAt.toISOString(),
        changedById: s.changedById,
      })),
      deadlines: (deadlines.get(row.id) ?? []).map((d) => {
        const explanation = d.explanationCode
          ? ({
              code: d.explanationCode,
              params: d.explanationParams ?? {},
            } as DeadlineExplanation)
          : null;
        return {
          id: d.id,
          kind: d.kind,
          title: open(crypto, 'deadline', 'title', d.id, d.title) ?? '',
          dueOn: d.dueOn,
          status: d.status,
          source: d.source,
          ruleId: d.ruleId,
          triggerDate: d.triggerDate,
          explanation,
          text: explanation ? explanationText(explanation, 'en') : null,
          completedAt: iso(d.completedAt),
          createdAt: d.createdAt.toISOString(),
          updatedAt: d.updatedAt.toISOString(),
        };
      }),
      notes: (notes.get(row.id) ?? []).map((n) => ({
        id: n.id,
        ground: n.ground,
        title: open(crypto, 'note', 'title', n.id, n.title) ?? '',
        body: open(crypto, 'note', 'body', n.id, n.body) ?? '',
        evidence: openJson<Evidence[]>(crypto, 'note', 'evidence', n.id, n.evidence, []),
        strength: n.strength,
        status: n.status,
        authorId: n.authorId,
        createdAt: n.createdAt.toISOString(),
        updatedAt: n.updatedAt.toISOString(),
        version: n.version,
        revisions: (revisions.get(n.id) ?? []).map(strip),
        comments: (comments.get(n.id) ?? []).map(strip),
      })),
      tasks: (tasks.get(row.id) ?? []).map((t) => ({
        id: t.id,
        title: open(crypto, 'task', 'title', t.id, t.title) ?? '',
        description: open(crypto, 'task', 'description', t.id, t.description),
        status: t.status,
        priority: t.priority,
        dueOn: t.dueOn,
        reviewComment: open(crypto, 'task', 'review_comment', t.id, t.reviewComment),
        system: t.system,
        submittedAt: iso(t.submittedAt),
        completedAt: iso(t.completedAt),
        createdAt: t.createdAt.toISOString(),
        updatedAt: t.updatedAt.toISOString(),
      })),
      documents: (documents.get(row.id) ?? []).map((d) => {
        const title = open(crypto, 'document', 'title', d.id, d.title) ?? '';
        const fileName = open(crypto, 'document', 'file_name', d.id, d.fileName);
        const path = names.take(
          `documents/${row.reference}`,
          documentFileName({ fileName, title, kind: d.kind, createdAt: d.createdAt, mime: d.mime }),
        );
        files.push({
          path,
          addedAt: d.createdAt,
          row: {
            id: d.id,
            storage: d.storage,
            dataKey: d.dataKey,
            mime: d.mime,
            sizeBytes: d.sizeBytes,
            chunkCount: d.chunkCount,
          },
        });
        return {
          id: d.id,
          kind: d.kind,
          title,
          fileName,
          language: d.language,
          mime: d.mime,
          sizeBytes: d.sizeBytes,
          sha256: open(crypto, 'document', 'sha256', d.id, d.sha256) ?? '',
          status: d.status,
          withdrawnAt: iso(d.withdrawnAt),
          withdrawnReason: open(crypto, 'document', 'withdrawn_reason', d.id, d.withdrawnReason),
          createdAt: d.createdAt.toISOString(),
          file: path,
        };
      }),
    };
  });

  return {
    data: {
      format: 'haven-subject-access/1',
      generatedAt: new Date().toISOString(),
      client,
      mergedRecords: mergedRows.map((row) => toClientResponse(row, crypto)),
      cases,
      complete: actor.role === 'admin',
      consentHistory: consentRows.map((e) => ({
        id: e.id,
        scope: e.scope,
        action: e.action,
        on: e.on,
        language: e.language,
        basis: e.basis,
        note: open(crypto, 'consent_event', 'note', e.id, e.note),
        recordedById: e.recordedById,
        createdAt: e.createdAt.toISOString(),
      })),
      dataRequests: requestRows.map((r) => ({
        id: r.id,
        type: r.type,
        status: r.status,
        receivedOn: r.receivedOn,
        dueOn: r.dueOn,
        note: open(crypto, 'data_request', 'note', r.id, r.note),
        closedAt: iso(r.closedAt),
        createdAt: r.createdAt.toISOString(),
      })),
      counts: {
        cases: cases.length,
        stageChanges: stageRows.length,
        deadlines: deadlineRows.length,
        notes: noteRows.length,
        noteRevisions: revisionRows.length,
        noteComments: commentRows.length,
        tasks: taskRows.length,
        documents: documentRows.length,
        documentBytes: documentRows.reduce((sum, d) => sum + d.sizeBytes, 0),
        consentEvents: consentRows.length,
        dataRequests: requestRows.length,
      },
    },
    files,
  };
}

/** Runs `steps` one after the other (none when `skip`: each then gives no rows). */
async function sequence<T extends readonly (() => Promise<unknown[]>)[] | []>(
  skip: boolean,
  steps: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[][] = [];
  for (const step of steps) results.push(skip ? [] : await step());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/** A deadline's explanation in `locale`, or null when it cannot be rendered (an unknown code). */
export function explanationText(explanation: DeadlineExplanation, locale: UiLocale): string | null {
  try {
    return renderExplanation(explanation, locale);
  } catch {
    return null;
  }
}
