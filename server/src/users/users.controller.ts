import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { CreateUserDto, UpdateUserDto, UserDto, UserListDto } from './user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('users.read')
  @ListQueryDoc(['id', 'role', 'teamId', 'active', 'locale'])
  @ApiOkResponse({ type: UserListDto })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('users.read')
  @ApiOkResponse({ type: UserDto })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.users.get(actor, id);
  }

  @Post()
  @RequirePermission('users.write')
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'the email is already in use' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  @RequirePermission('users.write')
  @ApiOkResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'stale version, or the email is already in use' })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(actor, id, body);
  }
}
