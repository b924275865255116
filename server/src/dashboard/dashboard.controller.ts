import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { badRequest } from '../common/errors.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import type { FastifyReply } from 'fastify';
import { DashboardService, SerialisedJson } from './dashboard.service.js';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @RequirePermission('dashboard.read')
  @ApiOperation({
    summary:
      'The caller’s figures, shaped by role. Caseworker: openCasesByStage, deadlines (overdue, next 14 days), myTasksByStatus, inactiveCases. ' +
      'Supervisor: caseload (one row per caseworker of the team), casesByStage, casesByAge, deadlinesAtRisk, reviewQueue, unassignedIntake. ' +
      'Admin: the same across teams, except that the caseload is caseloadByTeam ({teams, items}: the ten teams with the most overdue deadlines, ' +
      'then open cases; a team’s caseworkers are at /api/caseload?teamId=), plus accounts and recentAudit; the all-teams figures are a snapshot at most ' +
      'HAVEN_DASHBOARD_MAX_AGE_SECONDS old (computedAt says when), recounted at once with fresh=true.',
  })
  @ApiQuery({
    name: 'fresh',
    required: false,
    enum: ['true', 'false'],
    description: 'Admin: recount the all-teams figures now.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { role: { type: 'string' } },
      additionalProperties: true,
    },
  })
  async get(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
    @Query('fresh') fresh?: unknown,
  ) {
    if (fresh !== undefined && fresh !== 'true' && fresh !== 'false')
      throw badRequest('fresh: must be true or false', 'query.boolean');
    const result = await this.dashboard.get(actor, { fresh: fresh === 'true' });
    if (!(result instanceof SerialisedJson)) return result;
    // As Express's res.type('application/json'), which named the charset.
    void response.type('application/json; charset=utf-8');
    return result.text;
  }
}

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('caseload')
export class CaseloadController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @RequirePermission('cases.reassign')
  @ApiOperation({
    summary:
      'One team’s caseload, a row per active caseworker (id = the user’s id): openCases, urgentCases, overdueDeadlines, openTasks, ' +
      'counted as the supervisor’s dashboard counts them. Supervisors: their own team (teamId may name only it). Admins: teamId is ' +
      'required. A team the caller may not see is a 404. The admin’s dashboard lists teams by load (caseloadByTeam); this lists one.',
  })
  @ListQueryDoc(
    [],
    [
      {
        name: 'teamId',
        required: false,
        type: String,
        description: 'the team (required for admins; a supervisor’s own team by default)',
      },
    ],
  )
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        data: { type: 'array', items: { type: 'object' } },
        total: { type: 'integer' },
      },
    },
  })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.dashboard.caseload(actor, query);
  }
}
