import {
  DEADLINE_KINDS,
  DEADLINE_SOURCES,
  DEADLINE_STATUSES,
  PROCEDURE_TRACKS,
  TRIGGER_EVENTS,
  type ComputedDeadlineResponse,
  type DeadlineExplanation,
  type RuleAppliesTo,
  type ServiceExplanation,
  type TriggerEvent,
  type Confidence,
  type DeadlineKind,
  type DeadlineResponse,
  type DeadlineRule,
  type DeadlineRuleResponse,
  type DeadlineSource,
  type DeadlineStatus,
  type Duration,
  type ListResponse,
  type SuggestedDeadlinesResponse,
} from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsDateOnly } from '../common/validators.js';

export class CreateDeadlineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;
  @ApiPropertyOptional({
    enum: DEADLINE_KINDS,
    description: 'required without ruleId; from the rule otherwise',
  })
  @IsOptional()
  @IsIn(DEADLINE_KINDS, { message: `kind must be one of ${DEADLINE_KINDS.join(', ')}` })
  kind?: DeadlineKind;
  @ApiPropertyOptional({ description: 'defaults to the rule’s description' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'by hand: the due date (give this, or ruleId and triggerDate)',
  })
  @IsOptional()
  @IsDateOnly()
  dueOn?: string;
  @ApiPropertyOptional({ example: 'DE.appeal' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}\.[a-z_.]+$/, {
    message: 'ruleId must name a deadline rule such as DE.appeal',
  })
  ruleId?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsDateOnly() triggerDate?: string;
}

export class UpdateDeadlineDto {
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsDateOnly() dueOn?: string;
  @ApiPropertyOptional({ enum: DEADLINE_KINDS })
  @IsOptional()
  @IsIn(DEADLINE_KINDS)
  kind?: DeadlineKind;
  @ApiPropertyOptional({
    enum: DEADLINE_STATUSES,
    description: 'open → done | missed | waived (and back to open to correct a mistake)',
  })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES, { message: `status must be one of ${DEADLINE_STATUSES.join(', ')}` })
  status?: DeadlineStatus;
  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    description:
      'a request that suspends this rule’s period (France: legal aid for the CNDA) was made this day; with resumedOn; null clears',
  })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  suspendedFrom?: string | null;
  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    description: 'the day the period runs again (service of the decision on that request)',
  })
  @IsOptional()
  @IsDateOnly({ notFuture: true })
  resumedOn?: string | null;
}

export class DeadlineDto implements DeadlineResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() caseReference: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: DeadlineKind;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ type: String, nullable: true }) ruleId: string | null;
  @ApiProperty({ type: Number, nullable: true }) ruleVersion: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) triggerDate: string | null;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'how the date was reached: {code, params}, rendered by the client',
  })
  explanation: DeadlineExplanation | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the explanation in the caller’s language',
  })
  text: string | null;
  @ApiProperty({ enum: ['H', 'M', 'L'], nullable: true }) confidence: Confidence | null;
  @ApiProperty({ enum: DEADLINE_SOURCES }) source: DeadlineSource;
  @ApiProperty({ enum: DEADLINE_STATUSES }) status: DeadlineStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) completedById: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class DeadlineListDto implements ListResponse<DeadlineResponse> {
  @ApiProperty({ type: [DeadlineDto] }) data: DeadlineDto[];
  @ApiProperty() total: number;
}

export class DeadlineRuleDto implements DeadlineRuleResponse {
  @ApiProperty({ example: 'DE.appeal' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2, or EU' }) jurisdiction: string;
  @ApiProperty() procedure: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: DeadlineKind;
  @ApiProperty({ enum: TRIGGER_EVENTS }) triggerEvent: TriggerEvent;
  @ApiProperty() trigger: string;
  @ApiProperty({ description: 'e.g. "2 weeks"' }) duration: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { weeks: 2 } })
  period: Duration;
  @ApiProperty({ enum: ['calendar', 'working'] }) dayType: DeadlineRule['dayType'];
  @ApiProperty({ enum: ['next_working_day', 'none'] }) endRule: DeadlineRule['endRule'];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'stay rules: days a visit, entry = day 1',
  })
  perVisitMaxDays: number | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { maxDays: { type: 'number' }, windowDays: { type: 'number' } },
  })
  rolling: { maxDays: number; windowDays: number } | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) fixedDate: string | null;
  @ApiProperty({ type: [Number], nullable: true }) alertDaysBefore: readonly number[] | null;
  @ApiProperty({
    type: 'object',
    properties: {
      nationalities: { type: 'array', items: { type: 'string' } },
      procedureTracks: { type: 'array', items: { type: 'string', enum: [...PROCEDURE_TRACKS] } },
      place: { type: 'string', enum: ['inside', 'outside'] },
    },
  })
  appliesTo: RuleAppliesTo;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveFrom: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveTo: string | null;
  @ApiProperty() description: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty() sourceUrl: string;
  @ApiProperty({ enum: ['H', 'M', 'L'] }) confidence: Confidence;
  @ApiProperty({ format: 'date' }) verifiedOn: string;
}

export class DeadlineRuleListDto implements ListResponse<DeadlineRuleResponse> {
  @ApiProperty({ type: [DeadlineRuleDto] }) data: DeadlineRuleDto[];
  @ApiProperty() total: number;
}

export class ComputedDeadlineDto implements ComputedDeadlineResponse {
  @ApiProperty() ruleId: string;
  @ApiProperty({ description: 'the version in force on the trigger date' }) version: number;
  @ApiProperty({ format: 'date' }) triggerDate: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ type: Object, description: '{code, params}, rendered by the client' })
  explanation: DeadlineExplanation;
  @ApiProperty({ description: 'the explanation in the caller’s language' }) text: string;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'how the trigger date was derived from the decision’s arrival',
  })
  service: ServiceExplanation | null;
  @ApiProperty({ enum: ['H', 'M', 'L'] }) confidence: Confidence;
}

export class SuggestedDeadlinesDto implements SuggestedDeadlinesResponse {
  @ApiProperty({ type: [ComputedDeadlineDto] }) data: ComputedDeadlineDto[];
  @ApiProperty({
    type: Object,
    nullable: true,
    description:
      'when the procedure track is unknown and decides the period: the tracks to choose from',
  })
  question: SuggestedDeadlinesResponse['question'];
}
