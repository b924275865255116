import { AUDIT_ACTIONS } from '@haven/shared';
import { ApiProperty } from '@nestjs/swagger';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: String }) entityType: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty() summary: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) details: Record<string, unknown> | null;
}

export class AuditEventListDto {
  @ApiProperty({ type: [AuditEventDto] }) data: AuditEventDto[];
  @ApiProperty() total: number;
}

/** An event of a case's history tab, as the caller may see it (shared CaseHistoryEvent). */
export class CaseHistoryEventDto extends AuditEventDto {
  @ApiProperty({ description: 'Done by a member of another team, whom the caller is not shown (actorId is then null).' }) actorElsewhere: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The reason given for a stage change, decrypted.' }) stageReason: string | null;
}

export class CaseHistoryListDto {
  @ApiProperty({ type: [CaseHistoryEventDto] }) data: CaseHistoryEventDto[];
  @ApiProperty() total: number;
}

class BrokenLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ['hash_mismatch', 'broken_link'] }) reason: string;
}

export class AuditVerifyDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checked: number;
  @ApiProperty({ type: BrokenLinkDto, nullable: true }) firstBroken: BrokenLinkDto | null;
}
