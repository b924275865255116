import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
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
// GET /clients/possible-duplicates lives in ClientsController, declared before /clients/:id there:
// within one controller the order is the file's, not the order modules happen to be imported in.
@Controller('clients')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Post('merges/:mergeId/undo')
  @RequirePermission('clients.merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Undo a merge (within 30 days): the cases go back to the duplicate. A supervisor only when every case it moved, and every case of both clients, is in their team; otherwise 404.',
  })
  undo(@CurrentActor() actor: Actor, @Param('mergeId', UuidParam) mergeId: string) {
    return this.duplicates.undo(actor, mergeId);
  }

  @Get(':id/merges')
  @RequirePermission('clients.merge')
  @ApiOperation({
    summary:
      'Merges this client took part in (404 if the client is not visible); a supervisor sees those whose every case is in their team.',
  })
  merges(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.duplicates.merges(actor, id);
  }

  @Post(':id/merge')
  @RequirePermission('clients.merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Merge a confirmed duplicate into this client (supervisors, admins); audited under every team holding an affected case; undoable for 30 days. ' +
      'Both clients must be visible, and for a supervisor every case of both in their team (a merge across teams is an admin’s): otherwise 404.',
  })
  merge(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: MergeDto) {
    return this.duplicates.merge(actor, id, body.duplicateId);
  }
}
