import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_TYPES,
  RETENTION_CASE_STATES,
  RETENTION_RUN_MODES,
  RETENTION_RUN_TRIGGERS,
  type CaseType,
} from '@haven/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { COUNTRY, IsDateOnly } from '../common/validators.js';

export const LEGAL_HOLD_REASON_MAX = 2_000;

export class LegalHoldInputDto {
  @ApiProperty({
    maxLength: LEGAL_HOLD_REASON_MAX,
    description: 'why the case is held (kept encrypted; never in the audit trail)',
  })
  @IsString()
  @MinLength(1, { message: 'reason is required' })
  @MaxLength(LEGAL_HOLD_REASON_MAX)
  reason: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'the last day the hold applies; null or absent: until cleared',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsDateOnly()
  until?: string | null;
}

export class LegalHoldDto {
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) until: string | null;
  @ApiProperty({ format: 'date-time' }) setAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) setById: string | null;
  @ApiProperty({ description: 'false once `until` has passed' }) active: boolean;
}

export class RetentionPolicyDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'DE',
    description: 'ISO 3166-1 alpha-2; null: any jurisdiction',
  })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(COUNTRY, { message: 'jurisdiction must be an ISO 3166-1 alpha-2 code such as DE' })
  jurisdiction: string | null;

  @ApiProperty({ enum: CASE_TYPES, nullable: true, description: 'null: any case type' })
  @ValidateIf((_, value) => value !== null)
  @IsIn(CASE_TYPES)
  caseType: CaseType | null;

  @ApiProperty({ minimum: 1, maximum: 100, description: 'whole years after the case closed' })
  @IsInt({ message: 'years must be a whole number of years' })
  @Min(1)
  @Max(100)
  years: number;

  @ApiPropertyOptional({
    default: false,
    description: 'counted from the end of the calendar year the case closed in',
  })
  @IsOptional()
  @IsBoolean()
  fromYearEnd?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(300)
  legalBasis?: string | null;
}

export class PutRetentionPoliciesDto {
  @ApiProperty({
    type: [RetentionPolicyDto],
    description: 'the whole set (replaces the current one)',
  })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RetentionPolicyDto)
  policies: RetentionPolicyDto[];
}

export class RetentionPoliciesDto {
  @ApiProperty({ type: [RetentionPolicyDto] }) data: RetentionPolicyDto[];
}

export class RetentionApplyDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'cases of the dry run to apply' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'caseIds must be UUIDs' })
  caseIds: string[];
}

export class RetentionCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() jurisdiction: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) retainedUntil: string | null;
  @ApiProperty({ enum: RETENTION_CASE_STATES }) state: string;
}

export class RetentionClientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() goes: boolean;
  @ApiProperty({ type: [RetentionCaseDto] }) cases: RetentionCaseDto[];
}

class RetentionCountsDto {
  @ApiProperty() cases: number;
  @ApiProperty() clients: number;
  @ApiProperty() staying: number;
  @ApiProperty() held: number;
}

export class RetentionPlanDto {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: [RetentionClientDto] }) going: RetentionClientDto[];
  @ApiProperty({ type: [RetentionClientDto] }) staying: RetentionClientDto[];
  @ApiProperty({ type: [RetentionCaseDto] }) held: RetentionCaseDto[];
  @ApiProperty({ type: RetentionCountsDto }) counts: RetentionCountsDto;
}

export class RetentionApplyResultDto extends RetentionPlanDto {
  @ApiProperty({ format: 'uuid' }) runId: string;
}

export class RetentionRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ enum: RETENTION_RUN_MODES }) mode: string;
  @ApiProperty({ enum: RETENTION_RUN_TRIGGERS }) trigger: string;
  @ApiProperty() caseCount: number;
  @ApiProperty() clientCount: number;
  @ApiProperty() stayingCount: number;
  @ApiProperty() heldCount: number;
  @ApiProperty({ type: [String] }) caseIds: string[];
  @ApiProperty({ type: [String] }) clientIds: string[];
}

export class RetentionRunListDto {
  @ApiProperty({ type: [RetentionRunDto] }) data: RetentionRunDto[];
  @ApiProperty() total: number;
}

export class AnonymiseResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) anonymisedAt: string;
  @ApiProperty({ description: 'false when the client was anonymised already' }) changed: boolean;
}
