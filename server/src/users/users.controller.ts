import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { CreateUserDto, UpdateUserDto, UserDto, UserListDto, UserOpenWorkDto } from './user.dto.js';
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

  @Get(':id/open-work')
  @RequirePermission('users.write')
  @ApiOperation({
    summary:
      'What a change of this user’s team or role would unassign (admins): their open cases and unfinished tasks, which such a change hands back to the teams’ supervisors and queues. Read-only.',
  })
  @ApiOkResponse({ type: UserOpenWorkDto })
  @ApiNotFoundResponse({ description: 'no such user' })
  openWork(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.users.openWork(actor, id);
  }

  @Post(':id/mfa/reset')
  @RequirePermission('users.write')
  @HttpCode(204)
  @ApiOperation({
    summary:
      "Remove a user's second factors and recovery codes, and end their sessions (admins). Audited.",
  })
  @ApiNoContentResponse({
    description:
      'removed; the user signs in with the password alone, or to the enrolment screen when their role must have a factor',
  })
  @ApiNotFoundResponse({ description: 'no such user' })
  async resetMfa(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<void> {
    await this.users.resetMfa(actor, id);
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
  @ApiOperation({
    summary:
      'Update an account. A new team or role unassigns, in the same transaction, the user’s open cases (back to their team’s supervisor) and unfinished tasks (back to the team’s queue), and ends their sessions.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'stale version, or the email is already in use' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateUserDto,
  ) {
    return this.users.update(actor, id, body);
  }
}
