import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import {
  AuditCheckpointDto,
  AuditEventDto,
  AuditEventListDto,
  AuditVerifyDto,
  AuditVerifyRequestDto,
} from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit-events')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOperation({ summary: 'The audit trail (admins: all; supervisors: their team). Read-only.' })
  @ListQueryDoc(['action', 'entityType', 'entityId', 'actorId', 'teamId', 'at_gte', 'at_lte', 'id'])
  @ApiOkResponse({ type: AuditEventListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.audit.list(actor, query);
  }

  @Get('verify')
  @RequirePermission('audit.verify')
  @ApiOperation({
    summary:
      'Re-walk the whole keyed hash chain and report every problem: edits, broken links, missing events, a cut tail (admins).',
  })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(@CurrentActor() actor: Actor) {
    return this.audit.verify(actor);
  }

  @Post('verify')
  @HttpCode(200)
  @RequirePermission('audit.verify')
  @ApiOperation({
    summary:
      'As GET, and also confirm that the event a signed checkpoint attests, and every one before it, is still there unchanged (admins). A checkpoint whose signature does not verify: 400.',
  })
  @ApiOkResponse({ type: AuditVerifyDto })
  verifyCheckpoint(@CurrentActor() actor: Actor, @Body() body: AuditVerifyRequestDto) {
    return this.audit.verify(actor, body.checkpoint);
  }

  @Get('checkpoint')
  @RequirePermission('audit.verify')
  @ApiOperation({
    summary:
      'A signed checkpoint of the trail’s last event (Ed25519, key outside the database), to keep in write-once storage (admins).',
  })
  @ApiOkResponse({ type: AuditCheckpointDto })
  checkpoint() {
    return this.audit.checkpoint();
  }

  @Get(':id')
  @RequirePermission('audit.read')
  @ApiOkResponse({ type: AuditEventDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.audit.get(actor, id);
  }
}
