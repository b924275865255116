import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { LoginResponse } from '@haven/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientIp } from '../common/client-ip.js';
import { Public } from '../common/decorators.js';
import { badRequest, unauthorized } from '../common/errors.js';
import { LoginResponseDto } from './auth.dto.js';
import { REFRESH_COOKIE, REFRESH_HEADER, RefreshService } from './refresh.js';

/**
 * A new access token for the browser's session, from its HttpOnly refresh cookie (refresh.ts). Not a
 * login: no new session and no audit event (the sign-in that opened the session was recorded; what
 * the token then does is audited as usual). A replaced secret presented again ends the session, and
 * that is recorded.
 */
@ApiTags('auth')
@Controller('auth')
export class RefreshController {
  constructor(private readonly refresh: RefreshService) {}

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: `A new access token for the same session, from the \`${REFRESH_COOKIE}\` cookie a sign-in set (HttpOnly, SameSite=Strict, sent only here). Needs the header \`X-Haven-Refresh: 1\`. Rotates the cookie; an old one used again ends the session.`,
  })
  @ApiHeader({ name: 'X-Haven-Refresh', required: true, description: '1' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'the X-Haven-Refresh header is missing' })
  @ApiUnauthorizedResponse({
    description:
      'no cookie, or its session ended, expired or went idle, or its user was deactivated; the cookie is cleared',
  })
  async refreshToken(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<LoginResponse> {
    if (request.headers[REFRESH_HEADER] !== '1')
      throw badRequest('X-Haven-Refresh: the header must be present and 1', 'auth.refresh_header');
    const outcome = await this.refresh.refresh(request.headers.cookie, clientIp(request));
    if (!outcome.ok) {
      this.refresh.clearCookie(response);
      throw unauthorized('No session to continue; please sign in', 'auth.no_session');
    }
    this.refresh.setCookie(response, outcome.cookie.value, outcome.cookie.maxAgeMs);
    return outcome.response;
  }
}
