import { Controller, Get, Header, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../common/actor.js';
import { clientIp } from '../common/client-ip.js';
import { CurrentActor, Public, RequirePermission } from '../common/decorators.js';
import { notFound } from '../common/errors.js';
import { CalendarService } from './calendar.service.js';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Post('token')
  @RequirePermission('deadlines.read')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A secret calendar-feed URL for the caller; a new token revokes the old.' })
  @ApiCreatedResponse({ schema: { type: 'object', properties: { token: { type: 'string' }, url: { type: 'string' } } } })
  token(@CurrentActor() actor: Actor, @Req() request: Request) {
    const base = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    return this.calendar.issueToken(actor, base);
  }

  @Get('feed.ics')
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'RFC 5545 feed of the token owner’s visible open deadlines (case references and titles only).' })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar' })
  async feed(@Query('token') token: unknown, @Req() request: Request): Promise<string> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw notFound('calendar');
    return this.calendar.feed(token, clientIp(request));
  }
}
