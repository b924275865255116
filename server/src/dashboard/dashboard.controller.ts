import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { DashboardService } from './dashboard.service.js';

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
      'Admin: the same across teams, plus accounts and recentAudit.',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { role: { type: 'string' } }, additionalProperties: true } })
  get(@CurrentActor() actor: Actor) {
    return this.dashboard.get(actor);
  }
}
