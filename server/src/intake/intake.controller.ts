import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { IntakeDto, IntakeResponseDto } from './intake.dto.js';
import { IntakeService } from './intake.service.js';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('intake')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Post()
  @RequirePermission('intake.create')
  @ApiOperation({
    summary:
      'A new client and their first case, in one transaction. A caseworker’s case is assigned to them in their team. ' +
      'Any invalid part rejects the whole with a 400 naming the field (client.givenName, case.jurisdiction…).',
  })
  @ApiCreatedResponse({ type: IntakeResponseDto })
  create(@CurrentActor() actor: Actor, @Body() body: IntakeDto) {
    return this.intake.create(actor, body);
  }
}
