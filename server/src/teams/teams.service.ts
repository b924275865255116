import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ListResponse, TeamResponse } from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { conflict, notFound } from '../common/errors.js';
import {
  listStatement,
  pageCountAndAudit,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import type { Expression, SqlBool } from 'kysely';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import type { CreateTeamDto, UpdateTeamDto } from './team.dto.js';
import { TeamEntity } from './team.entity.js';
import { db, first } from '../database/sql.js';
import { transaction } from '../database/transaction.js';

/** The team list's base query: the teams `scope` lets through. */
const teamListBase = (scope: Expression<SqlBool>) =>
  db
    .selectFrom('team as t')
    .select([
      't.id',
      't.name',
      't.country',
      't.created_at as createdAt',
      't.updated_at as updatedAt',
      't.version',
    ])
    .where(scope);

/** The team list's dialect, over the columns of its base query. */
export const LIST: ListSpec<ReturnType<typeof teamListBase>> = {
  sortable: { name: 't.name', country: 't.country', createdAt: 't.created_at' },
  defaultSort: { field: 'name', order: 'ASC' },
  filters: {
    id: { column: 't.id', type: 'uuid' },
    country: { column: 't.country', type: 'string' },
  },
  search: ['t.name'],
  tieBreaker: 't.id',
};

export function toTeamResponse(
  team: Pick<TeamEntity, 'id' | 'name' | 'country' | 'createdAt' | 'updatedAt' | 'version'>,
): TeamResponse {
  return {
    id: team.id,
    name: team.name,
    country: team.country,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
    version: team.version,
  };
}

@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The team `id` if the actor may see it (one query shape for reads and locks). */
  private visible(actor: Actor, id: string) {
    return teamListBase(this.access.teams(actor, 't')).where('t.id', '=', id);
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<TeamResponse>> {
    const { rows, total } = await pageCountAndAudit(
      this.dataSource,
      listStatement(teamListBase(this.access.teams(actor, 't')), parseListQuery(query, LIST)),
    );
    return { data: rows.map(toTeamResponse), total };
  }

  async get(actor: Actor, id: string): Promise<TeamResponse> {
    const team = await first(this.dataSource, this.visible(actor, id));
    if (!team) throw notFound('team');
    return toTeamResponse(team);
  }

  private async checkNameFree(
    manager: EntityManager,
    name: string,
    exceptId?: string,
  ): Promise<void> {
    const existing = await first(
      manager,
      db.selectFrom('team').select('id').where('name', '=', name),
    );
    if (existing && existing.id !== exceptId)
      throw conflict('name: a team with this name already exists', 'team.name_taken');
  }

  create(actor: Actor, dto: CreateTeamDto): Promise<TeamResponse> {
    return transaction(this.dataSource, async (manager) => {
      const name = dto.name.trim();
      await this.checkNameFree(manager, name);
      const saved = await manager
        .getRepository(TeamEntity)
        .save(manager.getRepository(TeamEntity).create({ name, country: dto.country }));
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'team',
        entityId: saved.id,
        teamId: saved.id,
        summary: 'created a team',
        details: { fields: ['name', 'country'] },
      });
      return toTeamResponse(saved);
    });
  }

  update(actor: Actor, id: string, dto: UpdateTeamDto): Promise<TeamResponse> {
    rejectNulls(dto, ['name', 'country']);
    return transaction(this.dataSource, async (manager) => {
      const visible = await first(manager, this.visible(actor, id).forUpdate());
      if (!visible) throw notFound('team');
      // Locked and visible: the entity TypeORM saves, loaded under the lock.
      const team = await manager.getRepository(TeamEntity).findOneByOrFail({ id });
      assertVersion(team.version, dto.version);
      const changed = applyChanges(team, { name: dto.name?.trim(), country: dto.country });
      if (changed.length === 0) return toTeamResponse(team);
      if (changed.includes('name')) await this.checkNameFree(manager, team.name, team.id);
      const saved = await manager.getRepository(TeamEntity).save(team);
      await this.audit.record(manager, actor, {
        action: 'update',
        entityType: 'team',
        entityId: team.id,
        teamId: team.id,
        summary: `updated ${changed.join(', ')}`,
        details: { fields: changed },
      });
      return toTeamResponse(saved);
    });
  }
}
