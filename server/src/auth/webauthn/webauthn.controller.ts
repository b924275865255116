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
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { clientIp } from '../../common/client-ip.js';
import { CurrentActor, Public, RequirePermission } from '../../common/decorators.js';
import { LoginResponseDto } from '../auth.dto.js';
import { RefreshCookieInterceptor } from '../refresh.js';
import {
  PasskeyDto,
  PasskeyLoginDto,
  PasskeyLoginOptionsDto,
  RegisteredPasskeyDto,
  RegisterPasskeyDto,
  RenamePasskeyDto,
} from './webauthn.dto.js';
import { WebauthnService } from './webauthn.service.js';

/** Passkeys (WebAuthn): registered by a signed-in user, answered in the second step of a sign-in. */
@ApiTags('auth')
@Controller('auth/webauthn')
export class WebauthnController {
  constructor(private readonly webauthn: WebauthnService) {}

  @Post('register/options')
  @RequirePermission('auth.self')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Options for navigator.credentials.create: the caller's passkeys are excluded; answer within five minutes.",
  })
  @ApiOkResponse({ description: 'PublicKeyCredentialCreationOptionsJSON' })
  @ApiConflictResponse({ description: 'the account holds the most passkeys allowed' })
  registerOptions(@CurrentActor() actor: Actor) {
    return this.webauthn.registrationOptions(actor);
  }

  @Post('register/verify')
  @RequirePermission('auth.self')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Keeps the passkey the browser made, under the caller's name for it." })
  @ApiBody({ type: RegisterPasskeyDto })
  @ApiCreatedResponse({ type: RegisteredPasskeyDto })
  @ApiBadRequestResponse({
    description: 'no name, or an answer that does not verify or answers no current options',
  })
  @ApiConflictResponse({ description: 'the passkey is already registered' })
  register(@CurrentActor() actor: Actor, @Body() body: RegisterPasskeyDto) {
    return this.webauthn.register(actor, body.response, body.name);
  }

  @Get('credentials')
  @RequirePermission('auth.self')
  @ApiBearerAuth()
  @ApiOkResponse({ type: PasskeyDto, isArray: true })
  list(@CurrentActor() actor: Actor) {
    return this.webauthn.list(actor);
  }

  @Patch('credentials/:id')
  @RequirePermission('auth.self')
  @ApiBearerAuth()
  @ApiBody({ type: RenamePasskeyDto })
  @ApiOkResponse({ type: PasskeyDto })
  @ApiNotFoundResponse({ description: 'no such passkey of the caller' })
  rename(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RenamePasskeyDto) {
    return this.webauthn.rename(actor, id, body.name);
  }

  @Delete('credentials/:id')
  @RequirePermission('auth.self')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'removed' })
  @ApiNotFoundResponse({ description: 'no such passkey of the caller' })
  @ApiConflictResponse({
    description: "the caller's role must have a second factor and this is the last one",
  })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.webauthn.remove(actor, id);
  }

  @Post('login/options')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Options for navigator.credentials.get in the second step of a sign-in (the challenge from POST /api/auth/login).',
  })
  @ApiBody({ type: PasskeyLoginOptionsDto })
  @ApiOkResponse({ description: 'PublicKeyCredentialRequestOptionsJSON' })
  @ApiUnauthorizedResponse({ description: 'the sign-in challenge is unknown, used or expired' })
  loginOptions(@Body() body: PasskeyLoginOptionsDto) {
    return this.webauthn.loginOptions(body.challenge);
  }

  @Post('login/verify')
  @Public()
  @UseInterceptors(RefreshCookieInterceptor)
  @HttpCode(200)
  @ApiOperation({ summary: 'Completes a sign-in with a passkey instead of a TOTP code.' })
  @ApiBody({ type: PasskeyLoginDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description: 'the passkey did not verify, or the challenge is unknown, used or expired',
  })
  login(@Req() request: FastifyRequest, @Body() body: PasskeyLoginDto) {
    return this.webauthn.login(
      body.challenge,
      body.response,
      clientIp(request),
      request.headers['user-agent'] ?? null,
    );
  }
}
