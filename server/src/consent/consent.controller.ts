import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { ConsentHistoryDto, RecordConsentDto, RecordConsentResultDto } from './consent.dto.js';
import { ConsentService } from './consent.service.js';

@ApiTags('consent')
@ApiBearerAuth()
@Controller('clients/:id/consent')
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  @RequirePermission('clients.read')
  @ApiOperation({
    summary: 'A client’s consent history, newest first, and where each scope stands now (audited).',
  })
  @ApiOkResponse({ type: ConsentHistoryDto })
  history(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.consent.history(actor, id);
  }

  @Post()
  @RequirePermission('clients.write')
  @ApiOperation({
    summary:
      'Record that a scope of consent was given or withdrawn (on a day not in the future, not before the scope’s latest event); the client’s current consent follows.',
  })
  @ApiCreatedResponse({ type: RecordConsentResultDto })
  record(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: RecordConsentDto,
  ) {
    return this.consent.record(actor, id, body);
  }
}
