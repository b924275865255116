import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { CreateTeamDto, TeamDto, TeamListDto, UpdateTeamDto } from './team.dto.js';
import { TeamsService } from './teams.service.js';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @RequirePermission('teams.read')
  @ListQueryDoc(['id', 'country'])
  @ApiOkResponse({ type: TeamListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.teams.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('teams.read')
  @ApiOkResponse({ type: TeamDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.teams.get(actor, id);
  }

  @Post()
  @RequirePermission('teams.write')
  @ApiCreatedResponse({ type: TeamDto })
  @ApiConflictResponse({ description: 'a team with this name exists' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTeamDto) {
    return this.teams.create(actor, body);
  }

  @Patch(':id')
  @RequirePermission('teams.write')
  @ApiOkResponse({ type: TeamDto })
  @ApiConflictResponse({ description: 'stale version, or the name is taken' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateTeamDto,
  ) {
    return this.teams.update(actor, id, body);
  }
}
