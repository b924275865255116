import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SaveIntakeDraftRequest } from '@haven/shared';
import { IsInt, IsObject, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class SaveIntakeDraftDto implements SaveIntakeDraftRequest {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the wizard’s state, as the client keeps it (opaque to the server); stored encrypted, at most 256 KiB of JSON',
  })
  @IsObject({ message: 'payload must be an object' })
  payload: Record<string, unknown>;

  @ApiProperty({ description: 'the wizard step the user is on', minimum: 0, maximum: 20 })
  @IsInt()
  @Min(0)
  @Max(20)
  step: number;

  @ApiPropertyOptional({
    description:
      'the version last read or saved; omitted for a new draft. A draft saved elsewhere since (another tab), or gone, is a 409',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description:
      'the returning client the draft opens a new case for (one the caller may see, else 404); erasing the client deletes the draft',
  })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string | null;
}

export class IntakeDraftSavedDto {
  @ApiProperty() step: number;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class IntakeDraftDto extends IntakeDraftSavedDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
}
