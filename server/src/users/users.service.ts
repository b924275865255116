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
  applyListQuery,
  pageAndCount,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import { TeamEntity } from '../teams/team.entity.js';
import type { UpdateMeDto } from '../auth/auth.dto.js';
import type { CreateUserDto, UpdateUserDto } from './user.dto.js';
import { UserEntity } from './user.entity.js';
import { toUserResponse } from './user.mapper.js';
import { transaction } from '../database/transaction.js';

const LIST: ListSpec = {
  sortable: {
    email: 'u.email',
    fullName: 'u.fullName',
    role: 'u.role',
    createdAt: 'u.createdAt',
    active: 'u.active',
  },
  defaultSort: { field: 'fullName', order: 'ASC' },
  filters: {
    id: { column: 'u.id', type: 'uuid' },
    role: { column: 'u.role', type: 'enum', values: ROLES },
    teamId: { column: 'u.teamId', type: 'uuid' },
    active: { column: 'u.active', type: 'boolean' },
    locale: { column: 'u.locale', type: 'enum', values: LOCALES },
  },
  search: ['u.email', 'u.fullName'],
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

  private scoped(actor: Actor, manager: EntityManager = this.dataSource.manager) {
    return this.access.scopeUsers(
      actor,
      manager.getRepository(UserEntity).createQueryBuilder('u'),
      'u',
    );
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<UserResponse>> {
    const [rows, total] = await pageAndCount(
      applyListQuery(this.scoped(actor), parseListQuery(query, LIST)),
    );
    return { data: rows.map(toUserResponse), total };
  }

  async get(actor: Actor, id: string): Promise<UserResponse> {
    const user = await this.scoped(actor).andWhere('u.id = :id', { id }).getOne();
    if (!user) throw notFound('user');
    return toUserResponse(user);
  }

  private async checkTeam(
    manager: EntityManager,
    role: Role,
    teamId: string | null,
  ): Promise<void> {
    if (TEAM_ROLES.includes(role) && !teamId) {
      throw badRequest(`teamId: required for the role ${role}`);
    }
    if (teamId && !(await manager.getRepository(TeamEntity).existsBy({ id: teamId }))) {
      throw badRequest('teamId: no such team');
    }
  }

  private async checkEmailFree(
    manager: EntityManager,
    email: string,
    exceptId?: string,
  ): Promise<void> {
    const existing = await manager
      .getRepository(UserEntity)
      .findOne({ where: { email }, select: { id: true } });
    if (existing && existing.id !== exceptId)
      throw conflict('email: already in use by another account');
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
      const target = await this.scoped(actor).andWhere('u.id = :id', { id }).getOne();
      if (!target) throw notFound('user');
      assertPasswordPolicy('password', dto.password, dto.email ?? target.email, [
        dto.fullName ?? target.fullName,
      ]);
      passwordHash = await hashPassword(dto.password);
    }
    const updated = await transaction(this.dataSource, async (manager) => {
      const user = await this.scoped(actor, manager)
        .andWhere('u.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!user) throw notFound('user');
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
      const user = await this.scoped(actor, manager)
        .andWhere('u.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
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
    const user = await this.scoped(actor).andWhere('u.id = :id', { id }).getOne();
    if (!user) throw notFound('user');
    const [row] = await this.dataSource.query<{ openCases: number; openTasks: number }[]>(
      `SELECT (SELECT count(*)::int FROM legal_case WHERE assigned_to_id = $1 AND stage <> 'closed') AS "openCases",
              (SELECT count(*)::int FROM task WHERE assignee_id = $1 AND status <> 'done') AS "openTasks"`,
      [id],
    );
    return row;
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
    const [cases] = await manager.query<
      [{ id: string; teamId: string; reference: string }[], number]
    >(
      `UPDATE legal_case SET assigned_to_id = NULL, last_activity_at = now(), updated_at = now(), version = version + 1
        WHERE assigned_to_id = $1 AND stage <> 'closed'
       RETURNING id, team_id AS "teamId", reference`,
      [userId],
    );
    const [tasks] = await manager.query<[{ id: string; teamId: string; status: string }[], number]>(
      `UPDATE task SET assignee_id = NULL, updated_at = now(), version = version + 1
        WHERE assignee_id = $1 AND status <> 'done'
       RETURNING id, team_id AS "teamId", status`,
      [userId],
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
