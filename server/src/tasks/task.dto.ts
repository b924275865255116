import {
  PRIORITIES,
  TASK_KINDS,
  TASK_STATUSES,
  type Priority,
  type TaskKind,
  type TaskStatus,
} from '@haven/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsDateOnly } from '../common/validators.js';

export class CreateTaskDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the case it belongs to; the case’s access rules then apply',
  })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'title is required' })
  @MaxLength(200)
  title: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;
  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES, { message: `priority must be one of ${PRIORITIES.join(', ')}` })
  priority?: Priority;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly()
  dueOn?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null: the team’s queue' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'admins without a case only' })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;
}

export class UpdateTaskDto {
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'title is required' })
  @MaxLength(200)
  title?: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;
  @ApiPropertyOptional({ enum: PRIORITIES }) @IsOptional() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateOnly()
  dueOn?: string | null;
}

export class AssignTaskDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId: string;
}

export class ReturnTaskDto {
  @ApiProperty({ description: 'what to change, for the assignee' })
  @IsString()
  @MinLength(1, { message: 'comment is required' })
  @MaxLength(2000)
  comment: string;
}

export class RequestNoteReviewDto {
  @ApiProperty({ format: 'uuid', description: 'the note to review' })
  @IsUUID('all', { message: 'noteId must be a UUID' })
  noteId: string;
}

class NoteReviewTextDto {
  @ApiProperty() version: number;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
}

class TaskNoteReviewDto {
  @ApiProperty({ format: 'uuid' }) noteId: string;
  @ApiProperty({ type: Number, nullable: true }) submittedVersion: number | null;
  @ApiProperty({ type: NoteReviewTextDto }) current: NoteReviewTextDto;
  @ApiProperty({ type: NoteReviewTextDto, nullable: true }) lastApproved: NoteReviewTextDto | null;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId: string | null;
  @ApiProperty({ type: String, nullable: true }) caseReference: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeId: string | null;
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueOn: string | null;
  @ApiProperty() system: boolean;
  @ApiProperty({ type: String, nullable: true }) reviewComment: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdById: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: TASK_KINDS }) kind: TaskKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) noteId: string | null;
  @ApiProperty({ type: TaskNoteReviewDto, nullable: true }) noteReview: TaskNoteReviewDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) approvedById: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  undoApproveUntil: string | null;
}

export class TaskListDto {
  @ApiProperty({ type: [TaskDto] }) data: TaskDto[];
  @ApiProperty() total: number;
}
