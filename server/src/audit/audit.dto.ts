import { AUDIT_ACTIONS, AUDIT_PROBLEM_REASONS } from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsISO8601,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    description: 'the event’s seq; for missing ranges and checkpoints, a chain position',
  })
  seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: String }) entityType: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty() summary: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) details: Record<
    string,
    unknown
  > | null;
}

export class AuditEventListDto {
  @ApiProperty({ type: [AuditEventDto] }) data: AuditEventDto[];
  @ApiProperty() total: number;
}

/** An event of a case's history tab, as the caller may see it (shared CaseHistoryEvent). */
export class CaseHistoryEventDto extends AuditEventDto {
  @ApiProperty({
    description:
      'Done by a member of another team, whom the caller is not shown (actorId is then null).',
  })
  actorElsewhere: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The reason given for a stage change, decrypted.',
  })
  stageReason: string | null;
}

export class CaseHistoryListDto {
  @ApiProperty({ type: [CaseHistoryEventDto] }) data: CaseHistoryEventDto[];
  @ApiProperty() total: number;
}

class AuditProblemDto {
  @ApiProperty({ enum: AUDIT_PROBLEM_REASONS }) reason: string;
  @ApiProperty({
    description: 'the event’s seq; for missing ranges and checkpoints, a chain position',
  })
  seq: number;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null for missing events',
  })
  id: string | null;
  @ApiPropertyOptional({ description: 'missing ranges: the last missing chain position' })
  throughSeq?: number;
}

export class AuditVerifyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checked: number;
  @ApiProperty({
    type: [AuditProblemDto],
    description: 'everything found, in seq order (at most 100)',
  })
  problems: AuditProblemDto[];
  @ApiProperty({ type: AuditProblemDto, nullable: true }) firstBroken: AuditProblemDto | null;
}

export class AuditCheckpointDto {
  @ApiProperty({
    description:
      'the chain position of the last sealed event (its seq before chain version 3; 0: an empty trail)',
  })
  @IsInt({ message: 'checkpoint.seq must be a whole number' })
  @Min(0, { message: 'checkpoint.seq must be a whole number' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'checkpoint.seq is too large' })
  seq: number;

  @ApiProperty({ description: 'that event’s hash, 64 hex digits' })
  @IsString({ message: 'checkpoint.hash must be 64 hex digits' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'checkpoint.hash must be 64 hex digits' })
  hash: string;

  @ApiProperty({ format: 'date-time', description: 'when the checkpoint was taken' })
  @IsString({ message: 'checkpoint.at must be an ISO 8601 instant' })
  @IsISO8601({ strict: true }, { message: 'checkpoint.at must be an ISO 8601 instant' })
  at: string;

  @ApiProperty({ description: 'Ed25519 over `seq|hash|at`, base64url' })
  @IsString({ message: 'checkpoint.signature must be base64url' })
  @Matches(/^[A-Za-z0-9_-]{86}$/, {
    message: 'checkpoint.signature must be a base64url Ed25519 signature',
  })
  signature: string;
}

export class AuditVerifyRequestDto {
  @ApiProperty({
    type: AuditCheckpointDto,
    description: 'a checkpoint from GET /api/audit-events/checkpoint',
  })
  @IsDefined({ message: 'checkpoint is required' })
  @ValidateNested()
  @Type(() => AuditCheckpointDto)
  checkpoint: AuditCheckpointDto;
}
