import { Body, Controller, Get, HttpCode, Patch, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../common/actor.js';
import { clientIp } from '../common/client-ip.js';
import { CurrentActor, Public, RequirePermission } from '../common/decorators.js';
import type { UserEntity } from '../users/user.entity.js';
import { UserDto } from '../users/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { LoginDto, LoginResponseDto, UpdateMeDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { LocalAuthGuard } from './guards.js';

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
  @ApiOperation({ summary: 'Sign in with email and password; the token names a server-side session.' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'wrong email or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins; see Retry-After' })
  login(@Req() request: Request & { user: UserEntity }) {
    return this.auth.login(request.user, clientIp(request));
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
}
