import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEFAULT_MAX_UPLOAD_MB,
  DOCUMENT_KINDS,
  DOCUMENT_MIME_TYPES,
  DOCUMENT_STATUSES,
  type DocumentKind,
  type DocumentListItem,
  type DocumentMimeType,
  type DocumentResponse,
  type ListResponse,
} from '@haven/shared';
import busboy from 'busboy';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';
import { sql, type Expression, type SqlBool } from 'kysely';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { audited, type Audited } from '../audit/audited-read.js';
import { AuditService } from '../audit/audit.service.js';
import { markCaseActivity } from '../cases/activity.js';
import { listStatementKey, type Actor } from '../common/actor.js';
import { badRequest, conflict, DomainError, notFound } from '../common/errors.js';
import {
  ListStatements,
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import { logger } from '../common/logger.js';
import { takeOver } from '../common/raw-reply.js';
import { rejectNulls } from '../common/validators.js';
import { assertVersion } from '../common/versioning.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { db, exec, first, rows, type On, type RowsOf } from '../database/sql.js';
import { transaction } from '../database/transaction.js';
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import {
  cleanHeic,
  cleanPhoto,
  handlingOf,
  judgeType,
  looksWhole,
  SNIFF_BYTES,
  Tail,
  TAIL_BYTES,
  TextCheck,
  textEncodingOf,
  UnreadableContent,
  type Handling,
} from './content.js';
import { LANGUAGE_TAG, TITLE_MAX, type UpdateDocumentDto } from './document.dto.js';
import { documentContext, DocumentEntity } from './document.entity.js';
import { ChunkSealer, chunksOfRange, CHUNK_SIZE, newDataKey, openChunk } from './envelope.js';
import { BlobStores, parseStorageUrl, PgBlobStore, S3BlobStore } from './storage.js';

/** Room for the multipart framing and the text fields around the file. */
const FORM_OVERHEAD = 64 * 1024;
/** A registration older than this is an abandoned upload: its chunks are deleted. */
export const ORPHAN_AFTER_SECONDS = 3600;
const UPLOAD_FIELDS = ['kind', 'title', 'language'] as const;

/** The extension a download is named with, by type (whatever the uploaded name said). */
const EXTENSION: Record<DocumentMimeType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'image/webp': 'webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/plain': 'txt',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
  'audio/mpeg': 'mp3',
};

/** A document's row as the service reads it (encrypted fields still sealed), with its case's team. */
const documentRows = () =>
  db
    .selectFrom('document as d')
    .innerJoin('legal_case as c', 'c.id', 'd.case_id')
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
      'd.storage',
      'd.data_key as dataKey',
      'd.chunk_size as chunkSize',
      'd.chunk_count as chunkCount',
      'd.status',
      'd.withdrawn_reason as withdrawnReason',
      'd.withdrawn_at as withdrawnAt',
      'd.withdrawn_by_id as withdrawnById',
      'd.uploaded_by_id as uploadedById',
      'd.created_at as createdAt',
      'd.updated_at as updatedAt',
      'd.version',
      'c.team_id as teamId',
    ]);
type DocumentRow = RowsOf<ReturnType<typeof documentRows>>;
/** What reading a document's content needs of its row. */
export type ContentRow = Pick<
  DocumentRow,
  'id' | 'storage' | 'dataKey' | 'mime' | 'sizeBytes' | 'chunkCount'
>;

/**
 * What a list row shows, of the documents of the cases `scope` lets through (null: every case, an
 * admin's: no join at all, so the total counts the documents alone). The scope is a semi-join: a
 * document is listed once, and the planner may walk the documents newest first and probe the cases.
 */
const documentListBase = (scope: Expression<SqlBool> | null) => {
  const base = db
    .selectFrom('document as d')
    .select([
      'd.id',
      'd.case_id as caseId',
      'd.kind',
      'd.title',
      'd.language',
      'd.mime',
      'd.size_bytes as sizeBytes',
      'd.sha256',
      'd.status',
      'd.withdrawn_at as withdrawnAt',
      'd.withdrawn_by_id as withdrawnById',
      'd.uploaded_by_id as uploadedById',
      'd.created_at as createdAt',
      'd.updated_at as updatedAt',
      'd.version',
    ]);
  return scope
    ? base.where('d.case_id', 'in', db.selectFrom('legal_case as c').select('c.id').where(scope))
    : base;
};

/**
 * A kept document table under the list's aliases: its case's team and caseworker as `c` (where the
 * actor's scope reads them), its status as `d.status` (where the `status` filter reads it;
 * PostgreSQL pulls the lateral select up into a plain column).
 */
