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
import type { FastifyReply } from 'fastify';
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
  @ApiQuery({
    name: 'dryRun',
    required: false,
    enum: ['1', '0'],
    description:
      '1: no counts — only the cells the table has, how many are shown and hidden, whether every one would be hidden (withholdsEverything) and coarser choices that would show some (suggestions). Audited as a read.',
  })
  @ApiQuery({
    name: 'lang',
    required: false,
    enum: ['en', 'ru'],
    description: "the language of a CSV's label columns; default: the user's",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      '{"data":[{<dimensions>, "count", "suppressed", "recognised", "rejected", "recognitionRate"}], "k", "round", "method", "unit", "periodBy", "from", "to", "noise", "computedAt" (every change committed before it is counted), "withholdsEverything", "suggestions"}; ' +
      'or CSV: per dimension its code and a `<dimension>_label` column in `lang`, "Total" on totals and margins, then count, suppressed, recognised, rejected, recognitionRate, computedAt; ' +
      'or, with dryRun=1, {"dryRun":true,"dimensions","k","cells","shownCells","hiddenCells","withholdsEverything","suggestions","computedAt"}',
  })
  async aggregate(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const parsed = parseAggregateQuery(query);
    void reply.header('Cache-Control', 'no-store');
    if (parsed.dryRun) return this.statistics.preview(actor, parsed);
    const result = await this.statistics.aggregate(actor, parsed);
    if (parsed.format === 'csv') {
      const lang = parsed.lang ?? (await this.statistics.languageOf(actor));
      // When the counts were computed, in the name too: 20261207T1236Z.
      const stamp = result.computedAt.replace(/[-:]/g, '').slice(0, 13) + 'Z';
      const csv = this.statistics.aggregateCsv(parsed.dimensions, result.rows, {
        lang,
        computedAt: result.computedAt,
      });
      // Set last: an error before here is answered as JSON, with no attachment header left over.
      void reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="haven-statistics-${parsed.dimensions.join('-')}-${stamp}.csv"`,
        );
      return csv;
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
  @ApiQuery({
    name: 'lang',
    required: false,
    enum: ['en', 'ru'],
    description:
      "a CSV's label columns (sex_label, nationality_label, …); default the reader's language",
  })
  @ApiQuery({
    name: 'dryRun',
    required: false,
    enum: ['1', '0'],
    description:
      '1: no rows — how many the export would publish and withhold, whether it would withhold every one, and coarser choices. Audited as a read.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      '{"k","period","withheld","data":[…]} or CSV; with dryRun=1 {"dryRun":true,"k","period","total","rows","withheld","withholdsEverything","suggestions","computedAt"}',
  })
  async microdata(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.statistics.microdata(actor, query, reply);
  }
}
