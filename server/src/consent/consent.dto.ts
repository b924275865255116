import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONSENT_ACTIONS,
  CONSENT_BASES,
  CONSENT_NOTE_MAX,
  CONSENT_SCOPES,
  type ConsentAction,
  type ConsentBasis,
  type ConsentScope,
} from '@haven/shared';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsDateOnly, LANGUAGE } from '../common/validators.js';

export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_SCOPES })
  @IsIn(CONSENT_SCOPES)
  scope: ConsentScope;
  @ApiProperty({ enum: CONSENT_ACTIONS })
  @IsIn(CONSENT_ACTIONS)
  action: ConsentAction;
  @ApiProperty({
    format: 'date',
    description: 'the day it was given or withdrawn; not in the future',
  })
  @IsDateOnly({ notFuture: true })
  on: string;
  @ApiPropertyOptional({
    example: 'ru',
    description: 'ISO 639-1: the language it was explained in; by default that of the consent now',
  })
  @IsOptional()
  @IsString()
  @Matches(LANGUAGE, { message: 'language must be an ISO 639-1 code' })
  language?: string;
  @ApiPropertyOptional({
    enum: CONSENT_BASES,
    description:
      'the legal basis; by default the scope’s (explicit consent for special categories)',
  })
  @IsOptional()
  @IsIn(CONSENT_BASES)
  basis?: ConsentBasis;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: CONSENT_NOTE_MAX,
    description: 'kept encrypted; never in the audit trail',
  })
  @IsOptional()
  @IsString()
  @MaxLength(CONSENT_NOTE_MAX)
  note?: string | null;
}

export class ConsentEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty({ enum: CONSENT_SCOPES }) scope: ConsentScope;
  @ApiProperty({ enum: CONSENT_ACTIONS }) action: ConsentAction;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({ enum: CONSENT_BASES }) basis: ConsentBasis;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recordedById: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ConsentScopeStateDto {
  @ApiProperty({ enum: CONSENT_SCOPES }) scope: ConsentScope;
  @ApiProperty({ enum: [...CONSENT_ACTIONS, 'never'] }) status: ConsentAction | 'never';
  @ApiProperty({ type: String, format: 'date', nullable: true }) since: string | null;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({ enum: CONSENT_BASES, nullable: true }) basis: ConsentBasis | null;
}

export class ConsentHistoryDto {
  @ApiProperty({ type: [ConsentEventDto], description: 'newest first' }) data: ConsentEventDto[];
  @ApiProperty({ type: [ConsentScopeStateDto] }) current: ConsentScopeStateDto[];
}

export class RecordConsentResultDto {
  @ApiProperty({ type: ConsentEventDto }) event: ConsentEventDto;
  @ApiProperty({ type: [ConsentScopeStateDto] }) current: ConsentScopeStateDto[];
}