const statusAsD = db.selectNoFrom(sql<string>`c.status`.as('status')).as('d');
const keptTotal = () => db.selectFrom('document_list_total as c').crossJoinLateral(statusAsD);
const keptRows = () => db.selectFrom('document_list_row as c').crossJoinLateral(statusAsD);

/** The document list's dialect. Titles are ciphertext: neither searched nor sorted. */
export const LIST: ListSpec<ReturnType<typeof documentListBase>> = {
  sortable: {
    createdAt: 'd.created_at',
    updatedAt: 'd.updated_at',
    kind: 'd.kind',
    sizeBytes: 'd.size_bytes',
  },
  defaultSort: { field: 'createdAt', order: 'DESC' },
  filters: {
    id: { column: 'd.id', type: 'uuid' },
    caseId: { column: 'd.case_id', type: 'uuid' },
    kind: { column: 'd.kind', type: 'enum', values: DOCUMENT_KINDS },
    status: { column: 'd.status', type: 'enum', values: DOCUMENT_STATUSES },
    mime: { column: 'd.mime', type: 'enum', values: DOCUMENT_MIME_TYPES },
    uploadedById: { column: 'd.uploaded_by_id', type: 'uuid' },
  },
  tieBreaker: 'd.id',
};

/** A received and sealed file, before its document is filed. */
interface Received {
  mime: DocumentMimeType;
  sizeBytes: number;
  sha256: string;
  chunkCount: number;
  dataKey: Buffer;
  fileName: string | null;
}

/** A byte range of a file to send (inclusive), or the whole file. */
export interface ByteRange {
  start: number;
  end: number;
}

@Injectable()
export class DocumentsService implements OnApplicationShutdown {
  /** The document list's statements, compiled once per actor and shape (docs/decisions/0024). */
  private readonly statements = new ListStatements();

