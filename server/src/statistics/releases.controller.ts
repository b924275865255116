import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { ReleasesService } from './releases.service.js';

export class CreateReleaseDto {
  @ApiProperty({ example: '2026-Q1', description: 'an ended quarter' })
  @IsString()
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'quarter must be a quarter such as 2026-Q1' })
  quarter: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 1000, default: 5 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(1000)
  k?: number;
}

export class StatsReleaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-Q1' }) quarter: string;
  @ApiProperty() k: number;
  @ApiProperty() rows: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class StatsReleaseListDto {
  @ApiProperty({ type: [StatsReleaseDto] }) data: StatsReleaseDto[];
  @ApiProperty() total: number;
}

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats/releases')
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('statistics.read')
  @ApiOperation({
    summary:
      'Publishes the protected microdata of the cases opened in an ended quarter, fixed once made. Admins and analysts only. Audited.',
  })
  @ApiCreatedResponse({ type: StatsReleaseDto })
  @ApiConflictResponse({ description: 'a release of this quarter with this k exists' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateReleaseDto) {
    return this.releases.create(actor, body);
  }

  @Get()
  @RequirePermission('statistics.read')
  @ApiOperation({ summary: 'Every microdata release, newest first.' })
  @ApiOkResponse({ type: StatsReleaseListDto })
  list(@Query() query: Record<string, unknown>) {
    return this.releases.list(query);
  }

  @Get(':id/microdata')
  @RequirePermission('statistics.read')
  @ApiOperation({
    summary: 'A release’s rows; the same bytes on every download. Audited; streamed.',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{"quarter","k","withheld","data":[…]} or CSV' })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.releases.download(actor, id, query, reply);
  }
}
