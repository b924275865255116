import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { ClientDto, ClientListDto, UpdateClientDto } from './client.dto.js';
import { ClientsService } from './clients.service.js';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  @RequirePermission('clients.read')
  @ApiOperation({
    summary:
      'Clients with a case the caller may see. q searches names in both scripts and the reference.',
  })
  @ListQueryDoc([
    'id',
    'nationality',
    'sex',
    'currentCountry',
    'arrivalDate_gte',
    'arrivalDate_lte',
    'dateOfBirth_gte',
    'dateOfBirth_lte',
    'createdAt_gte',
    'createdAt_lte',
  ])
  @ApiOkResponse({ type: ClientListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.clients.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('clients.read')
  @ApiOperation({ summary: 'One client in full, restricted fields decrypted. An audited read.' })
  @ApiOkResponse({ type: ClientDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.clients.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission('clients.write')
  @ApiOkResponse({ type: ClientDto })
  @ApiConflictResponse({ description: 'stale version' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateClientDto,
  ) {
    return this.clients.update(actor, id, body);
  }
}
