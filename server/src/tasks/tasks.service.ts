import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PRIORITIES,
  TASK_QUEUES,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  hasPermission,
  type ListResponse,
  type NoteReviewText,
  type TaskAction,
  type TaskQueue,
  type TaskResponse,
  SYSTEM_TASK_CODES,
  type SystemTaskCode,
  type SystemTaskParams,
} from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListExpressionBuilder,
  type ListSpec,
} from '../common/list-query.js';
import { sql, type Expression, type SqlBool } from 'kysely';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import type { CreateTaskDto, UpdateTaskDto } from './task.dto.js';
import { TaskEntity, taskContext } from './task.entity.js';
import {
  FIELD_ENCRYPTION,
  fieldContext,
  type FieldEncryption,
} from '../encryption/field-encryption.js';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { transaction } from '../database/transaction.js';
import { db, exec, first, type RowsOf } from '../database/sql.js';
import { markCaseActivity } from '../cases/activity.js';

/** Tasks, each column named by the entity's property (dates as YYYY-MM-DD text, as the entity has them). */
const taskRows = () =>
  db
    .selectFrom('task as t')
    .select((eb) => [
      't.id',
      't.case_id as caseId',
      't.team_id as teamId',
      't.title',
      't.description',
      't.status',
      't.priority',
      't.assignee_id as assigneeId',
      eb.cast<string | null>('t.due_on', 'text').as('dueOn'),
      't.system',
      't.source_key as sourceKey',
      't.review_comment as reviewComment',
      't.submitted_at as submittedAt',
      't.completed_at as completedAt',
      't.created_by_id as createdById',
      't.created_at as createdAt',
      't.updated_at as updatedAt',
      't.version',
      't.note_id as noteId',
      't.note_version as noteVersion',
      't.approved_by_id as approvedById',
      't.title_code as titleCode',
      't.title_params as titleParams',
    ]);

/**
 * Tasks with their case's reference (null for a task without a case) and, for a note review, the
 * note as it is now and as it was when a review of it was last approved (another task of the same
 * note: the latest approved by completion, through (note_id, completed_at); its version's text is
 * the note itself when unchanged since, otherwise that version's revision). Texts still encrypted.
 */
const tasksWithCase = () =>
  taskRows()
    .leftJoin('legal_case as c', 'c.id', 't.case_id')
    .leftJoin('note as n', 'n.id', 't.note_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('task as a')
          .select('a.note_version as approvedVersion')
          .whereRef('a.note_id', '=', 't.note_id')
          .whereRef('a.id', '<>', 't.id')
          .where('a.status', '=', sql.lit('done'))
          .where('a.approved_by_id', 'is not', null)
          .orderBy('a.completed_at', 'desc')
          .limit(1)
          .as('la'),
      (join) => join.onTrue(),
    )
    .leftJoin('note_revision as r', (join) =>
      join.onRef('r.note_id', '=', 't.note_id').onRef('r.version', '=', 'la.approvedVersion'),
    )
    .select([
      'c.reference as caseReference',
      'n.version as noteCurrentVersion',
      'n.title as noteTitle',
      'n.body as noteBody',
      'la.approvedVersion',
      'r.id as approvedRevisionId',
      'r.title as approvedTitle',
      'r.body as approvedBody',
    ]);

