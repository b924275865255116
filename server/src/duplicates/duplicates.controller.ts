import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { DuplicatesService } from './duplicates.service.js';

class MergeDto {
  @ApiProperty({ format: 'uuid', description: 'the duplicate to merge into this client' })
  @IsUUID('all', { message: 'duplicateId must be a UUID' })
  duplicateId: string;
}

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Get('possible-duplicates')
  @RequirePermission('clients.read')
  @ApiOperation({
    summary:
      'Ranked candidates with reasons, matching names across scripts (Cyrillic, Ge’ez, Latin variants). A candidate the caller may not see ' +
      'is shown only as "a possible match held by another team" with no personal data; supervisors and admins see all.',
  })
  @ApiQuery({ name: 'givenName', required: false })
  @ApiQuery({ name: 'familyName', required: false })
  @ApiQuery({ name: 'nativeName', required: false })
  @ApiQuery({ name: 'dateOfBirth', required: false })
  @ApiQuery({ name: 'nationality', required: false })
  @ApiQuery({ name: 'phone', required: false })
  @ApiQuery({ name: 'excludeId', required: false })
  @ApiOkResponse({ description: '{"data":[{id, restricted, score, reasons, …}]}' })
  find(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.duplicates.find(actor, query);
  }

  @Post('merges/:mergeId/undo')
  @RequirePermission('clients.merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a merge (within 30 days): the cases go back to the duplicate.' })
  undo(@CurrentActor() actor: Actor, @Param('mergeId', UuidParam) mergeId: string) {
    return this.duplicates.undo(actor, mergeId);
  }

  @Get(':id/merges')
  @RequirePermission('clients.merge')
  @ApiOperation({ summary: 'Merges this client took part in.' })
  merges(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.duplicates.merges(actor, id);
  }

  @Post(':id/merge')
  @RequirePermission('clients.merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge a confirmed duplicate into this client (supervisors, admins); audited; undoable for 30 days.' })
  merge(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: MergeDto) {
    return this.duplicates.merge(actor, id, body.duplicateId);
  }
}
