import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ListResponse, TeamResponse } from '@haven/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { conflict, notFound } from '../common/errors.js';
import {
  applyListQuery,
  pageAndCount,
  parseListQuery,
  type ListSpec,
} from '../common/list-query.js';
import { applyChanges, assertVersion } from '../common/versioning.js';
import { rejectNulls } from '../common/validators.js';
import type { CreateTeamDto, UpdateTeamDto } from './team.dto.js';
import { TeamEntity } from './team.entity.js';
import { transaction } from '../database/transaction.js';

const LIST: ListSpec = {
  sortable: { name: 't.name', country: 't.country', createdAt: 't.createdAt' },
  defaultSort: { field: 'name', order: 'ASC' },
  filters: {
    id: { column: 't.id', type: 'uuid' },
    country: { column: 't.country', type: 'string' },
  },
  search: ['t.name'],
  tieBreaker: 't.id',
};

export function toTeamResponse(team: TeamEntity): TeamResponse {
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

  private scoped(actor: Actor, manager: EntityManager = this.dataSource.manager) {
    return this.access.scopeTeams(
      actor,
      manager.getRepository(TeamEntity).createQueryBuilder('t'),
      't',
    );
  }

  async list(actor: Actor, query: Record<string, unknown>): Promise<ListResponse<TeamResponse>> {
    const [rows, total] = await pageAndCount(
      applyListQuery(this.scoped(actor), parseListQuery(query, LIST)),
    );
    return { data: rows.map(toTeamResponse), total };
  }

  async get(actor: Actor, id: string): Promise<TeamResponse> {
    const team = await this.scoped(actor).andWhere('t.id = :id', { id }).getOne();
    if (!team) throw notFound('team');
    return toTeamResponse(team);
  }

  private async checkNameFree(
    manager: EntityManager,
    name: string,
    exceptId?: string,
  ): Promise<void> {
    const existing = await manager
      .getRepository(TeamEntity)
      .findOne({ where: { name }, select: { id: true } });
    if (existing && existing.id !== exceptId)
      throw conflict('name: a team with this name already exists');
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
      const team = await this.scoped(actor, manager)
        .andWhere('t.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!team) throw notFound('team');
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
