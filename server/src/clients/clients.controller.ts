import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { ClientDto, ClientListDto, UpdateClientDto } from './client.dto.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { ClientsService } from './clients.service.js';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly duplicates: DuplicatesService,
  ) {}

  @Get()
  @RequirePermission('clients.read')
  @ApiOperation({
    summary:
      'Clients with a case the caller may see. q searches names in any script and spelling (through the duplicate ' +
      'check’s name keys: Dmitry finds Dmitrii and Дмитрий), the client’s reference and the references of the ' +
      'cases the caller may see; exact matches first, then prefixes, then the rest, each in the order asked for.',
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

  // Before ':id': a static segment must win over the parameter.
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
