import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission, UiLang } from '../common/decorators.js';
import {
  RULE_TRIGGER_SOURCES,
  SERVICE_METHODS,
  type ServiceMethod,
  type UiLocale,
} from '@haven/shared';
import { badRequest } from '../common/errors.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { isDateOnly } from '../common/validators.js';
import {
  ComputedDeadlineDto,
  CreateDeadlineDto,
  DeadlineDto,
  DeadlineListDto,
  DeadlineRuleDto,
  DeadlineRuleListDto,
  SuggestedDeadlinesDto,
  UpdateDeadlineDto,
} from './deadline.dto.js';
import { DeadlinesService } from './deadlines.service.js';
import { AuditedRead } from '../audit/audited-read.js';

class CreateSuggestedDto {
  @ApiPropertyOptional({ type: [String], description: 'only these rules; default all suggested' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  ruleIds?: string[];
}

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller()
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  @Get('deadlines')
  @RequirePermission('deadlines.read')
  @ApiOperation({ summary: 'Deadlines of the cases the caller may see (default: soonest first).' })
  @ListQueryDoc([
    'id',
    'caseId',
    'kind',
    'status',
    'source',
    'dueOn_gte',
    'dueOn_lte',
    'assignedToId',
    'teamId',
    'overdue',
  ])
  @ApiOkResponse({ type: DeadlineListDto })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @UiLang() locale: UiLocale,
  ) {
    return this.deadlines.list(actor, query, locale);
  }

  @Get('deadlines/:id')
  @RequirePermission('deadlines.read')
  @AuditedRead('deadline', 'read a deadline')
  @ApiOkResponse({ type: DeadlineDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @UiLang() locale: UiLocale,
  ) {
    return this.deadlines.get(actor, id, locale);
  }

  @Post('deadlines')
  @RequirePermission('deadlines.write')
  @ApiOperation({
    summary:
      'By hand (kind, title, dueOn) or from a rule (ruleId, triggerDate: dueOn and explanation computed).',
  })
  @ApiCreatedResponse({ type: DeadlineDto })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateDeadlineDto,
    @UiLang() locale: UiLocale,
  ) {
    return this.deadlines.create(actor, body, locale);
  }

