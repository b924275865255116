import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DATA_REQUEST_NOTE_MAX,
  DATA_REQUEST_STATUSES,
  DATA_REQUEST_TYPES,
  type DataRequestStatus,
  type DataRequestType,
} from '@haven/shared';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { IsDateOnly } from '../common/validators.js';

export class CreateDataRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId: string;
  @ApiProperty({ enum: DATA_REQUEST_TYPES })
  @IsIn(DATA_REQUEST_TYPES)
  type: DataRequestType;
  @ApiProperty({
    format: 'date',
    description:
      'the day the request was received (not in the future); due one calendar month later',
  })
  @IsDateOnly({ notFuture: true })
  receivedOn: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: DATA_REQUEST_NOTE_MAX,
    description: 'kept encrypted; never in the audit trail',
  })
  @IsOptional()
  @IsString()
  @MaxLength(DATA_REQUEST_NOTE_MAX)
  note?: string | null;
}

export class UpdateDataRequestDto {
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;
  @ApiPropertyOptional({
    enum: DATA_REQUEST_STATUSES,
    description: 'open → done or refused (closes the request); a closed request keeps its status',
  })
  @IsOptional()
  @IsIn(DATA_REQUEST_STATUSES)
  status?: DataRequestStatus;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DATA_REQUEST_NOTE_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(DATA_REQUEST_NOTE_MAX)
  note?: string | null;
}

export class DataRequestListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clientId: string;
  @ApiProperty() clientReference: string;
  @ApiProperty({ enum: DATA_REQUEST_TYPES }) type: DataRequestType;
  @ApiProperty({ enum: DATA_REQUEST_STATUSES }) status: DataRequestStatus;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ format: 'date', description: 'one calendar month after receipt' }) dueOn: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) closedById: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdById: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}
export class DataRequestListDto {
  @ApiProperty({ type: [DataRequestListItemDto] }) data: DataRequestListItemDto[];
  @ApiProperty() total: number;
}
export class DataRequestDto extends DataRequestListItemDto {
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}
