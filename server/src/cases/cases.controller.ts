import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CaseHistoryListDto } from '../audit/audit.dto.js';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import {
  CaseDto,
  CaseListDto,
  CreateCaseDto,
  ReassignCasesDto,
  ReassignResultDto,
  UpdateCaseDto,
} from './case.dto.js';
import { CasesService } from './cases.service.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @RequirePermission('cases.read')
  @ApiOperation({
    summary:
      'Cases the caller may see; q searches the case and client references and the client’s names, in any ' +
      'script and spelling (the name keys: Dmitry finds the cases of Дмитрий).',
  })
  @ListQueryDoc([
    'id',
    'stage',
    'priority',
    'caseType',
    'outcome',
    'militaryStatus',
    'jurisdiction',
    'assignedToId',
    'assigned',
    'teamId',
    'clientId',
    'grounds',
    'nationality',
    'nextDeadlineOn_gte',
    'nextDeadlineOn_lte',
    'openedOn_gte',
    'openedOn_lte',
    'closedOn_gte',
    'closedOn_lte',
    'lastActivityAt_gte',
    'lastActivityAt_lte',
  ])
  @ApiOkResponse({ type: CaseListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.cases.list(actor, query);
  }

  @Post('reassign')
  @RequirePermission('cases.reassign')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reassign several cases to one caseworker of their team (supervisors and admins); all or nothing.',
  })
  @ApiOkResponse({ type: ReassignResultDto })
  reassign(@CurrentActor() actor: Actor, @Body() body: ReassignCasesDto) {
    return this.cases.reassign(actor, body);
  }

  @Get(':id')
  @RequirePermission('cases.read')
  @ApiOperation({ summary: 'One case in full, restricted fields decrypted. An audited read.' })
  @ApiOkResponse({ type: CaseDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.cases.get(actor, id);
  }

  @Get(':id/history')
  @RequirePermission('cases.read')
  @ApiOperation({
    summary:
      'The audit events of this case and its client: all of them for an admin; for anyone else those filed under their team, without other teams’ actors, a caseworker without addresses, details reduced to field names and stage changes.',
  })
  @ListQueryDoc(['action', 'actorId', 'at_gte', 'at_lte'])
  @ApiOkResponse({ type: CaseHistoryListDto })
  history(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.cases.history(actor, id, query);
  }

  @Post()
  @RequirePermission('cases.write')
  @ApiOperation({ summary: 'A new case for a client the caller may see.' })
  @ApiCreatedResponse({ type: CaseDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCaseDto) {
    return this.cases.create(actor, body);
  }

  @Patch(':id')
  @RequirePermission('cases.write')
  @ApiOperation({
    summary:
      'Update a case. Stages move forward freely; going back needs stageReason; closing needs an outcome. ' +
      'assignedToId: supervisors of the team and admins only (403 otherwise); teamId: admins only.',
  })
  @ApiOkResponse({ type: CaseDto })
  @ApiConflictResponse({ description: 'stale version' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateCaseDto,
  ) {
    return this.cases.update(actor, id, body);
  }
}
