import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Post,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../common/actor.js';
import { clientIp } from '../../common/client-ip.js';
import { CurrentActor, Public, RequirePermission } from '../../common/decorators.js';
import { LoginResponseDto } from '../auth.dto.js';
import { RefreshCookieInterceptor } from '../refresh.js';
import {
  MfaStatusDto,
  MfaVerifyDto,
  RecoveryCodesDto,
  TotpConfirmDto,
  TotpEnrolmentDto,
  TotpRemoveDto,
} from './mfa.dto.js';
import { MfaService } from './mfa.service.js';

@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Post('verify')
  @Public()
  @UseInterceptors(RefreshCookieInterceptor)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Answer a sign-in challenge with a code of the authenticator app (each works once) or a recovery code (each works once).',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description:
      'wrong code (`auth.wrong_code`), or the challenge expired, was used or died of five wrong codes (`auth.challenge_expired`)',
  })
  @ApiTooManyRequestsResponse({
    description: 'too many wrong codes for the account; see Retry-After',
  })
  verify(@Req() request: FastifyRequest, @Body() body: MfaVerifyDto) {
    return this.mfa.verify(
      body.challenge.toLowerCase(),
      body.code,
      clientIp(request),
      request.headers['user-agent'] ?? null,
    );
  }

  @Get()
  @RequirePermission('auth.self')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's second factors." })
  @ApiOkResponse({ type: MfaStatusDto })
  status(@CurrentActor() actor: Actor) {
    return this.mfa.status(actor);
  }

  @Post('totp')
  @RequirePermission('auth.self')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Start setting up an authenticator app: a new secret, unconfirmed until a code of it is given.',
  })
  @ApiCreatedResponse({ type: TotpEnrolmentDto })
  @ApiConflictResponse({ description: 'an authenticator app is confirmed already' })
  startTotp(@CurrentActor() actor: Actor) {
    return this.mfa.startTotp(actor);
  }

  @Post('totp/confirm')
  @RequirePermission('auth.self')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Confirm the authenticator app with a code: returns ten recovery codes, shown this once.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiConflictResponse({ description: 'nothing being set up, or confirmed already' })
  confirmTotp(@CurrentActor() actor: Actor, @Body() body: TotpConfirmDto) {
    return this.mfa.confirmTotp(actor, body.code);
  }

  @Delete('totp')
  @RequirePermission('auth.self')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Remove the authenticator app, with the password and a current code (or a recovery code).',
  })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiConflictResponse({
    description: 'none set up, or the role must keep a second factor and this is the last',
  })
  @ApiTooManyRequestsResponse({
    description: 'too many wrong answers for the account; see Retry-After',
  })
  async removeTotp(@CurrentActor() actor: Actor, @Body() body: TotpRemoveDto): Promise<void> {
    await this.mfa.removeTotp(actor, body.password, body.code);
  }
}
