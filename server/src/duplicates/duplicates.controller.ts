import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
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
      'Ranked candidates with reasons, matching names across scripts (Cyrillic, Ge’ez, Latin variants), among the clients the caller may see ' +
      '(admins: all). Of the others the answer says at most once, last, {restricted: true, message} — no id, score or reasons — and only when one ' +
      'matches both the name closely and the date of birth; a phone finds only visible clients. Every check is audited (an HMAC of the inputs, ' +
      'the ids shown; filed under each team holding a candidate too). At most 30 checks per user a minute (HAVEN_DUPLICATE_CHECKS_PER_MINUTE): ' +
      'then 429 with code "duplicates.rate_limited" and Retry-After.',
  })
  @ApiQuery({ name: 'givenName', required: false })
  @ApiQuery({ name: 'familyName', required: false })
  @ApiQuery({ name: 'nativeName', required: false })
  @ApiQuery({ name: 'dateOfBirth', required: false })
  @ApiQuery({ name: 'nationality', required: false })
  @ApiQuery({ name: 'phone', required: false })
  @ApiQuery({ name: 'excludeId', required: false })
  @ApiOkResponse({
    description:
      '{"data":[{id, restricted: false, score, reasons, reference, givenName, familyName, nativeName, dateOfBirth, nationality}, …, {restricted: true, message}?]}',
  })
  find(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.duplicates.find(actor, query);
  }

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
