import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ListQueryDoc } from '../common/list-query.doc.js';
import { UuidParam } from '../common/uuid.pipe.js';
import { CaseDto } from '../cases/case.dto.js';
import { AnonymiseService } from './anonymise.service.js';
import {
  AnonymiseResultDto,
  LegalHoldInputDto,
  PutRetentionPoliciesDto,
  RetentionApplyDto,
  RetentionApplyResultDto,
  RetentionPlanDto,
  RetentionPoliciesDto,
  RetentionRunListDto,
} from './retention.dto.js';
import { RetentionService } from './retention.service.js';

@ApiTags('data protection')
@ApiBearerAuth()
@Controller()
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly anonymiser: AnonymiseService,
  ) {}

  @Put('cases/:id/legal-hold')
  @RequirePermission('cases.hold')
  @ApiOperation({
    summary:
      'Set (or replace) a case’s legal hold {reason, until}: the case stays out of retention and its client cannot be anonymised while it holds. Supervisors of the team and admins.',
  })
  @ApiOkResponse({ type: CaseDto })
  setHold(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: LegalHoldInputDto,
  ) {
    return this.retention.setHold(actor, id, body);
  }

  @Delete('cases/:id/legal-hold')
  @RequirePermission('cases.hold')
  @ApiOperation({ summary: 'Clear a case’s legal hold (none set: the case unchanged).' })
  @ApiOkResponse({ type: CaseDto })
  clearHold(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.retention.clearHold(actor, id);
  }

  @Post('clients/:id/anonymise')
  @HttpCode(200)
  @RequirePermission('clients.anonymise')
  @ApiOperation({
    summary:
      'Erase a client’s personal data (names, contacts, location, papers, dependants, every free text of their cases, note revisions, comments, files); the date of birth keeps its year; what statistics count stays. 409 under a legal hold. Again: 200, nothing changed.',
  })
  @ApiOkResponse({ type: AnonymiseResultDto })
  @ApiConflictResponse({ description: 'a case of the client is under a legal hold' })
  anonymise(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.anonymiser.anonymise(actor, id);
  }

  @Get('retention/policies')
  @RequirePermission('retention.manage')
  @ApiOperation({
    summary:
      'Retention policies: years kept after a case closes, by jurisdiction and case type (null: any); the most specific wins.',
  })
  @ApiOkResponse({ type: RetentionPoliciesDto })
  policies(@CurrentActor() actor: Actor) {
    return this.retention.policies(actor);
  }

  @Put('retention/policies')
  @RequirePermission('retention.manage')
  @ApiOperation({ summary: 'Replace the whole set of retention policies.' })
  @ApiOkResponse({ type: RetentionPoliciesDto })
  putPolicies(@CurrentActor() actor: Actor, @Body() body: PutRetentionPoliciesDto) {
    return this.retention.putPolicies(actor, body.policies);
  }

  @Get('retention/due')
  @RequirePermission('retention.manage')
  @ApiOperation({
    summary:
      'The dry run: closed cases past retention without an active legal hold, with their clients — who would go (every case due) and who stays, and why. Recorded as a run.',
  })
  @ApiOkResponse({ type: RetentionPlanDto })
  due(@CurrentActor() actor: Actor) {
    return this.retention.due(actor);
  }

  @Post('retention/apply')
  @HttpCode(200)
  @RequirePermission('retention.manage')
  @ApiOperation({
    summary:
      'Apply retention to due cases: anonymises the clients the dry run for those ids shows going. 404 for an unknown id; 409 naming ids no longer due (nothing applied).',
  })
  @ApiOkResponse({ type: RetentionApplyResultDto })
  apply(@CurrentActor() actor: Actor, @Body() body: RetentionApplyDto) {
    return this.retention.apply(actor, body.caseIds);
  }

  @Get('retention/runs')
  @RequirePermission('retention.manage')
  @ApiOperation({
    summary: 'The record of retention runs (dry runs and applications): counts and ids.',
  })
  @ListQueryDoc(['mode', 'trigger', 'actorId'])
  @ApiOkResponse({ type: RetentionRunListDto })
  runs(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.retention.runs(actor, query);
  }
}
