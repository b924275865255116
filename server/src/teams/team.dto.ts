import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

export class TeamDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'GE' }) country: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class TeamListDto {
  @ApiProperty({ type: [TeamDto] }) data: TeamDto[];
  @ApiProperty() total: number;
}

const COUNTRY = /^[A-Z]{2}$/;
const COUNTRY_MESSAGE = 'country must be an ISO 3166-1 alpha-2 code such as GE';

export class CreateTeamDto {
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'name is required' })
  @MaxLength(120)
  name: string;

  @ApiProperty({ example: 'GE' })
  @IsString()
  @Matches(COUNTRY, { message: COUNTRY_MESSAGE })
  country: string;
}

export class UpdateTeamDto {
  @ApiProperty({ description: 'the version last read; a stale one is a 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'name is required' })
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ example: 'GE' })
  @IsOptional()
  @IsString()
  @Matches(COUNTRY, { message: COUNTRY_MESSAGE })
  country?: string;
}
