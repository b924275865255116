import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { AuditEventDto, AuditEventListDto, AuditVerifyDto } from './audit.dto.js';
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
  @ApiOperation({ summary: 'Re-walk the hash chain and report the first broken link (admins).' })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(@CurrentActor() actor: Actor) {
    return this.audit.verify(actor);
  }

  @Get(':id')
  @RequirePermission('audit.read')
  @ApiOkResponse({ type: AuditEventDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.audit.get(actor, id);
  }
}