/** The task list's dialect, over the columns of its base query (`tasksWithCase`). */
export const LIST: ListSpec<ReturnType<typeof tasksWithCase>> = {
  sortable: {
    dueOn: 't.due_on',
    priority: 't.priority',
    createdAt: 't.created_at',
    updatedAt: 't.updated_at',
    status: 't.status',
  },
  defaultSort: { field: 'createdAt', order: 'DESC' },
  filters: {
    id: { column: 't.id', type: 'uuid' },
    status: { column: 't.status', type: 'enum', values: TASK_STATUSES },
    priority: { column: 't.priority', type: 'enum', values: PRIORITIES },
    caseId: { column: 't.case_id', type: 'uuid' },
    assigneeId: { column: 't.assignee_id', type: 'uuid' },
    teamId: { column: 't.team_id', type: 'uuid' },
    system: { column: 't.system', type: 'boolean' },
    dueOn: { column: 't.due_on', type: 'date', range: true },
    noteId: { column: 't.note_id', type: 'uuid' },
    // Unfinished and due before today (the dashboards' overdue tasks).
    overdue: {
      column: (eb) =>
        eb.and([
          eb('t.status', '<>', sql.lit('done')),
          eb('t.due_on', '<', sql<Date>`current_date`),
        ]),
      type: 'boolean',
    },
  },
  // The case's reference: titles and descriptions are encrypted, never searched.
  search: ['c.reference'],
  tieBreaker: 't.id',
};

type Row = RowsOf<ReturnType<typeof tasksWithCase>>;

/** How long an approver may undo an approval when the configuration does not say. */
export const UNDO_APPROVE_MINUTES = 10;

const noteText = (
  crypto: FieldEncryption,
  table: 'note' | 'note_revision',
  id: string,
  version: number,
  title: string,
  body: string,
): NoteReviewText => ({
  version,
  title: crypto.decrypt(title, fieldContext(table, 'title', id)) ?? '',
  // An empty body is stored as one space (ciphertext is never empty).
  body: crypto.decrypt(body, fieldContext(table, 'body', id))?.replace(/^ $/, '') ?? '',
});

/** A note review's texts: the note now, and at the version last approved (null: none, or erased). */
function noteReview(task: Row, crypto: FieldEncryption): TaskResponse['noteReview'] {
  if (!task.noteId || task.noteTitle === null || task.noteBody === null) return null;
  const current = noteText(
    crypto,
    'note',
    task.noteId,
    task.noteCurrentVersion ?? 0,
    task.noteTitle,
    task.noteBody,
  );
  const approved = task.approvedVersion;
  let lastApproved: NoteReviewText | null = null;
  if (approved !== null && approved === current.version) lastApproved = current;
  else if (approved !== null && task.approvedRevisionId && task.approvedTitle && task.approvedBody)
    lastApproved = noteText(
      crypto,
      'note_revision',
      task.approvedRevisionId,
      approved,
      task.approvedTitle,
      task.approvedBody,
    );
  return { noteId: task.noteId, submittedVersion: task.noteVersion, current, lastApproved };
}

/** A system task's code and its parameters, decrypted; nulls for a task told as written. */
function systemTaskText(
  task: Pick<Row, 'id' | 'titleCode' | 'titleParams'>,
  crypto: FieldEncryption,
): Pick<TaskResponse, 'titleCode' | 'titleParams'> {
  const code = task.titleCode;
  if (!code || !(SYSTEM_TASK_CODES as readonly string[]).includes(code))
    return { titleCode: null, titleParams: null };
  const json = crypto.decrypt(task.titleParams, taskContext('titleParams', task.id));
  let params: SystemTaskParams | null = null;
  try {
    const parsed: unknown = json ? JSON.parse(json) : null;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      params = parsed as SystemTaskParams;
  } catch {
    params = null;
  }
  return params
    ? { titleCode: code as SystemTaskCode, titleParams: params }
    : { titleCode: null, titleParams: null };
}

