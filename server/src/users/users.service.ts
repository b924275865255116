import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LOCALES, ROLES, type ListResponse, type Role, type UserResponse } from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService, filedUnder, type AuditInput } from '../audit/audit.service.js';
import { SessionCache } from '../auth/session-cache.js';
import { endSessions } from '../auth/sessions.js';
import { removeSecondFactors } from '../auth/mfa/factors.js';
import { hashPassword } from '../auth/password.js';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import type { Actor } from '../common/actor.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import { sql, type Expression, type SqlBool } from 'kysely';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import type { UpdateMeDto } from '../auth/auth.dto.js';
import type { CreateUserDto, UpdateUserDto } from './user.dto.js';
import { UserEntity } from './user.entity.js';
import { accountColumns, toUserResponse } from './user.mapper.js';
import { markCaseActivity } from '../cases/activity.js';
import { db, first, rows } from '../database/sql.js';
import { transaction } from '../database/transaction.js';

/** The user list's base query: the accounts `scope` lets through, never a password hash. */
const userListBase = (scope: Expression<SqlBool>) =>
  db.selectFrom('app_user as u').select(accountColumns).where(scope);

/** The user list's dialect, over the columns of its base query. */
export const LIST: ListSpec<ReturnType<typeof userListBase>> = {
  sortable: {
    email: 'u.email',
    fullName: 'u.full_name',
    role: 'u.role',
    createdAt: 'u.created_at',
    active: 'u.active',
  },
  defaultSort: { field: 'fullName', order: 'ASC' },
  filters: {
    id: { column: 'u.id', type: 'uuid' },
    role: { column: 'u.role', type: 'enum', values: ROLES },
    teamId: { column: 'u.team_id', type: 'uuid' },
    active: { column: 'u.active', type: 'boolean' },
    locale: { column: 'u.locale', type: 'enum', values: LOCALES },
  },
  search: ['u.email', 'u.full_name'],
  tieBreaker: 'u.id',
};