  @Patch('deadlines/:id')
  @RequirePermission('deadlines.write')
  @ApiOkResponse({ type: DeadlineDto })
  @ApiConflictResponse({ description: 'stale version, or an impossible status change' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: UpdateDeadlineDto,
    @UiLang() locale: UiLocale,
  ) {
    return this.deadlines.update(actor, id, body, locale);
  }

  @Get('deadline-rules')
  @RequirePermission('deadlines.read')
  @ApiOperation({
    summary: 'The rule catalogue (read-only data with legal basis, source and confidence).',
  })
  @ApiQuery({ name: 'jurisdiction', required: false })
  @ApiQuery({ name: 'kind', required: false })
  @ApiQuery({ name: 'nationality', required: false, description: 'rules that apply to it' })
  @ApiQuery({ name: 'procedureTrack', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: 'the version in force that day' })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'id', required: false })
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiQuery({ name: 'perPage', required: false, type: Number })
  @ApiOkResponse({ type: DeadlineRuleListDto })
  rules(@Query() query: Record<string, unknown>) {
    return this.deadlines.listRules(query);
  }

  @Get('deadline-rules/:id')
  @RequirePermission('deadlines.read')
  @ApiOkResponse({ type: DeadlineRuleDto })
  @ApiQuery({ name: 'version', required: false, type: Number })
  rule(@Param('id') id: string, @Query('version') version: unknown) {
    if (version !== undefined && !(typeof version === 'string' && /^[1-9]\d{0,3}$/.test(version)))
      throw badRequest('version: must be a positive whole number', 'validation.integer', {
        field: 'version',
      });
    return this.deadlines.getRule(id, version === undefined ? undefined : Number(version));
  }

  @Get('deadline-rules/:id/compute')
  @RequirePermission('deadlines.read')
  @ApiOperation({
    summary: 'Preview: the due date a rule gives for a trigger date, with its explanation.',
  })
  @ApiQuery({ name: 'triggerDate', required: false, example: '2026-03-21' })
  @ApiQuery({ name: 'serviceMethod', required: false, enum: SERVICE_METHODS })
  @ApiQuery({ name: 'receivedOn', required: false, example: '2026-03-18' })
  @ApiQuery({ name: 'nationality', required: false, example: 'RU' })
  @ApiOkResponse({ type: ComputedDeadlineDto })
  compute(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @UiLang() locale: UiLocale,
  ) {
    const allowed = ['triggerDate', 'serviceMethod', 'receivedOn', 'nationality'];
    for (const key of Object.keys(query))
      if (!allowed.includes(key))
        throw badRequest(`${key}: unknown parameter; allowed: ${allowed.join(', ')}`, 'invalid', {
          field: key,
        });
    for (const field of ['triggerDate', 'receivedOn'] as const)
      if (query[field] !== undefined && !isDateOnly(query[field]))
        throw badRequest(`${field}: must be a date YYYY-MM-DD`, 'query.date', { field });
    const method = query.serviceMethod;
    if (method !== undefined && !(SERVICE_METHODS as readonly unknown[]).includes(method))
      throw badRequest(
        `serviceMethod: must be one of ${SERVICE_METHODS.join(', ')}`,
        'validation.one_of',
        { field: 'serviceMethod' },
      );
    const nationality = query.nationality;
    if (
      nationality !== undefined &&
      !(typeof nationality === 'string' && /^[A-Z]{2}$/.test(nationality))
    )
      throw badRequest('nationality: an ISO 3166-1 alpha-2 code', 'invalid', {
        field: 'nationality',
      });
    return this.deadlines.compute(
      id,
      {
        triggerDate: query.triggerDate as string | undefined,
        serviceMethod: method as ServiceMethod | undefined,
        receivedOn: query.receivedOn as string | undefined,
        nationality: nationality,
      },
      locale,
    );
  }

  @Get('cases/:id/suggested-deadlines')
  @RequirePermission('deadlines.read')
  @AuditedRead('case', 'read the suggested deadlines of a case')
  @ApiOperation({
    summary:
      'The appeal deadlines the case’s decision service date starts, computed, not yet created.',
  })
  @ApiOkResponse({ type: SuggestedDeadlinesDto })
  suggestions(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @UiLang() locale: UiLocale,
  ) {
    return this.deadlines.suggestions(actor, id, locale);
  }

  @Post('cases/:id/suggested-deadlines')
  @RequirePermission('deadlines.write')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create the suggested deadlines (all, or the given rules) in one click.',
  })
  @ApiCreatedResponse({ type: DeadlineListDto })
  createSuggested(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateSuggestedDto,
    @UiLang() locale: UiLocale,
  ) {
    return this.deadlines.createSuggested(actor, id, body.ruleIds, locale);
  }

  @Get('cases/:id/rule-triggers')
  @RequirePermission('deadlines.read')
  @AuditedRead('case', 'read the recorded trigger dates of a case')
  @ApiOperation({
    summary:
      'What “add from a rule” fills in: the dates the case records for trigger events (decision served; the client’s entry or arrival, with the country) and the rules with an open deadline on the case (not to be added twice).',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        triggers: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              event: { type: 'string' },
              date: { type: 'string', format: 'date' },
              source: { type: 'string', enum: [...RULE_TRIGGER_SOURCES] },
              country: { type: 'string', nullable: true },
            },
          },
        },
        openRuleIds: { type: 'array', items: { type: 'string' } },
      },
    },
  })
  ruleTriggers(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.deadlines.ruleTriggers(actor, id);
  }

  @Get('cases/:id/stay-limit')
  @RequirePermission('deadlines.read')
  @AuditedRead('case', 'read the stay limit of a case')
  @ApiOperation({
    summary:
      'The last legal day of the client’s current stay: the earlier of the per-visit cap and the rolling limit (entry = day 1), under the rule for the client’s nationality (else ruleId null).',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        ruleId: { type: 'string', nullable: true },
        lastLegalDay: { type: 'string', format: 'date', nullable: true },
        perVisitLastDay: { type: 'string', format: 'date', nullable: true },
        rollingLastDay: { type: 'string', format: 'date', nullable: true },
        explanation: {
          type: 'object',
          properties: {
            code: { type: 'string', enum: ['stay.limit', 'stay.no_current_stay', 'stay.no_rule'] },
            params: { type: 'object' },
          },
        },
        text: { type: 'string' },
      },
    },
  })
  stayLimit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @UiLang() locale: UiLocale,
  ) {
    return this.deadlines.stayLimit(actor, id, locale);
  }
}
