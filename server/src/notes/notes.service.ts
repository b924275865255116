import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  GROUNDS,
  NOTE_STATUSES,
  STRENGTHS,
  type Evidence,
  type ListResponse,
  type NoteComment,
  type NoteListItem,
  type NoteResponse,
  type NoteRevision,
} from '@haven/shared';
import { sql } from 'kysely';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { audited, type Audited } from '../audit/audited-read.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, DomainError, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import type { Expression, SqlBool } from 'kysely';
import { assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import {
  FIELD_ENCRYPTION,
  fieldContext,
  type FieldEncryption,
} from '../encryption/field-encryption.js';
import type { CreateCommentDto, CreateNoteDto, UpdateNoteDto } from './note.dto.js';
import type { AttachedDocument } from './claim-summary.js';
import { NoteCommentEntity, NoteEntity, NoteRevisionEntity } from './note.entity.js';
import { transaction } from '../database/transaction.js';
import { db, exec, first, rows, type On, type RowsOf } from '../database/sql.js';
import { markCaseActivity } from '../cases/activity.js';
import { documentContext } from '../documents/document.entity.js';

/**
 * A note's evidence may name documents of its own case only: any other id (another case's, one
 * the caller may not see, none at all) is a 404 naming the item, alike. A withdrawn document (filed
 * to the wrong case, a bad scan) may not be newly linked: a 409 naming the item. Links the note
 * already had stay, so a note citing a document withdrawn since can still be edited.
 */
async function checkEvidenceDocuments(
  on: On,
  caseId: string,
  evidence: readonly Evidence[] | undefined,
  linkedBefore: readonly Evidence[] = [],
): Promise<void> {
  const named = (evidence ?? [])
    .map((item, index) => ({ id: item.documentId, index }))
    .filter((item): item is { id: string; index: number } => !!item.id);
  if (named.length === 0) return;
  const found = await rows(
    on,
    db
      .selectFrom('document')
      .select(['id', 'status'])
      .where('case_id', '=', caseId)
      .where('id', '=', (eb) => eb.fn.any(eb.val(named.map((item) => item.id)))),
  );
  const known = new Map(found.map((row) => [row.id, row.status]));
  const missing = named.find((item) => !known.has(item.id));
  if (missing)
    throw new DomainError(
      'not_found',
      'document.not_found',
      `evidence.${missing.index}.documentId: no such document on this case`,
      { field: `evidence.${missing.index}.documentId` },
    );
  const kept = new Set(linkedBefore.map((item) => item.documentId).filter(Boolean));
  const withdrawn = named.find((item) => known.get(item.id) === 'withdrawn' && !kept.has(item.id));
  if (withdrawn)
    throw conflict(
      `evidence.${withdrawn.index}.documentId: the document has been withdrawn`,
      'document.withdrawn',
      { field: `evidence.${withdrawn.index}.documentId` },
    );
}

/** Notes, each column named by the entity's property (body and evidence still encrypted). */
const noteRows = () =>
  db
    .selectFrom('note as n')
    .select([
      'n.id',
      'n.case_id as caseId',
      'n.ground',
      'n.title',
      'n.body',
      'n.evidence',
      'n.evidence_count as evidenceCount',
      'n.strength',
      'n.status',
      'n.author_id as authorId',
      'n.created_at as createdAt',
      'n.updated_at as updatedAt',
      'n.version',
    ]);

type NoteRow = RowsOf<ReturnType<typeof noteRows>>;

/**
 * What a note list item shows (never the encrypted body or evidence), with each note's comment
 * count, of the notes of the cases `scope` lets through: the note list's base query.
 */
const noteListBase = (scope: Expression<SqlBool>) =>
  db
    .selectFrom('note as n')
    .innerJoin('legal_case as c', 'c.id', 'n.case_id')
    .select((eb) => [
      'n.id',
      'n.case_id as caseId',
      'n.ground',
      'n.title',
      'n.strength',
      'n.status',
      'n.author_id as authorId',
      'n.evidence_count as evidenceCount',
      'n.created_at as createdAt',
      'n.updated_at as updatedAt',
      'n.version',
      eb
        .selectFrom('note_comment as nc')
        .select((sub) => sub.cast<number>(sub.fn.countAll(), 'integer').as('n'))
        .whereRef('nc.note_id', '=', 'n.id')
        .$asScalar()
        .$notNull()
        .as('commentCount'),
    ])
    .where(scope);

/** The note list's dialect, over the columns of its base query. */
export const LIST: ListSpec<ReturnType<typeof noteListBase>> = {
  sortable: {
    createdAt: 'n.created_at',
    updatedAt: 'n.updated_at',
    ground: 'n.ground',
    strength: 'n.strength',
  },
  defaultSort: { field: 'updatedAt', order: 'DESC' },
  filters: {
    id: { column: 'n.id', type: 'uuid' },
    caseId: { column: 'n.case_id', type: 'uuid' },
    ground: { column: 'n.ground', type: 'enum', values: GROUNDS },
    strength: { column: 'n.strength', type: 'enum', values: STRENGTHS },
    status: { column: 'n.status', type: 'enum', values: NOTE_STATUSES },
    authorId: { column: 'n.author_id', type: 'uuid' },
  },
  // The case's reference: titles and bodies are encrypted, never searched.
  search: ['c.reference'],
  tieBreaker: 'n.id',
};

/** A note's revisions (bodies still encrypted): the revision list's base query. */
const revisionListBase = (noteId: string) =>
  db
    .selectFrom('note_revision as r')
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
    .where('r.note_id', '=', noteId);

export const REVISIONS: ListSpec<ReturnType<typeof revisionListBase>> = {
  sortable: { version: 'r.version', editedAt: 'r.edited_at' },
  defaultSort: { field: 'version', order: 'DESC' },
  filters: {},
  tieBreaker: 'r.id',
};

export const noteContext = (field: 'title' | 'body' | 'evidence', id: string) =>
  fieldContext('note', field, id);
export const revisionContext = (field: 'title' | 'body' | 'evidence', id: string) =>
  fieldContext('note_revision', field, id);
export const commentContext = (id: string) => fieldContext('note_comment', 'body', id);

/** A title of spaces only is none (an encrypted title is never empty). */
function blankTitle(title: string | undefined): void {
  if (title !== undefined && !title.trim())
    throw badRequest('title: required', 'required', { field: 'title' });
}

@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  private toListItem(note: Omit<NoteRow, 'body' | 'evidence'>, comments: number): NoteListItem {
    return {
      id: note.id,
      caseId: note.caseId,
      ground: note.ground,
      title: this.crypto.decrypt(note.title, noteContext('title', note.id)) ?? '',
      strength: note.strength,
      status: note.status,
      authorId: note.authorId,
      evidenceCount: note.evidenceCount,
      commentCount: comments,
      createdAt: note.createdAt.toISOString(),
      updatedAt: note.updatedAt.toISOString(),
      version: note.version,
    };
  }

  private toResponse(note: NoteRow, comments: number): NoteResponse {
    return {
      ...this.toListItem(note, comments),
      body: this.crypto.decrypt(note.body, noteContext('body', note.id)) ?? '',
      evidence: this.crypto.decryptJson<Evidence[]>(
        note.evidence,
        noteContext('evidence', note.id),
        [],
      ),
    };
  }

  private async commentCounts(on: On, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const counts = await rows(
      on,
      db
        .selectFrom('note_comment')
        .select((eb) => ['note_id', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
        .where('note_id', '=', (eb) => eb.fn.any(eb.val(ids)))
        .groupBy('note_id'),
    );
    return new Map(counts.map((r) => [r.note_id, r.n]));
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<NoteListItem>> {
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      this.listStatement(actor, query),
    );
    return { data: rows.map((r) => this.toListItem(r, r.commentCount)), total };
  }

  /** The statement `list` runs: the page, its total and the list-read audit event. */
  listStatement(actor: Actor, query: Record<string, unknown>) {
    return listStatement(noteListBase(this.access.cases(actor, 'c')), parseListQuery(query, LIST), {
      generic: actor.role !== 'admin',
      audit: this.audit.listReadInsert(actor, 'note', query),
    });
  }

  private async visibleNote(
    actor: Actor,
    on: On,
    id: string,
    lock = false,
  ): Promise<NoteRow & { teamId: string }> {
    let query = noteRows()
      .innerJoin('legal_case as c', 'c.id', 'n.case_id')
      .select('c.team_id as teamId')
      .where('n.id', '=', id)
      .where(this.access.cases(actor, 'c'));
    if (lock) query = query.forUpdate('n');
    const note = await first(on, query);
    if (!note) throw notFound('note');
    return note;
  }

  /** A note, as an audited read (the route declares it: audit/audited-read.ts). */
  async get(actor: Actor, id: string): Promise<Audited<NoteResponse>> {
    const note = await this.visibleNote(actor, this.dataSource, id);
    const counts = await this.commentCounts(this.dataSource, [id]);
    return audited(
      { entityId: id, teamId: note.teamId, details: { caseId: note.caseId } },
      this.toResponse(note, counts.get(id) ?? 0),
    );
  }

  /**
   * A note's ground is one of its case's grounds. A ground the case lacks is added only when the
   * caller asks for it (`addGroundToCase`, after the user said yes): the case's grounds feed the claim
   * summary and the statistics, so a note never changes them silently. Adding one is a change of
   * the case (its version moves, so an edit form open on the old grounds is refused, not obeyed),
   * audited as such. Returns whether the ground was added. The note is work on the case either way.
   */
  private async checkCaseGround(
    manager: EntityManager,
    actor: Actor,
    caseId: string,
    ground: string,
    addGroundToCase: boolean | undefined,
    noteId: string,
  ): Promise<boolean> {
    const record = (await first(
      manager,
      db
        .selectFrom('legal_case')
        .select(['grounds', 'team_id as teamId'])
        .where('id', '=', caseId)
        .forNoKeyUpdate(),
    ))!;
    if (record.grounds.includes(ground)) return false;
    if (addGroundToCase !== true)
      throw conflict(
        `ground: the case does not have the ground ${ground}; send addGroundToCase: true to add it to the case`,
        'note.ground_not_on_case',
        { field: 'ground', args: { ground } },
      );
    await exec(
      manager,
      db
        .updateTable('legal_case')
        .set((eb) => ({
          grounds: eb.fn<string[]>('array_append', ['grounds', eb.cast(eb.val(ground), 'varchar')]),
          version: eb('version', '+', 1),
          updated_at: eb.fn<Date>('now'),
        }))
        .where('id', '=', caseId),
    );
    await this.audit.record(manager, actor, {
      action: 'update',
      entityType: 'case',
      entityId: caseId,
      teamId: record.teamId,
      summary: 'updated grounds',
      details: { fields: ['grounds'], addedGround: ground, noteId },
    });
    return true;
  }

  async create(actor: Actor, dto: CreateNoteDto): Promise<NoteResponse> {
    blankTitle(dto.title);
    return transaction(this.dataSource, async (manager) => {
      const visible = await this.access.visibleCaseRow(actor, manager, dto.caseId);
      await checkEvidenceDocuments(manager, dto.caseId, dto.evidence);
      const id = randomUUID();
      const evidence = dto.evidence ?? [];
      const note = manager.getRepository(NoteEntity).create({
        id,
        caseId: dto.caseId,
        ground: dto.ground,
        title: this.crypto.encrypt(dto.title.trim(), noteContext('title', id))!,
        body:
          this.crypto.encrypt(dto.body, noteContext('body', id)) ??
          this.crypto.encrypt(' ', noteContext('body', id))!,
        evidence: this.crypto.encryptJson(evidence, noteContext('evidence', id)),
        evidenceCount: evidence.length,
        strength: dto.strength ?? 'unassessed',
        status: 'active',
        authorId: actor.id,
      });
      const groundAdded = await this.checkCaseGround(
        manager,
        actor,
        dto.caseId,
        dto.ground,
        dto.addGroundToCase,
        id,
      );
      const saved = await manager.getRepository(NoteEntity).save(note);
      await markCaseActivity(manager, dto.caseId);
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'note',
        entityId: id,
        teamId: visible.teamId,
        summary: `wrote a note on ${dto.ground}`,
        details: {
          caseId: dto.caseId,
          ground: dto.ground,
          ...(groundAdded ? { groundAdded } : {}),
        },
      });
      return this.toResponse(saved, 0);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateNoteDto): Promise<NoteResponse> {
    rejectNulls(dto, ['ground', 'title', 'body', 'evidence', 'strength', 'status']);
    blankTitle(dto.title);
    return transaction(this.dataSource, async (manager) => {
      const note = await this.visibleNote(actor, manager, id, true);
      assertVersion(note.version, dto.version);
      const currentTitle = this.crypto.decrypt(note.title, noteContext('title', id)) ?? '';
      const currentBody = this.crypto.decrypt(note.body, noteContext('body', id)) ?? '';
      const currentEvidence = this.crypto.decryptJson<Evidence[]>(
        note.evidence,
        noteContext('evidence', id),
        [],
      );
      await checkEvidenceDocuments(manager, note.caseId, dto.evidence, currentEvidence);
      const changed: string[] = [];
      if (dto.ground !== undefined && dto.ground !== note.ground) changed.push('ground');
      if (dto.title !== undefined && dto.title.trim() !== currentTitle) changed.push('title');
      if (dto.body !== undefined && dto.body !== currentBody) changed.push('body');
      if (
        dto.evidence !== undefined &&
        JSON.stringify(dto.evidence) !== JSON.stringify(currentEvidence)
      )
        changed.push('evidence');
      if (dto.strength !== undefined && dto.strength !== note.strength) changed.push('strength');
      if (dto.status !== undefined && dto.status !== note.status) changed.push('status');
      if (changed.length === 0)
        return this.toResponse(note, (await this.commentCounts(manager, [id])).get(id) ?? 0);
      // A note moved to a ground the case lacks, or made active again on one the case has lost
      // since: asked for, or refused (nothing written).
      const reactivated = changed.includes('status') && dto.status === 'active';
      const groundAdded =
        (changed.includes('ground') || reactivated) && (dto.status ?? note.status) === 'active'
          ? await this.checkCaseGround(
              manager,
              actor,
              note.caseId,
              dto.ground ?? note.ground,
              dto.addGroundToCase,
              id,
            )
          : false;

      // Keep the version being replaced, re-encrypted under the revision's own id.
      const revisionId = randomUUID();
      await manager.getRepository(NoteRevisionEntity).insert({
        id: revisionId,
        noteId: id,
        version: note.version,
        ground: note.ground,
        title: this.crypto.encrypt(currentTitle, revisionContext('title', revisionId))!,
        body: this.crypto.encrypt(currentBody || ' ', revisionContext('body', revisionId))!,
        evidence: this.crypto.encryptJson(currentEvidence, revisionContext('evidence', revisionId)),
        strength: note.strength,
        status: note.status,
        editedById: actor.id,
        editedAt: note.updatedAt,
      });
      if (dto.ground !== undefined) note.ground = dto.ground;
      if (changed.includes('title'))
        note.title = this.crypto.encrypt(dto.title!.trim(), noteContext('title', id))!;
      if (dto.body !== undefined)
        note.body = this.crypto.encrypt(dto.body || ' ', noteContext('body', id))!;
      if (dto.evidence !== undefined) {
        note.evidence = this.crypto.encryptJson(dto.evidence, noteContext('evidence', id));
        note.evidenceCount = dto.evidence.length;
      }
      if (dto.strength !== undefined) note.strength = dto.strength;
      if (dto.status !== undefined) note.status = dto.status;
      const { teamId, ...entity } = note;
      const saved = await manager
        .getRepository(NoteEntity)
        .save(Object.assign(new NoteEntity(), entity));
      await markCaseActivity(manager, saved.caseId);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'note',
        entityId: id,
        teamId,
        summary:
          changed.includes('status') && saved.status === 'withdrawn'
            ? 'withdrew a note'
            : `updated ${changed.join(', ')}`,
        details: {
          fields: changed,
          caseId: saved.caseId,
          revision: revisionId,
          ...(groundAdded ? { groundAdded } : {}),
        },
      });
      return this.toResponse(saved, (await this.commentCounts(manager, [id])).get(id) ?? 0);
    });
  }

  async revisions(
    actor: Actor,
    id: string,
    query: Record<string, unknown>,
  ): Promise<Audited<ListResponse<NoteRevision>>> {
    const note = await this.visibleNote(actor, this.dataSource.manager, id);
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      listStatement(revisionListBase(id), parseListQuery(query, REVISIONS)),
    );
    return audited(
      {
        entityId: id,
        teamId: note.teamId,
        details: { caseId: note.caseId, revisions: rows.length },
      },
      {
        data: rows.map((r) => ({
          id: r.id,
          noteId: r.noteId,
          version: r.version,
          ground: r.ground,
          title: this.crypto.decrypt(r.title, revisionContext('title', r.id)) ?? '',
          body:
            this.crypto.decrypt(r.body, revisionContext('body', r.id))?.replace(/^ $/, '') ?? '',
          evidence: this.crypto.decryptJson<Evidence[]>(
            r.evidence,
            revisionContext('evidence', r.id),
            [],
          ),
          strength: r.strength,
          status: r.status,
          editedById: r.editedById,
          editedAt: r.editedAt.toISOString(),
        })),
        total,
      },
    );
  }

  async comments(actor: Actor, id: string): Promise<Audited<ListResponse<NoteComment>>> {
    const note = await this.visibleNote(actor, this.dataSource, id);
    const comments = await rows(
      this.dataSource,
      db
        .selectFrom('note_comment')
        .select(['id', 'author_id', 'body', 'created_at'])
        .where('note_id', '=', id)
        .orderBy('created_at', 'asc')
        .limit(sql.lit(500)),
    );
    return audited(
      {
        entityId: id,
        teamId: note.teamId,
        details: { caseId: note.caseId, comments: comments.length },
      },
      {
        data: comments.map((c) => ({
          id: c.id,
          noteId: id,
          authorId: c.author_id,
          body: this.crypto.decrypt(c.body, commentContext(c.id)) ?? '',
          createdAt: c.created_at.toISOString(),
        })),
        total: comments.length,
      },
    );
  }

  async comment(actor: Actor, id: string, dto: CreateCommentDto): Promise<NoteComment> {
    return transaction(this.dataSource, async (manager) => {
      const note = await this.visibleNote(actor, manager, id);
      const commentId = randomUUID();
      const saved = await manager.getRepository(NoteCommentEntity).save(
        manager.getRepository(NoteCommentEntity).create({
          id: commentId,
          noteId: id,
          authorId: actor.id,
          body: this.crypto.encrypt(dto.body.trim(), commentContext(commentId))!,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'note_comment',
        entityId: commentId,
        teamId: note.teamId,
        summary: 'left a review comment on a note',
        details: { noteId: id, caseId: note.caseId },
      });
      return {
        id: saved.id,
        noteId: id,
        authorId: actor.id,
        body: dto.body.trim(),
        createdAt: saved.createdAt.toISOString(),
      };
    });
  }

  /** The active notes of a case, decrypted, grouped in the domain's order of grounds. */
  async claimNotes(actor: Actor, caseId: string) {
    const visible = await this.access.visibleCaseRow(actor, this.dataSource, caseId);
    const notes = await rows(
      this.dataSource,
      noteRows()
        .where('n.case_id', '=', caseId)
        .where('n.status', '=', 'active')
        .orderBy('n.created_at', 'asc'),
    );
    const record = (await first(
      this.dataSource,
      db
        .selectFrom('legal_case')
        .select(['reference', 'grounds', 'jurisdiction', 'stage', 'case_type', 'military_status'])
        .where('id', '=', caseId),
    ))!;
    const responses = notes.map((n) => this.toResponse(n, 0));
    const documentIds = [
      ...new Set(responses.flatMap((n) => n.evidence.map((e) => e.documentId))),
    ].filter((id): id is string => !!id);
    const documents = new Map<string, AttachedDocument>();
    if (documentIds.length)
      for (const d of await rows(
        this.dataSource,
        db
          .selectFrom('document')
          .select(['id', 'kind', 'title', 'status', 'created_at'])
          .where('case_id', '=', caseId)
          .where('id', '=', (eb) => eb.fn.any(eb.val(documentIds))),
      ))
        documents.set(d.id, {
          id: d.id,
          kind: d.kind,
          title: this.crypto.decrypt(d.title, documentContext('title', d.id)) ?? '',
          uploadedOn: d.created_at.toISOString().slice(0, 10),
          status: d.status,
        });
    const grounds = GROUNDS.filter(
      (g) => record.grounds.includes(g) || notes.some((n) => n.ground === g),
    ).map((ground) => ({
      ground,
      notes: responses.filter((n) => n.ground === ground),
    }));
    return { visible, record, grounds, documents };
  }
}
