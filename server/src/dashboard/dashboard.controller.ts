import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { badRequest } from '../common/errors.js';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import type { Response } from 'express';
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
      'Admin: the same across teams, plus accounts and recentAudit; the all-teams figures are a snapshot at most ' +
      'HAVEN_DASHBOARD_MAX_AGE_SECONDS old (computedAt says when), recounted at once with fresh=true.',
  })
  @ApiQuery({ name: 'fresh', required: false, enum: ['true', 'false'], description: 'Admin: recount the all-teams figures now.' })
  @ApiOkResponse({ schema: { type: 'object', properties: { role: { type: 'string' } }, additionalProperties: true } })
  async get(@CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response, @Query('fresh') fresh?: unknown) {
    if (fresh !== undefined && fresh !== 'true' && fresh !== 'false') throw badRequest('fresh: must be true or false');
    const result = await this.dashboard.get(actor, { fresh: fresh === 'true' });
    if (!(result instanceof SerialisedJson)) return result;
    response.type('application/json');
    return result.text;
  }
}
