import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import {
  CreateDataRequestDto,
  DataRequestDto,
  DataRequestListDto,
  UpdateDataRequestDto,
} from './data-request.dto.js';
import { DataRequestsService } from './data-requests.service.js';

@ApiTags('data-requests')
@ApiBearerAuth()
@Controller('data-requests')
export class DataRequestsController {
  constructor(private readonly requests: DataRequestsService) {}

  @Get()
  @RequirePermission('dataRequests.read')
  @ApiOperation({
    summary:
      'Requests about their data from the clients the caller may see; a clientId the caller may not see is a 404.',
  })
  @ListQueryDoc(['id', 'clientId', 'type', 'status', 'receivedOn', 'dueOn'])
  @ApiOkResponse({ type: DataRequestListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.requests.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('dataRequests.read')
  @ApiOperation({ summary: 'A request in full, its note included (audited).' })
  @ApiOkResponse({ type: DataRequestDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.requests.get(actor, id);
  }

  @Post()
  @RequirePermission('dataRequests.write')
  @ApiOperation({
    summary:
      'Record a request received from a client; due one calendar month after receipt (GDPR Art. 12(3)), derived.',
  })
  @ApiCreatedResponse({ type: DataRequestDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateDataRequestDto) {
    return this.requests.create(actor, body);
  }

  @Patch(':id')
  @RequirePermission('dataRequests.write')
  @ApiOperation({
    summary:
      'Close a request (open → done or refused) or edit its note, with the version last read.',
  })
  @ApiOkResponse({ type: DataRequestDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateDataRequestDto,
  ) {
    return this.requests.update(actor, id, body);
  }
}
