import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';

export class SaveIntakeDraftDto {
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
