import { Controller, Delete, Get, Header, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../common/actor.js';
import { clientIp } from '../common/client-ip.js';
import { CurrentActor, Public, RequirePermission } from '../common/decorators.js';
import { notFound } from '../common/errors.js';
import { CalendarService } from './calendar.service.js';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('token')
  @RequirePermission('deadlines.read')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Whether the caller has a calendar-feed token, and since when; the token itself is never shown again.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        active: { type: 'boolean' },
        createdAt: { type: 'string', format: 'date-time', nullable: true },
      },
    },
  })
  tokenStatus(@CurrentActor() actor: Actor) {
    return this.calendar.tokenStatus(actor);
  }

  @Post('token')
  @RequirePermission('deadlines.read')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'A secret calendar-feed URL for the caller, built from HAVEN_PUBLIC_URL; a new token revokes the old.',
  })
  @ApiCreatedResponse({
    schema: { type: 'object', properties: { token: { type: 'string' }, url: { type: 'string' } } },
  })
  token(@CurrentActor() actor: Actor) {
    return this.calendar.issueToken(actor);
  }

  @Delete('token')
  @RequirePermission('deadlines.read')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Revokes the caller's calendar-feed token: its URL answers 404 at once. 204 also when there was none.",
  })
  @ApiNoContentResponse({ description: 'revoked (or there was nothing to revoke)' })
  async revoke(@CurrentActor() actor: Actor): Promise<void> {
    await this.calendar.revokeToken(actor);
  }

  @Get('feed.ics')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary:
      'RFC 5545 feed of the token owner’s visible open deadlines: case reference and deadline kind only, no free text.',
  })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar' })
  async feed(@Query('token') token: unknown, @Req() request: FastifyRequest): Promise<string> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100)
      throw notFound('calendar');
    return this.calendar.feed(token, clientIp(request));
  }
}
