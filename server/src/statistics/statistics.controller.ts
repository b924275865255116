import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { STAT_DIMENSIONS } from '@haven/shared';
import type { Response } from 'express';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermission } from '../common/decorators.js';
import { parseAggregateQuery, StatisticsService } from './statistics.service.js';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('aggregate')
  @RequirePermission('statistics.read')
  @ApiOperation({
    summary:
      'Anonymised counts by 1–3 dimensions with totals and margins (rows whose other dimensions are null), perturbed by the cell-key method ' +
      '(the same cell, the same number, in every query). No shown cell below k; secondary suppression so that no hidden cell follows from a ' +
      'shown total by one subtraction; optional rounding; a recognition rate only where both counts it rests on are shown. Audited.',
  })
  @ApiQuery({
    name: 'dimensions',
    required: true,
    description: `comma-separated: ${STAT_DIMENSIONS.join(', ')}`,
  })
  @ApiQuery({ name: 'from', required: false, description: 'first month, inclusive (YYYY-MM)' })
  @ApiQuery({ name: 'to', required: false, description: 'last month, inclusive (YYYY-MM)' })
  @ApiQuery({ name: 'unit', required: false, enum: ['cases', 'persons'] })
  @ApiQuery({
    name: 'periodBy',
    required: false,
    enum: ['opened', 'decided'],
    description: 'the month a case opened (default) or its decision was served',
  })
  @ApiQuery({ name: 'k', required: false, type: Number, description: 'at least 5; default 5' })
  @ApiQuery({
    name: 'round',
    required: false,
    type: Number,
    description: 'round shown counts to this base',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      '{"data":[{<dimensions>, "count", "suppressed", "recognised", "rejected", "recognitionRate"}], "k", "round", "method", "unit", "periodBy", "from", "to", "noise", "computedAt" (every change committed before it is counted)} or CSV',
  })
  async aggregate(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const parsed = parseAggregateQuery(query);
    const result = await this.statistics.aggregate(actor, parsed);
    response.setHeader('Cache-Control', 'no-store');
    if (parsed.format === 'csv') {
      response.type('text/csv; charset=utf-8');
      response.setHeader(
        'Content-Disposition',
        `attachment; filename="haven-statistics-${parsed.dimensions.join('-')}.csv"`,
      );
      return this.statistics.aggregateCsv(parsed.dimensions, result.rows);
    }
    const { rows: _rows, ...body } = result;
    return body;
  }

  @Get('microdata')
  @RequirePermission('statistics.read')
  @ApiOperation({
    summary:
      'One row per case, no direct identifier, k-anonymous over the quasi-identifiers; withheld says how many rows were left out. Audited; streamed.',
  })
  @ApiQuery({ name: 'k', required: false, type: Number })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{"k","period","withheld","data":[…]} or CSV' })
  async microdata(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    await this.statistics.microdata(actor, query, response);
  }
}