const TEAM_ROLES: Role[] = ['supervisor', 'caseworker'];

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {}

  /** The account `id` if the actor may see it (one query shape for reads and locks). */
  private visible(actor: Actor, id: string) {
    return db
      .selectFrom('app_user as u')
      .select(accountColumns)
      .where('u.id', '=', id)
      .where(this.access.users(actor, 'u'));
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<UserResponse>> {
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      listStatement(userListBase(this.access.users(actor, 'u')), parseListQuery(query, LIST)),
    );
    return { data: rows.map(toUserResponse), total };
  }

  async get(actor: Actor, id: string): Promise<UserResponse> {
    const user = await first(this.dataSource, this.visible(actor, id));
    if (!user) throw notFound('user');
    return toUserResponse(user);
  }

  private async checkTeam(
    manager: EntityManager,
    role: Role,
    teamId: string | null,
  ): Promise<void> {
    if (TEAM_ROLES.includes(role) && !teamId) {
      throw badRequest(`teamId: required for the role ${role}`, 'user.team_required', {
        args: { role },
      });
    }
    if (
      teamId &&
      !(await first(manager, db.selectFrom('team').select('id').where('id', '=', teamId)))
    ) {
      throw badRequest('teamId: no such team', 'team.unknown');
    }
  }

  private async checkEmailFree(
    manager: EntityManager,
    email: string,
    exceptId?: string,
  ): Promise<void> {
    const existing = await first(
      manager,
      db.selectFrom('app_user').select('id').where('email', '=', email),
    );
    if (existing && existing.id !== exceptId)
      throw conflict('email: already in use by another account', 'user.email_taken');
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserResponse> {
    assertPasswordPolicy('password', dto.password, dto.email, [dto.fullName]);
    const passwordHash = await hashPassword(dto.password);
    return transaction(this.dataSource, async (manager) => {
      const email = dto.email.trim().toLowerCase();
      await this.checkTeam(manager, dto.role, dto.teamId ?? null);
      await this.checkEmailFree(manager, email);
      const user = manager.getRepository(UserEntity).create({
        email,
        fullName: dto.fullName.trim(),
        role: dto.role,
        teamId: dto.teamId ?? null,
        active: dto.active ?? true,
        locale: dto.locale ?? 'en',
        passwordHash,
        // Someone else chose it: the user picks their own at first sign-in.
        passwordChangeRequired: true,
      });
      const saved = await manager.getRepository(UserEntity).save(user);
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'user',
        entityId: saved.id,
        teamId: saved.teamId,
        summary: `created a ${saved.role} account`,
        details: {
          fields: ['email', 'fullName', 'role', 'teamId', 'active', 'locale', 'password'],
        },
      });
      return toUserResponse(saved);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    rejectNulls(dto, ['email', 'fullName', 'role', 'active', 'locale', 'password']);
    let passwordHash: string | undefined;
    if (dto.password !== undefined) {
      const target = await first(this.dataSource, this.visible(actor, id));
      if (!target) throw notFound('user');
      assertPasswordPolicy('password', dto.password, dto.email ?? target.email, [
        dto.fullName ?? target.fullName,
      ]);
      passwordHash = await hashPassword(dto.password);
    }
    const updated = await transaction(this.dataSource, async (manager) => {
      const visible = await first(manager, this.visible(actor, id).forUpdate());
      if (!visible) throw notFound('user');
      // Locked and visible: the entity TypeORM saves, loaded under the lock.
      const user = await manager.getRepository(UserEntity).findOneByOrFail({ id });
      assertVersion(user.version, dto.version);
      const { version: _version, password: _password, ...fields } = dto;
      if (fields.email !== undefined) fields.email = fields.email.trim().toLowerCase();
      if (fields.fullName !== undefined) fields.fullName = fields.fullName.trim();
      if (
        id === actor.id &&
        (fields.active === false || (fields.role && fields.role !== 'admin'))
      ) {
        throw badRequest(
          'active: you cannot deactivate your own account or give up your own admin role',
          'user.self_protected',
        );
      }
      const previousTeam = user.teamId;
      const changed = applyChanges(user, fields);
      if (changed.includes('email')) await this.checkEmailFree(manager, user.email, user.id);
      if (changed.includes('role') || changed.includes('teamId'))
        await this.checkTeam(manager, user.role, user.teamId);
      if (passwordHash) {
        user.passwordHash = passwordHash;
        // A password an admin chose for someone else is theirs to replace at the next sign-in.
        user.passwordChangeRequired = id !== actor.id;
        changed.push('password');
      }
      if (changed.length === 0) return toUserResponse(user);
      // TypeORM's save skips unselected columns; set the hash explicitly when it changed.
      const saved = await manager.getRepository(UserEntity).save(user);
      if (changed.includes('role') || changed.includes('teamId'))
        await this.releaseOpenWork(manager, actor, user.id);
      // A new password, role or team, or a deactivation, ends the user's sessions at once; an admin's
      // new password of their own ends their other sessions and keeps the one it was set from.
      if (changed.some((f) => ['role', 'teamId', 'active'].includes(f))) {
        await endSessions(
          manager,
          user.id,
          changed.includes('active') ? 'deactivated' : 'account_changed',
        );
      } else if (changed.includes('password')) {
        await endSessions(
          manager,
          user.id,
          'password_changed',
          id === actor.id ? actor.sessionId : undefined,
        );
      }
      // A move is the business of the team left and the team joined.
      await this.audit.record(
        manager,
        actor,
        filedUnder(
          {
            action: 'update',
            entityType: 'user',
            entityId: user.id,
            summary: `updated ${changed.join(', ')}`,
            details: { fields: changed },
          },
          [previousTeam, user.teamId],
        ),
      );
      return toUserResponse(saved);
    });
    // Committed: a session it ended is not answered from memory here even for a moment (other
    // instances hear of it from the database).
    this.sessions.forgetUser(id);
    return updated;
  }

  /**
   * An admin removes a user's second factors (TOTP, passkeys, recovery codes) — a lost phone, a
   * compromised key — and ends their sessions: their next sign-in is with the password alone, or to
   * the enrolment screen when their role must have a factor. Audited with counts only.
   */
  async resetMfa(actor: Actor, id: string): Promise<void> {
    await transaction(this.dataSource, async (manager) => {
      const user = await first(manager, this.visible(actor, id).forUpdate());
      if (!user) throw notFound('user');
      const removed = await removeSecondFactors(manager, user.id);
      await endSessions(manager, user.id, 'mfa_reset');
      await this.audit.record(manager, actor, {
        action: 'auth.mfa_reset',
        entityType: 'user',
        entityId: user.id,
        teamId: user.teamId,
        summary: "reset a user's second factors",
        details: removed,
      });
    });
    // Committed: none of the sessions it ended is answered from memory here.
    this.sessions.forgetUser(id);
  }

  /**
   * What a change of the user's team or role would take from them (`releaseOpenWork`), so that the
   * form can say so before saving: their open cases and unfinished tasks.
   */
  async openWork(actor: Actor, id: string): Promise<{ openCases: number; openTasks: number }> {
    const user = await first(this.dataSource, this.visible(actor, id));
    if (!user) throw notFound('user');
    const row = await first(
      this.dataSource,
      db.selectNoFrom((eb) => [
        eb
          .selectFrom('legal_case')
          .select((sub) => sub.cast<number>(sub.fn.countAll(), 'integer').as('n'))
          .where('assigned_to_id', '=', id)
          .where('stage', '<>', sql.lit('closed'))
          .$asScalar()
          .$notNull()
          .as('openCases'),
        eb
          .selectFrom('task')
          .select((sub) => sub.cast<number>(sub.fn.countAll(), 'integer').as('n'))
          .where('assignee_id', '=', id)
          .where('status', '<>', sql.lit('done'))
          .$asScalar()
          .$notNull()
          .as('openTasks'),
      ]),
    );
    return row!;
  }

  /**
   * A user given another team or role keeps none of their open work, in the caller's transaction:
   * their open cases go back unassigned to their team's supervisor, their unfinished tasks (in
   * review too) to the team's queue. Without this they would hold work their new team or role may
   * not see, and their old team could not see who does it. Each case and task is audited under
   * its own team.
   */
  private async releaseOpenWork(
    manager: EntityManager,
    actor: Actor,
    userId: string,
  ): Promise<void> {
    const cases = await rows(
      manager,
      db
        .updateTable('legal_case')
        .set((eb) => ({
          assigned_to_id: null,
          updated_at: sql<Date>`now()`,
          version: eb('version', '+', 1),
        }))
        .where('assigned_to_id', '=', userId)
        .where('stage', '<>', sql.lit('closed'))
        .returning(['id', 'team_id as teamId', 'reference']),
    );
    // A reassignment is work on the case.
    await markCaseActivity(
      manager,
      cases.map((c) => c.id),
    );
    const tasks = await rows(
      manager,
      db
        .updateTable('task')
        .set((eb) => ({
          assignee_id: null,
          updated_at: sql<Date>`now()`,
          version: eb('version', '+', 1),
        }))
        .where('assignee_id', '=', userId)
        .where('status', '<>', sql.lit('done'))
        .returning(['id', 'team_id as teamId', 'status']),
    );
    const events: AuditInput[] = [
      ...cases.map((c): AuditInput => ({
        action: 'reassign',
        entityType: 'case',
        entityId: c.id,
        teamId: c.teamId,
        summary: `reassigned case ${c.reference}`,
        details: { from: userId, to: null, reason: 'user_moved' },
      })),
      ...tasks.map((t): AuditInput => ({
        action: 'update',
        entityType: 'task',
        entityId: t.id,
        teamId: t.teamId,
        summary: 'task back to the team queue',
        details: {
          action: 'unassign',
          from: { status: t.status, assigneeId: userId },
          to: { status: t.status, assigneeId: null },
          reason: 'user_moved',
        },
      })),
    ];
    await this.audit.record(manager, actor, events);
  }

  async updateOwnPreferences(actor: Actor, dto: UpdateMeDto): Promise<UserResponse> {
    return transaction(this.dataSource, async (manager) => {
      const user = await manager.getRepository(UserEntity).findOneByOrFail({ id: actor.id });
      const changed = applyChanges(user, { locale: dto.locale });
      if (changed.length === 0) return toUserResponse(user);
      const saved = await manager.getRepository(UserEntity).save(user);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'user',
        entityId: user.id,
        teamId: user.teamId,
        summary: `updated own ${changed.join(', ')}`,
        details: { fields: changed },
      });
      return toUserResponse(saved);
    });
  }
}