/** A task as the API answers it, its free text decrypted. */
export function toTaskResponse(
  task: Row,
  crypto: FieldEncryption,
  undoMinutes = UNDO_APPROVE_MINUTES,
): TaskResponse {
  const approved = task.status === 'done' && task.approvedById !== null && task.completedAt;
  return {
    id: task.id,
    caseId: task.caseId,
    caseReference: task.caseReference,
    title: crypto.decrypt(task.title, taskContext('title', task.id)) ?? '',
    description: crypto.decrypt(task.description, taskContext('description', task.id)),
    status: task.status,
    priority: task.priority,
    assigneeId: task.assigneeId,
    teamId: task.teamId,
    dueOn: task.dueOn,
    system: task.system,
    ...systemTaskText(task, crypto),
    reviewComment: crypto.decrypt(task.reviewComment, taskContext('reviewComment', task.id)),
    submittedAt: task.submittedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
    createdById: task.createdById,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    version: task.version,
    kind: task.noteId ? 'note_review' : 'task',
    noteId: task.noteId,
    noteReview: noteReview(task, crypto),
    approvedById: task.approvedById,
    undoApproveUntil: approved
      ? new Date(task.completedAt!.getTime() + undoMinutes * 60_000).toISOString()
      : null,
  };
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(HAVEN_CONFIG) private readonly config: HavenConfig,
  ) {}

  private get undoMinutes(): number {
    return this.config.undoApproveMinutes ?? UNDO_APPROVE_MINUTES;
  }

  private respond(row: Row): TaskResponse {
    return toTaskResponse(row, this.crypto, this.undoMinutes);
  }

  /** The queues: mine (assigned to me), team (my team's unassigned), review (submitted, for reviewers). */
  private queueCondition(
    actor: Actor,
    queue: TaskQueue,
  ): (eb: ListExpressionBuilder<ReturnType<typeof tasksWithCase>>) => Expression<SqlBool> {
    switch (queue) {
      case 'mine':
        return (eb) => eb('t.assignee_id', '=', actor.id);
      case 'team':
        return (eb) =>
          eb.and([
            eb('t.assignee_id', 'is', null),
            ...(actor.teamId ? [eb('t.team_id', '=', actor.teamId)] : []),
          ]);
      case 'review':
        if (!hasPermission(actor.role, 'tasks.review'))
          throw forbidden(
            'The review queue is for supervisors and admins',
            'task.review_queue_forbidden',
          );
        return (eb) => eb('t.status', '=', sql.lit('in_review'));
      default: {
        const exhaustive: never = queue;
        throw badRequest(`queue: ${String(exhaustive)}`, 'query.one_of', {
          args: { allowed: TASK_QUEUES.join(', ') },
        });
      }
    }
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<TaskResponse>> {
    const parsed = parseListQuery(query, LIST, ['queue']);
    let base = tasksWithCase().where(this.access.tasks(actor, 't'));
    if (query.queue !== undefined) {
      if (
        typeof query.queue !== 'string' ||
        !(TASK_QUEUES as readonly string[]).includes(query.queue)
      ) {
        throw badRequest(`queue: must be one of ${TASK_QUEUES.join(', ')}`, 'query.one_of', {
          args: { allowed: TASK_QUEUES.join(', ') },
        });
      }
      base = base.where(this.queueCondition(actor, query.queue as TaskQueue));
    }
    const { rows, total } = await pageCountAndAudit(this.dataSource, listStatement(base, parsed));
    const data = rows.map((row) => this.respond(row));
    await this.auditNoteReads(actor, data);
    return { data, total };
  }

  /**
   * A note review shows the note's text: each note shown is a note read, audited as one (ids only),
   * under the task's team.
   */
  private async auditNoteReads(
    actor: Actor,
    tasks: TaskResponse[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const shown = tasks.filter((task) => task.noteReview !== null);
    if (shown.length === 0) return;
    await this.audit.record(
      manager,
      actor,
      shown.map((task) => ({
        action: 'read' as const,
        entityType: 'note',
        entityId: task.noteId,
        teamId: task.teamId,
        summary: 'read a note under review',
        details: { taskId: task.id, caseId: task.caseId },
      })),
    );
  }

  async get(actor: Actor, id: string): Promise<TaskResponse> {
    const task = await first(
      this.dataSource,
      tasksWithCase().where('t.id', '=', id).where(this.access.tasks(actor, 't')),
    );
    if (!task) throw notFound('task');
    const response = this.respond(task);
    await this.auditNoteReads(actor, [response]);
    return response;
  }

  /**
   * Active caseworkers and supervisors of the team may hold its tasks. The user's row is share-locked
   * until commit, so a concurrent move to another team (which unassigns their tasks) either waits
   * for this assignment and then releases it too, or goes first and this check sees the new team.
   */
  private async checkMember(manager: EntityManager, teamId: string, userId: string): Promise<void> {
    if (!(await this.isMember(manager, teamId, userId)))
      throw badRequest(
        'assigneeId: must be an active caseworker or supervisor of the task’s team',
        'task.assignee_not_member',
      );
  }

  private async isMember(manager: EntityManager, teamId: string, userId: string): Promise<boolean> {
    const member = await first(
      manager,
      db
        .selectFrom('app_user')
        .select('id')
        .where('id', '=', userId)
        .where('team_id', '=', teamId)
        .where('role', 'in', ['caseworker', 'supervisor'])
        .where('active', '=', true)
        .forShare(),
    );
    return member !== undefined;
  }

  async create(actor: Actor, dto: CreateTaskDto): Promise<TaskResponse> {
    blankTitle(dto.title);
    return transaction(this.dataSource, async (manager) => {
      let teamId: string;
      if (dto.caseId) {
        const visible = await this.access.visibleCaseRow(actor, manager, dto.caseId);
        if (dto.teamId && dto.teamId !== visible.teamId)
          throw badRequest('teamId: a case’s task belongs to the case’s team', 'task.team_of_case');
        teamId = visible.teamId;
      } else if (actor.role === 'admin') {
        if (!dto.teamId)
          throw badRequest(
            'teamId: required for an administrator’s task without a case',
            'task.team_required',
          );
        const team = await first(
          manager,
          db.selectFrom('team').select('id').where('id', '=', dto.teamId),
        );
        if (!team) throw badRequest('teamId: no such team', 'team.unknown');
        teamId = dto.teamId;
      } else {
        if (!actor.teamId)
          throw badRequest('teamId: your account belongs to no team', 'user.no_team');
        if (dto.teamId && dto.teamId !== actor.teamId)
          throw badRequest('teamId: your tasks belong to your team', 'task.own_team_only');
        teamId = actor.teamId;
      }
      let assigneeId = dto.assigneeId ?? null;
      if (actor.role === 'caseworker' && assigneeId && assigneeId !== actor.id) {
        throw badRequest(
          'assigneeId: a caseworker’s task is theirs or the team’s',
          'task.caseworker_assignee',
        );
      }
      if (assigneeId && assigneeId !== actor.id)
        await this.checkMember(manager, teamId, assigneeId);
      if (assigneeId === actor.id && actor.role === 'admin')
        await this.checkMember(manager, teamId, assigneeId);
      if (dto.assigneeId === undefined && actor.role === 'caseworker') assigneeId = actor.id;
      // The id is chosen here: the encrypted text is bound to it.
      const id = randomUUID();
      const saved = await manager.getRepository(TaskEntity).save(
        manager.getRepository(TaskEntity).create({
          id,
          caseId: dto.caseId ?? null,
          teamId,
          title: this.crypto.encrypt(dto.title.trim(), taskContext('title', id))!,
          description: this.crypto.encrypt(
            dto.description?.trim() || null,
            taskContext('description', id),
          ),
          priority: dto.priority ?? 'normal',
          dueOn: dto.dueOn ?? null,
          assigneeId,
          status: 'open',
          system: false,
          createdById: actor.id,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'task',
        entityId: saved.id,
        teamId,
        summary: 'created a task',
        details: { caseId: saved.caseId, assigneeId },
      });
      return this.reload(manager, saved.id, actor);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateTaskDto): Promise<TaskResponse> {
    rejectNulls(dto, ['title', 'priority']);
    blankTitle(dto.title);
    return transaction(this.dataSource, async (manager) => {
      const task = await this.lockVisible(actor, manager, id);
      assertVersion(task.version, dto.version);
      // The free text is compared in clear and encrypted again only when it changed.
      const text = {
        title: this.crypto.decrypt(task.title, taskContext('title', id)) ?? '',
        description: this.crypto.decrypt(task.description, taskContext('description', id)),
      };
      const changed = [
        ...applyChanges(text, {
          title: dto.title?.trim(),
          description: dto.description === undefined ? undefined : dto.description?.trim() || null,
        }),
        ...applyChanges(task, { priority: dto.priority, dueOn: dto.dueOn }),
      ];
      if (changed.includes('title'))
        task.title = this.crypto.encrypt(text.title, taskContext('title', id))!;
      if (changed.includes('description'))
        task.description = this.crypto.encrypt(text.description, taskContext('description', id));
      // A system task's own words no longer apply once a person rewrote them: shown as written.
      if (changed.includes('title') || changed.includes('description')) {
        task.titleCode = null;
        task.titleParams = null;
      }
      if (changed.length === 0) return this.reload(manager, id, actor);
      await manager.getRepository(TaskEntity).save(task);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'task',
        entityId: id,
        teamId: task.teamId,
        summary: `updated ${changed.join(', ')}`,
        details: { fields: changed },
      });
      return this.reload(manager, id, actor);
    });
  }

  private async lockVisible(actor: Actor, manager: EntityManager, id: string): Promise<TaskEntity> {
    const row = await first(
      manager,
      taskRows().where('t.id', '=', id).where(this.access.tasks(actor, 't')).forUpdate(),
    );
    if (!row) throw notFound('task');
    return manager.getRepository(TaskEntity).create(row);
  }

  /**
   * One checked state transition. Refusals say why: 403 when the caller's role or relation to the
   * task does not allow the action, 409 when the task's state does not.
   */
  async act(
    actor: Actor,
    id: string,
    action: TaskAction,
    payload: { assigneeId?: string; comment?: string } = {},
  ): Promise<TaskResponse> {
    return transaction(this.dataSource, async (manager) => {
      const task = await this.lockVisible(actor, manager, id);
      const rule = TASK_TRANSITIONS[action];
      const reviewer = hasPermission(actor.role, 'tasks.review');
      const assignee = task.assigneeId === actor.id;
      const allowed =
        rule.by === 'team'
          ? actor.role !== 'analyst'
          : rule.by === 'assignee'
            ? assignee
            : rule.by === 'reviewer'
              ? reviewer
              : assignee || reviewer;
      if (!allowed) {
        const who = {
          team: 'a member of the team',
          assignee: 'the assignee',
          reviewer: 'a supervisor of the team or an admin',
          assignee_or_reviewer: 'the assignee, a supervisor or an admin',
        }[rule.by];
        throw forbidden(
          `${action}: only ${who} may do this${rule.by === 'assignee' && !task.assigneeId ? ' — claim the task first' : ''}`,
          'task.action_forbidden',
          { args: { action, by: rule.by } },
        );
      }
      if (!rule.from.includes(task.status)) {
        throw conflict(
          `${action}: not possible while the task is ${task.status.replace('_', ' ')} (possible from ${rule.from.join(', ')})`,
          'task.transition_impossible',
          { field: null, args: { action, status: task.status, from: rule.from.join(', ') } },
        );
      }
      const from = { status: task.status, assigneeId: task.assigneeId };
      switch (action) {
        case 'claim':
          if (task.assigneeId)
            throw conflict(
              `claim: the task is already assigned${assignee ? ' to you' : ''}`,
              'task.already_assigned',
              { field: null },
            );
          // The session's team may be older than a move being committed: the claimer's row, share-locked
          // like an assignee's, must still be of the task's team (else the task is not theirs to see).
          if (actor.role !== 'admin' && !(await this.isMember(manager, task.teamId, actor.id)))
            throw notFound('task');
          task.assigneeId = actor.id;
          break;
        case 'assign':
          if (!payload.assigneeId)
            throw badRequest('assigneeId: required', 'task.assignee_required');
          await this.checkMember(manager, task.teamId, payload.assigneeId);
          task.assigneeId = payload.assigneeId;
          break;
        case 'submit-review':
          task.submittedAt = new Date();
          task.status = 'in_review';
          break;
        case 'return':
          if (!payload.comment?.trim())
            throw badRequest(
              'comment: required when returning a task',
              'task.return_comment_required',
            );
          task.reviewComment = this.crypto.encrypt(
            payload.comment.trim(),
            taskContext('reviewComment', id),
          );
          task.status = 'in_progress';
          break;
        case 'approve':
        case 'complete':
          if (action === 'approve' && task.noteId) await this.checkNotOwnWork(manager, actor, task);
          task.status = 'done';
          task.completedAt = new Date();
          // The approver alone may undo an approval, for a short while (undoApprove).
          task.approvedById = action === 'approve' ? actor.id : null;
          break;
        case 'reopen':
          if (task.noteId) await this.checkNoNewerReview(manager, task.noteId, 'reopen');
          task.status = 'open';
          task.completedAt = null;
          task.approvedById = null;
          break;
        case 'start':
          task.status = 'in_progress';
          break;
        default: {
          const exhaustive: never = action;
          throw badRequest(`unknown action ${String(exhaustive)}`, 'task.action_unknown', {
            field: 'action',
            args: { action: String(exhaustive) },
          });
        }
      }
      await manager.getRepository(TaskEntity).save(task);
      if (task.caseId) await markCaseActivity(manager, task.caseId);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'task',
        entityId: id,
        teamId: task.teamId,
        summary: `task ${action}: ${from.status} → ${task.status}`,
        details: { action, from, to: { status: task.status, assigneeId: task.assigneeId } },
      });
      return this.reload(manager, id, actor);
    });
  }

  /**
   * Asks for a review of a note (`POST /api/tasks/note-review`): the note's one unfinished review
   * task is submitted again at the note's current version, or a review task is made for it — of the
   * note's case and team, held by the caller (an admin's waits in the team's queue), in review. A
   * note of a case the caller may not see is a 404. The note's row is locked, so two requests make
   * one task.
   */
  /**
   * A note has one unfinished review at a time (its row locked, as a request for review does): an
   * approved review comes back (undo, reopen) only while no newer one has been asked for.
   */
  private async checkNoNewerReview(manager: EntityManager, noteId: string, action: string) {
    await exec(manager, db.selectFrom('note').select('id').where('id', '=', noteId).forUpdate());
    const newer = await first(
      manager,
      db
        .selectFrom('task')
        .select('id')
        .where('note_id', '=', noteId)
        .where('status', '<>', sql.lit('done')),
    );
    if (newer)
      throw conflict(
        `${action}: a newer review of this note has been requested since`,
        'task.undo_superseded',
        { field: null },
      );
  }

  /**
   * A review is a second person's: whoever asked for it (the task's holder) or wrote the note may
   * not approve it, or a supervisor could approve their own writing.
   */
  private async checkNotOwnWork(manager: EntityManager, actor: Actor, task: TaskEntity) {
    const note = await first(
      manager,
      db.selectFrom('note').select('author_id').where('id', '=', task.noteId!),
    );
    if (task.assigneeId === actor.id || note?.author_id === actor.id)
      throw forbidden(
        'approve: a note’s review is approved by someone other than its author or requester',
        'task.self_approval',
      );
  }

  async requestNoteReview(actor: Actor, noteId: string): Promise<TaskResponse> {
    return transaction(this.dataSource, async (manager) => {
      const note = await first(
        manager,
        db
          .selectFrom('note as n')
          .innerJoin('legal_case as c', 'c.id', 'n.case_id')
          .select(['n.id', 'n.case_id as caseId', 'n.version', 'n.title', 'c.team_id as teamId'])
          .where('n.id', '=', noteId)
          .where(this.access.cases(actor, 'c'))
          .forUpdate('n'),
      );
      if (!note) throw notFound('note');
      const title = this.crypto.decrypt(note.title, fieldContext('note', 'title', noteId)) ?? '';
      const open = await first(
        manager,
        taskRows()
          .where('t.note_id', '=', noteId)
          .where('t.status', '<>', sql.lit('done'))
          .forUpdate(),
      );
      const now = new Date();
      let id: string;
      let from: string | null = null;
      if (open) {
        id = open.id;
        from = open.status;
        const task = manager.getRepository(TaskEntity).create(open);
        task.status = 'in_review';
        task.submittedAt = now;
        task.noteVersion = note.version;
        task.title = this.crypto.encrypt(title, taskContext('title', id))!;
        if (!task.assigneeId && actor.role !== 'admin') task.assigneeId = actor.id;
        await manager.getRepository(TaskEntity).save(task);
      } else {
        id = randomUUID();
        await manager.getRepository(TaskEntity).insert({
          id,
          caseId: note.caseId,
          teamId: note.teamId,
          title: this.crypto.encrypt(title, taskContext('title', id))!,
          description: null,
          priority: 'normal',
          assigneeId: actor.role === 'admin' ? null : actor.id,
          status: 'in_review',
          submittedAt: now,
          system: false,
          createdById: actor.id,
          noteId,
          noteVersion: note.version,
        });
      }
      await markCaseActivity(manager, note.caseId);
      await this.audit.record(manager, actor, {
        action: open ? 'update' : 'create',
        entityType: 'task',
        entityId: id,
        teamId: note.teamId,
        summary: open
          ? `task note review requested: ${from} → in_review`
          : 'requested a note review',
        details: { noteId, caseId: note.caseId, noteVersion: note.version },
      });
      return this.reload(manager, id, actor);
    });
  }

  /**
   * Undoes an approval (`POST /api/tasks/:id/undo-approve`): the task goes back to the review queue.
   * Only its approver may, and only within `undoApproveMinutes` of approving: a 403, or a 409 after;
   * nor once a newer review of the same note has been requested (a 409: review that one).
   */
  async undoApprove(actor: Actor, id: string): Promise<TaskResponse> {
    return transaction(this.dataSource, async (manager) => {
      const task = await this.lockVisible(actor, manager, id);
      if (task.status !== 'done' || !task.approvedById || !task.completedAt)
        throw conflict(
          `undo-approve: not possible while the task is ${task.status.replace('_', ' ')} and not approved`,
          'task.transition_impossible',
          { field: null, args: { action: 'undo-approve', status: task.status, from: 'done' } },
        );
      if (task.approvedById !== actor.id)
        throw forbidden(
          'undo-approve: only the approver may undo an approval',
          'task.undo_forbidden',
        );
      const minutes = this.undoMinutes;
      if (Date.now() - task.completedAt.getTime() > minutes * 60_000)
        throw conflict(
          `undo-approve: an approval may be undone within ${minutes} minutes only`,
          'task.undo_expired',
          { field: null, args: { minutes } },
        );
      if (task.noteId) await this.checkNoNewerReview(manager, task.noteId, 'undo-approve');
      task.status = 'in_review';
      task.completedAt = null;
      task.approvedById = null;
      await manager.getRepository(TaskEntity).save(task);
      if (task.caseId) await markCaseActivity(manager, task.caseId);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'task',
        entityId: id,
        teamId: task.teamId,
        summary: 'task undo-approve: done → in_review',
        details: { action: 'undo-approve', from: { status: 'done' }, to: { status: 'in_review' } },
      });
      return this.reload(manager, id, actor);
    });
  }

  /** The task as a write answers it; a note it shows is a note read, audited with the write. */
  private async reload(manager: EntityManager, id: string, actor: Actor): Promise<TaskResponse> {
    const task = await first(manager, tasksWithCase().where('t.id', '=', id));
    if (!task) throw new Error(`reload: task ${id} not found in its own transaction`);
    const response = this.respond(task);
    await this.auditNoteReads(actor, [response], manager);
    return response;
  }
}

/** A title of spaces only is none (an encrypted title is never empty). */
function blankTitle(title: string | undefined): void {
  if (title !== undefined && !title.trim())
    throw badRequest('title: required', 'required', { field: 'title' });
}