  readonly stores: BlobStores;
  readonly maxBytes: number;
  private readonly maxMb: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(HAVEN_CONFIG) config: HavenConfig,
  ) {
    const pg = new PgBlobStore(dataSource);
    this.stores = new BlobStores(
      config.storageUrl ? new S3BlobStore(parseStorageUrl(config.storageUrl)) : pg,
      pg,
    );
    this.maxMb = config.maxUploadMb ?? DEFAULT_MAX_UPLOAD_MB;
    this.maxBytes = this.maxMb * 1024 * 1024;
  }

  onApplicationShutdown(): void {
    if (this.stores.current instanceof S3BlobStore) this.stores.current.destroy();
  }

  private toListItem(
    row: Omit<
      DocumentRow,
      'fileName' | 'storage' | 'dataKey' | 'chunkSize' | 'chunkCount' | 'withdrawnReason' | 'teamId'
    >,
  ): DocumentListItem {
    return {
      id: row.id,
      caseId: row.caseId,
      kind: row.kind,
      title: this.crypto.decrypt(row.title, documentContext('title', row.id)) ?? '',
      mime: row.mime as DocumentMimeType,
      sizeBytes: row.sizeBytes,
      sha256: this.crypto.decrypt(row.sha256, documentContext('sha256', row.id)) ?? '',
      language: row.language,
      uploadedById: row.uploadedById,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      status: row.status,
      withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
      withdrawnById: row.withdrawnById,
      version: row.version,
    };
  }

  private toResponse(row: DocumentRow): DocumentResponse {
    return {
      ...this.toListItem(row),
      withdrawnReason: this.crypto.decrypt(
        row.withdrawnReason,
        documentContext('withdrawnReason', row.id),
      ),
    };
  }

  private tooLarge(): DomainError {
    return new DomainError(
      'too_large',
      'document.too_large',
      `file: larger than the limit of ${this.maxMb} MB`,
      { field: 'file', args: { maxMb: this.maxMb } },
    );
  }

  /** A document the actor may see (through its case), optionally locked; otherwise a 404. */
  private async visibleDocument(
    actor: Actor,
    on: On,
    id: string,
    lock = false,
  ): Promise<DocumentRow> {
    let query = documentRows().where('d.id', '=', id).where(this.access.cases(actor, 'c'));
    if (lock) query = query.forUpdate('d');
    const row = await first(on, query);
    if (!row) throw notFound('document');
    return row;
  }

  async list(
    actor: Actor,
    query: Record<string, unknown>,
  ): Promise<ListResponse<DocumentListItem>> {
    const { rows: page, total } = await pageCountAndAudit(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return { data: page.map((row) => this.toListItem(row)), total };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>) {
    const parsed = parseListQuery(query, LIST);
    return this.statements.statement(listStatementKey(actor), parsed, () =>
      listStatement(
        documentListBase(actor.role === 'admin' ? null : this.access.cases(actor, 'c')),
        parsed,
        {
          // Custom plans: how many documents the caller's cases hold decides between walking the
          // newest documents and gathering the cases' first, and a generic plan cannot see that.
          generic: false,
          audit: this.audit.listReadInsert(actor, 'document', query),
          kept: {
            base: keptTotal().where(this.access.cases(actor, 'c')),
            sum: 'c.documents',
            filters: ['status'],
          },
          keptPage: actor.role === 'admin' ? undefined : this.keptPage(actor),
        },
      ),
    );
  }

  /**
   * A scoped list's page kept in order by writes (migration 1768521600000, docs/decisions/0025):
   * the actor's rows of `document_list_row` (their team's; a caseworker's, those of their cases in
   * it), newest first from the index after the team. Each of the page's documents is checked again
   * through its case as the list's scope checks it (a probe each), so a kept row gone wrong
   * shortens a page instead of showing a document of a case the actor may not see. An admin's
   * list reads `document`'s own (created_at, id) index.
   */
  private keptPage(actor: Actor) {
    return {
      base: keptRows().where(this.access.cases(actor, 'c')),
      id: 'c.document_id',
      sortable: { createdAt: 'c.created_at' },
      check: sql<SqlBool>`EXISTS (SELECT 1 FROM legal_case vc WHERE vc.id = ${sql.ref('d.case_id')} AND ${this.access.cases(actor, 'vc')})`,
    };
  }

  /** A document's metadata, as an audited read (the route declares it). */
  async get(actor: Actor, id: string): Promise<Audited<DocumentResponse>> {
    const row = await this.visibleDocument(actor, this.dataSource, id);
    return audited(
      { entityId: id, teamId: row.teamId, details: { caseId: row.caseId } },
      this.toResponse(row),
    );
  }

  /**
   * Receives a multipart upload for a case: the file is judged by its content, cleaned (photos),
   * sealed chunk by chunk and written to the store as it arrives — never held whole, photos aside —
   * then filed in one transaction with its audit event. Whatever fails, nothing is left behind:
   * the chunks written are deleted (or, if this process dies, by `cleanOrphans`). `req` is the raw
   * request, its body still unread (the server parses JSON bodies only).
   */
  async upload(actor: Actor, caseId: string, req: IncomingMessage): Promise<DocumentResponse> {
    let consumed = false;
    try {
      await this.access.visibleCaseRow(actor, this.dataSource, caseId);
      if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? ''))
        throw badRequest('file: send the document as multipart/form-data', 'document.no_file', {
          field: 'file',
        });
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > this.maxBytes + FORM_OVERHEAD)
        throw this.tooLarge();
      consumed = true;
      return await this.receive(actor, caseId, req);
    } finally {
      // An answer sent before the body is read would reach a client that is still sending as a
      // reset connection: read it to the end first (at most twice the limit, then hang up).
      if (!consumed) await drain(req, 2 * (this.maxBytes + FORM_OVERHEAD));
    }
  }

  private async receive(
    actor: Actor,
    caseId: string,
    req: IncomingMessage,
  ): Promise<DocumentResponse> {
    const id = randomUUID();
    const store = this.stores.current;
    await exec(
      this.dataSource,
      db.insertInto('document_upload').values({ id, storage: store.name }),
    );
    let filed = false;
    // The file part being read, and the promise of its reading (which never rejects): on any
    // failure the stream is destroyed and the reading awaited before the chunks are discarded, so
    // no write in flight lands after the delete.
    let fileStream: Readable | null = null;
    let filing: Promise<{ ok: Received } | { error: unknown }> | null = null;
    try {
      const fields: Record<string, string> = {};
      let problem: DomainError | null = null;
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          defParamCharset: 'utf8',
          limits: {
            fileSize: this.maxBytes,
            files: 1,
            fields: 8,
            fieldSize: 4096,
            parts: 10,
          },
        });
      } catch {
        throw badRequest('file: the multipart form cannot be read', 'request.unreadable', {
          field: 'file',
        });
      }
      parser.on('field', (rawName, value, info) => {
        // A name is echoed in the answer: never more than a name's worth of it.
        const name = [...rawName].slice(0, 64).join('');
        if (info.nameTruncated || info.valueTruncated)
          problem ??= badRequest(`${name}: too long`, 'validation.too_long', { field: name });
        else if (Object.hasOwn(fields, name))
          problem ??= badRequest(`${name}: send it once`, 'query.once', { field: name });
        else fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        if (filing || problem) {
          stream.resume();
          return;
        }
        if (name !== 'file') {
          problem = badRequest(
            `file: the file goes in the part named "file", not "${name}"`,
            'document.no_file',
            { field: 'file' },
          );
          stream.resume();
          return;
        }
        // Fields sent before the file are checked before a byte of it is stored.
        problem = this.fieldProblem(fields, false);
        if (problem) {
          stream.resume();
          return;
        }
        fileStream = stream;
        filing = this.receiveFile(id, stream, info.filename).then(
          (ok) => ({ ok }),
          (error: unknown) => {
            stream.resume();
            return { error };
          },
        );
      });
      const oneFile = () =>
        (problem ??= badRequest('file: one file per upload', 'document.one_file', {
          field: 'file',
        }));
      parser.on('filesLimit', oneFile);
      parser.on(
        'fieldsLimit',
        () =>
          (problem ??= badRequest('request: too many fields', 'validation.too_many', {
            field: null,
          })),
      );
      parser.on(
        'partsLimit',
        () =>
          (problem ??= badRequest('request: too many parts', 'validation.too_many', {
            field: null,
          })),
      );
      await new Promise<void>((resolve, reject) => {
        // A client gone before this point (during the checks above) has no events left to send.
        if (req.destroyed || req.readableAborted) {
          reject(new Error('upload aborted'));
          return;
        }
        parser.on('close', resolve);
        parser.on('error', reject);
        req.on('close', () => {
          if (!req.readableEnded) reject(new Error('upload aborted'));
        });
        req.pipe(parser);
      }).catch((error: unknown) => {
        req.unpipe(parser);
        if (error instanceof Error && error.message === 'upload aborted') throw error;
        throw badRequest('file: the multipart form cannot be read', 'request.unreadable', {
          field: 'file',
        });
      });
      // Set in the parser's callbacks, which TypeScript's flow analysis does not follow.
      const pending = filing as Promise<{ ok: Received } | { error: unknown }> | null;
      const result = pending ? await pending : null;
      const found = (): DomainError | null => problem;
      const firstProblem = found();
      if (firstProblem) throw firstProblem;
      if (!result) throw badRequest('file: required', 'document.no_file', { field: 'file' });
      if ('error' in result) throw result.error as Error;
      const fieldProblem = this.fieldProblem(fields, true);
      if (fieldProblem) throw fieldProblem;
      const response = await this.file(actor, caseId, id, store.name, {
        kind: fields.kind as DocumentKind,
        title: fields.title,
        language: fields.language,
        file: result.ok,
      });
      filed = true;
      return response;
    } finally {
      if (!filed) {
        (fileStream as Readable | null)?.destroy();
        await (filing as Promise<unknown> | null);
        await this.discard(id, store.name);
      }
    }
  }

  /**
   * Files a received document in one transaction: its row, the end of its upload's registration,
   * the case's activity and the audit event (ids, kind, type and size: never the title).
   */
  private file(
    actor: Actor,
    caseId: string,
    id: string,
    storage: string,
    input: { kind: DocumentKind; title: string; language?: string; file: Received },
  ): Promise<DocumentResponse> {
    const { kind, file } = input;
    return transaction(this.dataSource, async (manager) => {
      // The case may have moved to another team while the file was arriving.
      const now = await this.access.visibleCaseRow(actor, manager, caseId);
      const entity = manager.getRepository(DocumentEntity).create({
        id,
        caseId,
        kind,
        title: this.crypto.encrypt(input.title.trim(), documentContext('title', id))!,
        fileName: this.crypto.encrypt(file.fileName, documentContext('fileName', id)),
        language: input.language?.trim() || null,
        mime: file.mime,
        sizeBytes: file.sizeBytes,
        sha256: this.crypto.encrypt(file.sha256, documentContext('sha256', id))!,
        storage,
        dataKey: this.crypto.encrypt(
          wrapKey({
            key: file.dataKey,
            mime: file.mime,
            size: file.sizeBytes,
            chunks: file.chunkCount,
          }),
          documentContext('dataKey', id),
        )!,
        chunkSize: CHUNK_SIZE,
        chunkCount: file.chunkCount,
        status: 'active',
        uploadedById: actor.id,
      });
      // The registration goes with the filing. None left means the orphan job took this upload
      // for abandoned and deleted its chunks: filing it now would file a broken document.
      const registered = await first(
        manager,
        db.deleteFrom('document_upload').where('id', '=', id).returning('id'),
      );
      if (!registered)
        throw conflict(
          'file: the upload took too long and was discarded; send the file again',
          'conflict',
          { field: 'file' },
        );
      const saved = await manager.getRepository(DocumentEntity).save(entity);
      await markCaseActivity(manager, caseId);
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'document',
        entityId: id,
        teamId: now.teamId,
        summary: `uploaded a document (${kind})`,
        details: { caseId, kind, mime: file.mime, sizeBytes: file.sizeBytes },
      });
      return this.toResponse({
        ...saved,
        withdrawnReason: null,
        withdrawnAt: null,
        withdrawnById: null,
        teamId: now.teamId,
      });
    });
  }

  /**
   * Adds a document from bytes in hand (the demo's files), through the same checks, cleaning,
   * sealing and filing as an upload.
   */
  async add(
    actor: Actor,
    caseId: string,
    input: { kind: DocumentKind; title: string; language?: string; fileName: string },
    content: Buffer,
  ): Promise<DocumentResponse> {
    const id = randomUUID();
    const store = this.stores.current;
    await exec(
      this.dataSource,
      db.insertInto('document_upload').values({ id, storage: store.name }),
    );
    let filed = false;
    try {
      const file = await this.receiveFile(id, Readable.from([content]), input.fileName);
      const response = await this.file(actor, caseId, id, store.name, { ...input, file });
      filed = true;
      return response;
    } finally {
      if (!filed) await this.discard(id, store.name);
    }
  }

  /** Deletes a blob that has no document and its registration (best effort: the job retries). */
  private async discard(id: string, storage: string): Promise<void> {
    try {
      await this.stores.of(storage).delete(id);
      await exec(this.dataSource, db.deleteFrom('document_upload').where('id', '=', id));
    } catch (error) {
      logger().warn(
        { err: error instanceof Error ? error.message : String(error) },
        'discarding an upload failed; the orphan job will retry',
      );
    }
  }

  /** The first problem with the upload's text fields (`complete`: the form has ended). */
  private fieldProblem(fields: Record<string, string>, complete: boolean): DomainError | null {
    for (const name of Object.keys(fields))
      if (!(UPLOAD_FIELDS as readonly string[]).includes(name))
        return badRequest(`${name}: not a field of a document`, 'validation.unknown_field', {
          field: name,
        });
    for (const [name, value] of Object.entries(fields))
      if (value.includes('\u0000'))
        return badRequest(`${name}: contains a NUL character`, 'request.nul_character', {
          field: name,
        });
    if ('kind' in fields || complete) {
      if (!fields.kind) return badRequest('kind: required', 'required', { field: 'kind' });
      if (!(DOCUMENT_KINDS as readonly string[]).includes(fields.kind))
        return badRequest(
          `kind: must be one of ${DOCUMENT_KINDS.join(', ')}`,
          'validation.one_of',
          {
            field: 'kind',
            args: { allowed: DOCUMENT_KINDS.join(', ') },
          },
        );
    }
    if ('title' in fields || complete) {
      const title = fields.title?.trim() ?? '';
      if (!title) return badRequest('title: required', 'required', { field: 'title' });
      if (CONTROL.test(title))
        return badRequest('title: no line breaks or control characters', 'validation.format', {
          field: 'title',
        });
      if ([...title].length > TITLE_MAX)
        return badRequest(`title: at most ${TITLE_MAX} characters`, 'validation.too_long', {
          field: 'title',
          args: { max: TITLE_MAX },
        });
    }
    const language = fields.language?.trim();
    if (language && !LANGUAGE_TAG.test(language))
      return badRequest(
        'language: must be a language code such as ru, ti or de',
        'validation.format',
        {
          field: 'language',
        },
      );
    return null;
  }

  /**
   * Reads one file part: judges its type from the first bytes, then seals and stores it as it
   * arrives (photos: once whole, after cleaning). The stream is always read to its end, so the
   * form's parser can finish and the client gets its answer.
   */
  private async receiveFile(
    id: string,
    stream: Readable,
    fileName: string | undefined,
  ): Promise<Received> {
    const dataKey = newDataKey();
    const store = this.stores.current;
    const sealer = new ChunkSealer(dataKey, id, (n, sealed) => store.put(id, n, sealed));
    const hash = createHash('sha256');
    const tail = new Tail(TAIL_BYTES);
    let text: TextCheck | null = null;
    let textOk = true;
    let tooLarge = false;
    stream.on('limit', () => (tooLarge = true));
    let received = 0;
    let stored = 0;
    let head: Buffer[] = [];
    let headBytes = 0;
    let mime: DocumentMimeType | null = null;
    let handling: Handling = 'stream';
    const held: Buffer[] = [];
    let failure: DomainError | null = null;

    const unsupported = () =>
      new DomainError(
        'unsupported',
        'document.type_not_allowed',
        'file: not a type Haven keeps (PDF, JPEG, PNG, HEIC, WebP, DOCX, ODT, plain text, OGG/Opus, M4A, MP3), judged by its content',
        { field: 'file' },
      );
    const take = async (data: Buffer, last: boolean) => {
      if (handling !== 'stream') {
        held.push(data);
        return;
      }
      if (mime === 'text/plain' && textOk && text) textOk = text.push(data, last);
      tail.push(data);
      hash.update(data);
      stored += data.length;
      await sealer.write(data);
    };
    const decide = async (complete: boolean) => {
      const first = Buffer.concat(head);
      head = [];
      mime = await judgeType(first, complete);
      if (!mime) {
        failure = unsupported();
        return;
      }
      handling = handlingOf(mime);
      text = new TextCheck(textEncodingOf(first));
      await take(first, complete);
    };

    for await (const piece of stream as AsyncIterable<Buffer>) {
      received += piece.length;
      if (failure || tooLarge) continue;
      if (received > this.maxBytes) {
        tooLarge = true;
        continue;
      }
      if (mime === null) {
        head.push(piece);
        headBytes += piece.length;
        if (headBytes >= SNIFF_BYTES) await decide(false);
      } else await take(piece, false);
    }
    // Set in `decide`, which TypeScript's flow analysis does not follow into.
    const failed = (): DomainError | null => failure;
    if (tooLarge) throw this.tooLarge();
    const early = failed();
    if (early) throw early;
    if (received === 0)
      throw badRequest('file: the file is empty', 'document.empty', { field: 'file' });
    if (mime === null) await decide(true);
    else await take(Buffer.alloc(0), true);
    const late = failed();
    if (late) throw late;
    const type = mime as DocumentMimeType | null;
    if (!type) throw unsupported();

    const corrupt = (what: string) =>
      badRequest(`file: ${what}`, 'document.corrupt', { field: 'file' });
    if (handling === 'stream') {
      if (type === 'text/plain' && !textOk) throw unsupported();
      if (!looksWhole(type, tail.bytes)) throw corrupt('the file is damaged or incomplete');
    } else {
      const input = Buffer.concat(held);
      held.length = 0;
      let clean: Buffer;
      try {
        clean = handling === 'photo' ? await cleanPhoto(input, type) : cleanHeic(input);
      } catch (error) {
        if (error instanceof UnreadableContent) throw corrupt(error.message);
        throw error;
      }
      hash.update(clean);
      stored = clean.length;
      // Re-encoding may grow a file (a PNG that compressed thanks to its filters): the limit holds
      // for what is stored, too.
      if (clean.length > this.maxBytes) throw this.tooLarge();
      await sealer.write(clean);
    }
    const chunkCount = await sealer.end();
    return {
      mime: type,
      sizeBytes: stored,
      sha256: hash.digest('hex'),
      chunkCount,
      dataKey,
      fileName: cleanFileName(fileName),
    };
  }

  /**
   * Sends a document's content (a byte range of it, when asked) after recording the read: the
   * audit event commits before the first byte leaves. Chunks are fetched a batch at a time and
   * decrypted one by one, so memory stays at a batch whatever the file's size.
   */
  async sendContent(
    actor: Actor,
    id: string,
    rangeHeader: string | undefined,
    reply: FastifyReply,
  ): Promise<void> {
    const row = await this.visibleDocument(actor, this.dataSource, id);
    const size = row.sizeBytes;
    const range = parseRange(rangeHeader, size);
    if (range === 'unsatisfiable') {
      void reply
        .code(416)
        .header('Content-Range', `bytes */${size}`)
        .header('Cache-Control', 'no-store')
        .send();
      return;
    }
    await this.audit.recordNow(actor, {
      action: 'read',
      entityType: 'document',
      entityId: id,
      teamId: row.teamId,
      summary: range ? 'read part of a document’s content' : 'read a document’s content',
      details: { caseId: row.caseId, ...(range ? { range: `${range.start}-${range.end}` } : {}) },
    });
    const sealed = this.sealedKeyOf(row);
    const mime = row.mime as DocumentMimeType;
    const { start, end } = range ?? { start: 0, end: size - 1 };
    const { first: firstChunk, last: lastChunk } = chunksOfRange(start, end);
    const chunks = this.stores.of(row.storage).read(id, firstChunk, lastChunk);
    let n = firstChunk;
    const open = (data: Buffer) => {
      const plain = openChunk(sealed.key, id, n, n === row.chunkCount - 1, data);
      const offset = n * CHUNK_SIZE;
      n += 1;
      return plain.subarray(Math.max(0, start - offset), Math.min(plain.length, end - offset + 1));
    };
    // The first chunk is opened before any header goes out: a failure there is a clean 500.
    const head = await chunks.next();
    if (head.done) throw new Error(`document ${id}: no chunks`);
    const firstPiece = open(head.value);

    const stem =
      (this.crypto.decrypt(row.fileName, documentContext('fileName', id)) ?? '').replace(
        /\.[^.]*$/,
        '',
      ) || `${row.kind}-${row.createdAt.toISOString().slice(0, 10)}`;
    void reply
      .code(range ? 206 : 200)
      .header('Content-Disposition', contentDisposition(`${stem}.${EXTENSION[mime]}`))
      .header('Content-Type', mime === 'text/plain' ? 'text/plain; charset=utf-8' : mime)
      .header('Cache-Control', 'no-store')
      .header('Accept-Ranges', 'bytes')
      .header('Content-Length', String(end - start + 1));
    if (range) void reply.header('Content-Range', `bytes ${start}-${end}/${size}`);
    // From here the response is written to the socket piece by piece, with its backpressure (with
    // the hooks' headers as well as these: see takeOver).
    const res = takeOver(reply);
    try {
      await send(res, firstPiece);
      for await (const data of chunks) {
        if (res.destroyed) return;
        await send(res, open(data));
      }
      res.end();
    } catch (error) {
      // The headers are gone: all that is left is to cut the response short, so the client sees
      // an incomplete file rather than a wrong one.
      logger().error(
        { err: error instanceof Error ? error.message : String(error), document: id },
        'reading a document failed',
      );
      res.destroy();
    }
  }

  /**
   * The data key of a document's content, once its row's type, size and chunk count are checked
   * against the sealed key's own copy: an edited row (a type changed to text/html, a count cut
   * short) is refused, not served.
   */
  private sealedKeyOf(row: ContentRow): SealedKey {
    const sealed = unwrapKey(
      this.crypto.decrypt(row.dataKey, documentContext('dataKey', row.id)) ?? '',
    );
    if (
      !sealed ||
      sealed.mime !== row.mime ||
      sealed.size !== row.sizeBytes ||
      sealed.chunks !== row.chunkCount ||
      !(DOCUMENT_MIME_TYPES as readonly string[]).includes(row.mime)
    )
      throw new Error(`document ${row.id}: its row does not match its sealed key`);
    return sealed;
  }

  /**
   * A whole document's content, decrypted chunk by chunk as it is read (a batch of chunks held at
   * most, whatever the file's size), for a caller that has recorded the read itself: the
   * subject-access export (data-protection/), which audits the export before its first byte.
   */
  async *plaintext(row: ContentRow): AsyncGenerator<Buffer> {
    const sealed = this.sealedKeyOf(row);
    let n = 0;
    for await (const data of this.stores.of(row.storage).read(row.id, 0, row.chunkCount - 1)) {
      yield openChunk(sealed.key, row.id, n, n === row.chunkCount - 1, data);
      n += 1;
    }
    if (n !== row.chunkCount) throw new Error(`document ${row.id}: chunks are missing`);
  }

  async update(actor: Actor, id: string, dto: UpdateDocumentDto): Promise<DocumentResponse> {
    rejectNulls(dto, ['title', 'kind']);
    return transaction(this.dataSource, async (manager) => {
      const row = await this.visibleDocument(actor, manager, id, true);
      assertVersion(row.version, dto.version);
      if (row.status === 'withdrawn')
        throw conflict('status: the document has been withdrawn', 'document.withdrawn', {
          field: 'status',
        });
      const changed: string[] = [];
      const set: { title?: string; kind?: DocumentKind; language?: string | null } = {};
      const title = dto.title?.trim();
      if (dto.title !== undefined && !title)
        throw badRequest('title: required', 'required', { field: 'title' });
      if (title && CONTROL.test(title))
        throw badRequest('title: no line breaks or control characters', 'validation.format', {
          field: 'title',
        });
      if (
        title !== undefined &&
        title !== this.crypto.decrypt(row.title, documentContext('title', id))
      ) {
        set.title = this.crypto.encrypt(title, documentContext('title', id))!;
        changed.push('title');
      }
      if (dto.kind !== undefined && dto.kind !== row.kind) {
        set.kind = dto.kind;
        changed.push('kind');
      }
      const language = dto.language === undefined ? undefined : dto.language?.trim() || null;
      if (language !== undefined && language !== row.language) {
        set.language = language;
        changed.push('language');
      }
      if (changed.length === 0) return this.toResponse(row);
      const updated = (await first(
        manager,
        db
          .updateTable('document')
          .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: eb.fn<Date>('now') }))
          .where('id', '=', id)
          .returning(['version', 'updated_at']),
      ))!;
      await markCaseActivity(manager, row.caseId);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'document',
        entityId: id,
        teamId: row.teamId,
        summary: `updated ${changed.join(', ')}`,
        details: { fields: changed, caseId: row.caseId },
      });
      return this.toResponse({
        ...row,
        title: set.title ?? row.title,
        kind: set.kind ?? row.kind,
        language: language === undefined ? row.language : language,
        version: updated.version,
        updatedAt: updated.updated_at,
      });
    });
  }

  /** Withdraws a document: kept (and readable) until the data-protection lifecycle erases it. */
  async withdraw(actor: Actor, id: string, reason: string): Promise<DocumentResponse> {
    const why = reason.trim();
    if (!why) throw badRequest('reason: required', 'required', { field: 'reason' });
    return transaction(this.dataSource, async (manager) => {
      const row = await this.visibleDocument(actor, manager, id, true);
      if (row.status === 'withdrawn')
        throw conflict('status: the document has been withdrawn already', 'document.withdrawn', {
          field: 'status',
        });
      const sealedReason = this.crypto.encrypt(why, documentContext('withdrawnReason', id))!;
      const updated = (await first(
        manager,
        db
          .updateTable('document')
          .set((eb) => ({
            status: 'withdrawn',
            withdrawn_reason: sealedReason,
            withdrawn_at: eb.fn<Date>('now'),
            withdrawn_by_id: actor.id,
            version: eb('version', '+', 1),
            updated_at: eb.fn<Date>('now'),
          }))
          .where('id', '=', id)
          .returning(['version', 'updated_at', 'withdrawn_at']),
      ))!;
      await markCaseActivity(manager, row.caseId);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'document',
        entityId: id,
        teamId: row.teamId,
        summary: 'withdrew a document',
        details: { fields: ['status'], caseId: row.caseId },
      });
      return this.toResponse({
        ...row,
        status: 'withdrawn',
        withdrawnReason: sealedReason,
        withdrawnAt: updated.withdrawn_at,
        withdrawnById: actor.id,
        version: updated.version,
        updatedAt: updated.updated_at,
      });
    });
  }

  /**
   * Deletes the chunks of uploads abandoned more than `olderThanSeconds` ago (a process that died
   * mid-upload, a store that failed while discarding). Returns how many it removed.
   */
  async cleanOrphans(olderThanSeconds = ORPHAN_AFTER_SECONDS): Promise<number> {
    // Claimed by deleting the registrations: an upload filing at this moment holds its row
    // locked (skipped here), and one filing later finds its row gone and gives up (`file`).
    const stale = await rows(
      this.dataSource,
      db
        .deleteFrom('document_upload')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('document_upload')
            .select('id')
            .where('started_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
            .orderBy('started_at')
            .limit(500)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'storage']),
    );
    for (const upload of stale) {
      try {
        await this.stores.of(upload.storage).delete(upload.id);
      } catch (error) {
        // Registered again, so that the next run retries.
        await exec(
          this.dataSource,
          db
            .insertInto('document_upload')
            .values({ id: upload.id, storage: upload.storage, started_at: new Date(0) }),
        );
        throw error;
      }
    }
    return stale.length;
  }
}

