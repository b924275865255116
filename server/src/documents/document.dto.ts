import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DOCUMENT_KINDS,
  DOCUMENT_MIME_TYPES,
  DOCUMENT_STATUSES,
  type DocumentKind,
  type DocumentStatus,
} from '@haven/shared';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** ISO 639-1 (or -2), with an optional region or script: `ru`, `ti`, `pt-BR`. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$/;
export const TITLE_MAX = 200;

export class UpdateDocumentDto {
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;
  @ApiPropertyOptional({ maxLength: TITLE_MAX })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'title is required' })
  @MaxLength(TITLE_MAX)
  title?: string;
  @ApiPropertyOptional({ enum: DOCUMENT_KINDS })
  @IsOptional()
  @IsIn(DOCUMENT_KINDS)
  kind?: DocumentKind;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'ru' })
  @IsOptional()
  @IsString()
  @Matches(LANGUAGE_TAG, { message: 'language must be a language code such as ru, ti or de' })
  language?: string | null;
}

export class WithdrawDocumentDto {
  @ApiProperty({ description: 'why (kept encrypted; never in the audit trail)' })
  @IsString()
  @MinLength(1, { message: 'reason is required' })
  @MaxLength(2_000)
  reason: string;
}

export class DocumentListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DOCUMENT_MIME_TYPES }) mime: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'sha256 of the content, hex' }) sha256: string;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({ format: 'uuid' }) uploadedById: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ enum: DOCUMENT_STATUSES }) status: DocumentStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) withdrawnById: string | null;
  @ApiProperty() version: number;
}
export class DocumentListDto {
  @ApiProperty({ type: [DocumentListItemDto] }) data: DocumentListItemDto[];
  @ApiProperty() total: number;
}
export class DocumentDto extends DocumentListItemDto {
  @ApiProperty({ type: String, nullable: true }) withdrawnReason: string | null;
}
