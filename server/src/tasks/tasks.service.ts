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
  type TaskAction,
  type TaskQueue,
  type TaskResponse,
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
import { FIELD_ENCRYPTION, type FieldEncryption } from '../encryption/field-encryption.js';
import { transaction } from '../database/transaction.js';
import { db, first, type RowsOf } from '../database/sql.js';
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
    ]);

/** Tasks with their case's reference (null for a task without a case). */
const tasksWithCase = () =>
  taskRows()
    .leftJoin('legal_case as c', 'c.id', 't.case_id')
    .select('c.reference as caseReference');

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
  },
  // The case's reference: titles and descriptions are encrypted, never searched.
  search: ['c.reference'],
  tieBreaker: 't.id',
};

type Row = RowsOf<ReturnType<typeof tasksWithCase>>;

/** A task as the API answers it, its free text decrypted. */
export function toTaskResponse(task: Row, crypto: FieldEncryption): TaskResponse {
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
    reviewComment: crypto.decrypt(task.reviewComment, taskContext('reviewComment', task.id)),
    submittedAt: task.submittedAt?.toISOString() ?? null,
    completedAt: task.completedAt?.toISOString() ?? null,
    createdById: task.createdById,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    version: task.version,
  };
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FIELD_ENCRYPTION) private readonly crypto: FieldEncryption,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

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
    return { data: rows.map((row) => toTaskResponse(row, this.crypto)), total };
  }

  async get(actor: Actor, id: string): Promise<TaskResponse> {
    const task = await first(
      this.dataSource,
      tasksWithCase().where('t.id', '=', id).where(this.access.tasks(actor, 't')),
    );
    if (!task) throw notFound('task');
    return toTaskResponse(task, this.crypto);
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
      return this.reload(manager, saved.id);
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
      if (changed.length === 0) return this.reload(manager, id);
      await manager.getRepository(TaskEntity).save(task);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'task',
        entityId: id,
        teamId: task.teamId,
        summary: `updated ${changed.join(', ')}`,
        details: { fields: changed },
      });
      return this.reload(manager, id);
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
          task.status = 'done';
          task.completedAt = new Date();
          break;
        case 'reopen':
          task.status = 'open';
          task.completedAt = null;
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
      return this.reload(manager, id);
    });
  }

  private async reload(manager: EntityManager, id: string): Promise<TaskResponse> {
    const task = await first(manager, tasksWithCase().where('t.id', '=', id));
    if (!task) throw new Error(`reload: task ${id} not found in its own transaction`);
    return toTaskResponse(task, this.crypto);
  }
}

/** A title of spaces only is none (an encrypted title is never empty). */
function blankTitle(title: string | undefined): void {
  if (title !== undefined && !title.trim())
    throw badRequest('title: required', 'required', { field: 'title' });
}