/** Control characters, line and paragraph separators: never in a title or a file's name. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The uploaded name without a path, control characters or direction overrides (which make
 * `photo\u202Egpj.exe` read as a picture), at most 200 characters; or null.
 */
export function cleanFileName(name: string | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, '')
    .trim();
  return clean ? [...clean].slice(0, 200).join('') : null;
}

/**
 * One `bytes=` range of a file of `size` bytes: null (the whole file: no header, several ranges,
 * or a header that is not a byte range), or 'unsatisfiable' (a 416).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return null;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Reads a request's body to its end and throws it away (at most `cap` bytes, then hangs up). */
function drain(req: IncomingMessage, cap: number): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      req.off('data', count);
      resolve();
    };
    const count = (data: Buffer) => {
      seen += data.length;
      if (seen > cap) {
        req.destroy();
        done();
      }
    };
    req.on('data', count);
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}

/** Writes a piece, waiting for the socket to drain when its buffer is full (or for it to close). */
function send(res: ServerResponse, piece: Buffer): Promise<void> {
  if (res.destroyed || res.write(piece)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * What the master key wraps for a file: its data key with the facts the reader relies on (type,
 * size, chunk count), so a row edited in the database does not change what is served.
 */
interface SealedKey {
  key: Buffer;
  mime: string;
  size: number;
  chunks: number;
}

export function wrapKey(sealed: SealedKey): string {
  return JSON.stringify({
    k: sealed.key.toString('base64'),
    mime: sealed.mime,
    size: sealed.size,
    chunks: sealed.chunks,
  });
}

function unwrapKey(text: string): SealedKey | null {
  try {
    const value = JSON.parse(text) as { k: string; mime: string; size: number; chunks: number };
    const key = Buffer.from(value.k, 'base64');
    return key.length === 32
      ? { key, mime: value.mime, size: value.size, chunks: value.chunks }
      : null;
  } catch {
    return null;
  }
}
