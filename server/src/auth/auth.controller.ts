import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../common/actor.js';
import { clientIp } from '../common/client-ip.js';
import { CurrentActor, Public, RequirePermission } from '../common/decorators.js';
import { UuidParam } from '../common/uuid.pipe.js';
import type { Account } from '../users/user.mapper.js';
import { UserDto } from '../users/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto, LoginResponseDto, UpdateMeDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { MfaChallengeDto } from './mfa/mfa.dto.js';
import { ChangePasswordDto, SessionListDto } from './account.dto.js';
import { LocalAuthGuard } from './guards.js';
import { RefreshCookieInterceptor } from './refresh.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @UseInterceptors(RefreshCookieInterceptor)
  @ApiOperation({
    summary:
      'Sign in with email and password; the token names a server-side session. An account with a second factor gets a challenge instead (no token): answer it at /auth/mfa/verify or with a passkey. A token flagged passwordChangeRequired or mfaEnrollmentRequired opens only /api/auth/* until that is done.',
  })
  @ApiBody({ type: LoginDto })
  @ApiExtraModels(LoginResponseDto, MfaChallengeDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(LoginResponseDto) }, { $ref: getSchemaPath(MfaChallengeDto) }],
    },
  })
  @ApiUnauthorizedResponse({ description: 'wrong email or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins; see Retry-After' })
  login(@Req() request: FastifyRequest & { user: Account }) {
    return this.auth.login(request.user, clientIp(request), request.headers['user-agent'] ?? null);
  }

  @Get('me')
  @RequirePermission('auth.self')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor) {
    return this.users.get(actor, actor.id);
  }

  @Patch('me')
  @RequirePermission('auth.self')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Change the caller's own preferences (the interface language)." })
  @ApiOkResponse({ type: UserDto })
  updateMe(@CurrentActor() actor: Actor, @Body() body: UpdateMeDto) {
    return this.users.updateOwnPreferences(actor, body);
  }

  @Post('logout')
  @RequirePermission('auth.self')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'the token stops working at once' })
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  @Post('password')
  @RequirePermission('auth.self')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change your own password; every other session of yours ends, this one stays.',
  })
  @ApiNoContentResponse({ description: 'changed' })
  @ApiBadRequestResponse({
    description:
      'currentPassword wrong, or newPassword breaks the policy; `code` says which rule (password.*)',
  })
  @ApiTooManyRequestsResponse({ description: 'too many wrong current passwords; see Retry-After' })
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.auth.changePassword(actor, body);
  }

  @Get('sessions')
  @RequirePermission('auth.self')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Where you're signed in: your open sessions, this one marked current." })
  @ApiOkResponse({ type: SessionListDto })
  listSessions(@CurrentActor() actor: Actor) {
    return this.auth.listSessions(actor);
  }

  @Delete('sessions/:id')
  @RequirePermission('auth.self')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End one of your own sessions (this one too: a logout).' })
  @ApiNoContentResponse({ description: 'ended' })
  @ApiNotFoundResponse({ description: 'no open session of yours by that id' })
  async revokeSession(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
  ): Promise<void> {
    await this.auth.revokeSession(actor, id);
  }
}
