import {
  EVIDENCE_KINDS,
  GROUNDS,
  NOTE_STATUSES,
  STRENGTHS,
  type EvidenceKind,
  type Ground,
  type NoteStatus,
  type Strength,
} from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LANGUAGE } from '../common/validators.js';

export class EvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS, { message: `kind must be one of ${EVIDENCE_KINDS.join(', ')}` })
  kind: EvidenceKind;
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'description is required' })
  @MaxLength(2000)
  description: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reference: string | null = null;
  @ApiPropertyOptional({ default: false, description: 'an original, not a copy' })
  @IsOptional()
  @IsBoolean()
  original: boolean = false;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'ru' })
  @IsOptional()
  @Matches(LANGUAGE, { message: 'language must be an ISO 639-1 code' })
  language: string | null = null;
  @ApiPropertyOptional({ default: false, description: 'a translation exists' })
  @IsOptional()
  @IsBoolean()
  translated: boolean = false;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'a document of the same case this item is',
  })
  @IsOptional()
  @IsUUID('all', { message: 'documentId must be a UUID' })
  documentId?: string | null;
}

const groundMessage = { message: `ground must be one of ${GROUNDS.join(', ')}` };

export class CreateNoteDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;
  @ApiProperty({ enum: GROUNDS }) @IsIn(GROUNDS, groundMessage) ground: Ground;
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'title is required' })
  @MaxLength(200)
  title: string;
  @ApiProperty({ description: 'Markdown; encrypted at rest' })
  @IsString()
  @MaxLength(200_000)
  body: string;
  @ApiPropertyOptional({ type: [EvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];
  @ApiPropertyOptional({ enum: STRENGTHS }) @IsOptional() @IsIn(STRENGTHS) strength?: Strength;
  @ApiPropertyOptional({
    default: false,
    description:
      'the case does not have this ground yet: add it to the case’s grounds (otherwise a 409 note.ground_not_on_case)',
  })
  @IsOptional()
  @IsBoolean()
  addGroundToCase?: boolean;
}

export class UpdateNoteDto {
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;
  @ApiPropertyOptional({ enum: GROUNDS })
  @IsOptional()
  @IsIn(GROUNDS, groundMessage)
  ground?: Ground;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'title is required' })
  @MaxLength(200)
  title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200_000) body?: string;
  @ApiPropertyOptional({ type: [EvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];
  @ApiPropertyOptional({ enum: STRENGTHS }) @IsOptional() @IsIn(STRENGTHS) strength?: Strength;
  @ApiPropertyOptional({
    enum: NOTE_STATUSES,
    description: 'withdraw a note (it stays in the history); never deleted',
  })
  @IsOptional()
  @IsIn(NOTE_STATUSES)
  status?: NoteStatus;
  @ApiPropertyOptional({
    default: false,
    description:
      'the case does not have this ground yet: add it to the case’s grounds (otherwise a 409 note.ground_not_on_case)',
  })
  @IsOptional()
  @IsBoolean()
  addGroundToCase?: boolean;
}

export class CreateCommentDto {
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'body is required' })
  @MaxLength(10_000)
  body: string;
}

export class NoteListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: GROUNDS }) ground: Ground;
  @ApiProperty() title: string;
  @ApiProperty({ enum: STRENGTHS }) strength: Strength;
  @ApiProperty({ enum: NOTE_STATUSES }) status: NoteStatus;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() evidenceCount: number;
  @ApiProperty() commentCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}
export class NoteListDto {
  @ApiProperty({ type: [NoteListItemDto] }) data: NoteListItemDto[];
  @ApiProperty() total: number;
}
export class NoteDto extends NoteListItemDto {
  @ApiProperty() body: string;
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
}
export class NoteRevisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) noteId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: GROUNDS }) ground: Ground;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
  @ApiProperty({ enum: STRENGTHS }) strength: Strength;
  @ApiProperty({ enum: NOTE_STATUSES }) status: NoteStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) editedById: string | null;
  @ApiProperty({ format: 'date-time' }) editedAt: string;
}
export class NoteRevisionListDto {
  @ApiProperty({ type: [NoteRevisionDto] }) data: NoteRevisionDto[];
  @ApiProperty() total: number;
}
export class NoteCommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) noteId: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
export class NoteCommentListDto {
  @ApiProperty({ type: [NoteCommentDto] }) data: NoteCommentDto[];
  @ApiProperty() total: number;
}
